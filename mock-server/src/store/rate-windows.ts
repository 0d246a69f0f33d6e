import type { RateDecision } from './repositories.js';

/*
 * Fixed-window request counts in one process's memory (the memory and JSON engines, and the
 * default limiter of an app): the window starts at a key's first hit and holds `limit` hits; a
 * refused hit is told when it ends. Bounded: beyond MAX_KEYS the oldest windows are forgotten.
 */

/** Keys kept at most (oldest windows forgotten first), so a flood of new keys cannot fill memory. */
const MAX_KEYS = 50_000;

export class MemoryRateWindows {
  readonly #windows = new Map<string, { start: number; count: number }>();

  hit(key: string, limit: number, windowMs: number, at: Date): RateDecision {
    const now = at.getTime();
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
