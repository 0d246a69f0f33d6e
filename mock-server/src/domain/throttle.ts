import type { Clock } from '../clock.js';
import type { LoginAttempt, Repositories, ThrottlePolicy } from '../store/repositories.js';
import { ApiError } from '../errors.js';

/*
 * Failed-login throttle per access ID (decision documented in docs/server.md): 5 failures within
 * 15 minutes lock the access ID for 15 minutes, counted from the 5th failure. While locked, login
 * (and registration completion) answers LOGIN_THROTTLED (429, Retry-After), even with the right
 * password — otherwise the lock would not stop guessing. A challenge voided by 5 wrong OTPs counts
 * as one failure; a completed login (right OTP) resets the count.
 *
 * An attempt is reserved — counted as a failure — BEFORE the password hash is checked, in one
 * store operation, and refunded when the password was right: 20 wrong passwords sent at once are
 * checked at most 5 times. Unknown access IDs are counted the same way, in the same store records
 * by the same writes (store/repositories.ts), so neither the throttle nor its timing reveals which
 * IDs exist.
 */

/**
 * At most 10,000 records of access IDs that name no account (about 1 MB in the JSON engine's 64
 * `login-failures/` files): with the per-client login limit (100 per 15 minutes) filling it takes
 * 100 clients for 15 minutes, and from then on each new made-up ID forgets the oldest one.
 */
export const THROTTLE: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxUnknownKeys: 10_000 };

export class LoginThrottle {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  /** Count an attempt now, or throw LOGIN_THROTTLED (429) while the access ID is locked. */
  async reserve(accessId: string): Promise<LoginAttempt> {
    const r = await this.repos.loginAttempts.reserve(accessId, this.clock.now(), THROTTLE);
    if (!r.ok) throw new ApiError('LOGIN_THROTTLED', { retryAfter: r.retryAfterSeconds });
    return r.attempt;
  }

  /** The reserved attempt was not a failure (right password). */
  async refund(attempt: LoginAttempt): Promise<void> {
    await this.repos.loginAttempts.refund(attempt, this.clock.now(), THROTTLE);
  }

  async recordFailure(accessId: string): Promise<void> {
    await this.repos.loginAttempts.recordFailure(accessId, this.clock.now(), THROTTLE);
  }

  async reset(accessId: string): Promise<void> {
    await this.repos.loginAttempts.reset(accessId);
  }
}
