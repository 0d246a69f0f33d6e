import type { ThrottlePolicy } from './repositories.js';

/*
 * The failed-login counting rule (R-LOGIN), the same for every engine: applied to a copy of the
 * key's record (memory and JSON) or to its locked row (PostgreSQL).
 */

export interface FailureState {
  count: number;
  since: string | null;
  lockedUntil: string | null;
}

/** Seconds until the key may try again, or null when it is not locked. */
export function lockedFor(s: FailureState, now: Date): number | null {
  if (!s.lockedUntil) return null;
  const ms = new Date(s.lockedUntil).getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : null;
}

/** Count one failure now: a new window when the old one is over (or its lock ended); lock at the max. */
export function countFailure(s: FailureState, now: Date, policy: ThrottlePolicy): void {
  const windowStart = s.since ? new Date(s.since).getTime() : null;
  const lockOver = s.lockedUntil !== null && new Date(s.lockedUntil) <= now;
  if (windowStart === null || now.getTime() - windowStart > policy.windowMs || lockOver) {
    s.count = 0;
    s.since = now.toISOString();
    s.lockedUntil = null;
  }
  s.count += 1;
  if (s.count >= policy.maxFailures && s.lockedUntil === null) s.lockedUntil = new Date(now.getTime() + policy.lockMs).toISOString();
}

/**
 * When the record stops mattering (ms): after it, neither its window nor its lock can change an
 * answer, and it is as if it were not there. -Infinity for a record that counts nothing.
 */
export function forgetAfter(s: FailureState, policy: ThrottlePolicy): number {
  if (s.count <= 0 && s.lockedUntil === null) return -Infinity;
  const windowEnd = s.since ? new Date(s.since).getTime() + policy.windowMs : -Infinity;
  const lockEnd = s.lockedUntil ? new Date(s.lockedUntil).getTime() : -Infinity;
  return Math.max(windowEnd, lockEnd);
}
