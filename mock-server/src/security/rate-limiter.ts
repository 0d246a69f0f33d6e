import type { Clock } from '../clock.js';

/*
 * Request limits on the endpoints anyone can call (security/limits.ts uses this). The interface is
 * deliberately narrow — one call that counts a hit and answers — so another engine (a table in
 * PostgreSQL, shared by every server instance) can take the place of the memory one.
 *
 * Counting is a fixed window per key: the window starts at the first hit, holds `limit` hits,
 * and a refused hit is told when the window ends. Keys are opaque (limits.ts hashes them, so no
 * engine ever stores an address or a contract number).
 */

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the key's window ends (for `Retry-After`); 0 when allowed. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit on `key` and says whether it is within `limit` hits per `windowMs`. */
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
}

/** Keys kept at most (oldest windows forgotten first), so a flood of new keys cannot fill memory. */
const MAX_KEYS = 50_000;

/** One process's limits, in memory (the embedded default). */
export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly clock: Clock) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = this.clock.now().getTime();
    let w = this.#windows.get(key);
    if (!w || now - w.start >= windowMs) {
      this.#windows.delete(key);
      if (this.#windows.size >= MAX_KEYS) this.#forgetOldest(now, windowMs);
      w = { start: now, count: 0 };
      this.#windows.set(key, w);
    }
    w.count += 1;
    if (w.count <= limit) return { allowed: true, retryAfterSeconds: 0 };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) };
  }

  #forgetOldest(now: number, windowMs: number): void {
    for (const [k, w] of this.#windows) {
      if (now - w.start >= windowMs || this.#windows.size >= MAX_KEYS) this.#windows.delete(k);
      else break;
    }
  }
}
