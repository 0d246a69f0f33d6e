import type { Clock } from '../clock.js';
import type { RateDecision, RateWindowRepository } from '../store/repositories.js';
import { MemoryRateWindows } from '../store/rate-windows.js';

/*
 * Request limits on the endpoints anyone can call (security/limits.ts uses this). The interface is
 * deliberately narrow — one call that counts a hit and answers: in memory for the JSON engine (one
 * process), in the store for PostgreSQL (a row per key and window, shared by every instance).
 *
 * Counting is a fixed window per key: the window starts at the first hit, holds `limit` hits,
 * and a refused hit is told when the window ends. Keys are opaque (limits.ts hashes them, so no
 * engine ever stores an address or a contract number).
 */

export type { RateDecision };

export interface RateLimiter {
  /** Counts one hit on `key` and says whether it is within `limit` hits per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
}

/** One process's limits, in memory (the embedded default: the JSON engine serves one process). */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new MemoryRateWindows();

  constructor(private readonly clock: Clock) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.#windows.hit(key, limit, windowMs, this.clock.now());
  }
}

/**
 * Limits kept by the store (`rateWindows`): with PostgreSQL, one count per key and window for
 * every server instance on the database, so two instances do not each allow the full quota.
 */
export class StoreRateLimiter implements RateLimiter {
  constructor(
    private readonly windows: RateWindowRepository,
    private readonly clock: Clock,
  ) {}

  hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.windows.hit(key, limit, windowMs, this.clock.now());
  }
}
