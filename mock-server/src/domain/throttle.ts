import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';

/*
 * Failed-login throttle per access ID (issue 3; decision documented in docs/server.md):
 * 5 failures within 15 minutes lock the access ID for 15 minutes, counted from the 5th failure.
 * While locked, login (and registration completion) answers LOGIN_THROTTLED (429, Retry-After),
 * even with the right password — otherwise the lock would not stop guessing. A challenge voided by
 * 5 wrong OTPs counts as one failure; a completed login (right OTP) resets the count.
 *
 * Existing accounts keep their state in the store (`failedLogins`, survives a restart). Unknown
 * access IDs are counted in memory the same way, so the throttle does not reveal which IDs exist.
 */

export const THROTTLE = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 } as const;
const MAX_UNKNOWN_KEYS = 10_000;

interface FailureState {
  count: number;
  since: string | null;
  lockedUntil: string | null;
}

export class LoginThrottle {
  readonly #unknown = new Map<string, FailureState>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Seconds until `accessId` may try again, or null when it is not locked. */
  retryAfter(accessId: string): number | null {
    const state = this.#state(accessId);
    if (!state?.lockedUntil) return null;
    const ms = new Date(state.lockedUntil).getTime() - this.clock.now().getTime();
    return ms > 0 ? Math.ceil(ms / 1000) : null;
  }

  async recordFailure(accessId: string): Promise<void> {
    const now = this.clock.now();
    const apply = (s: FailureState) => {
      const windowStart = s.since ? new Date(s.since).getTime() : null;
      const lockOver = s.lockedUntil !== null && new Date(s.lockedUntil) <= now;
      if (windowStart === null || now.getTime() - windowStart > THROTTLE.windowMs || lockOver) {
        s.count = 0;
        s.since = now.toISOString();
        s.lockedUntil = null;
      }
      s.count += 1;
      if (s.count >= THROTTLE.maxFailures) s.lockedUntil = new Date(now.getTime() + THROTTLE.lockMs).toISOString();
    };
    if (this.#account(accessId)) {
      await this.store.update(() => {
        const account = this.#account(accessId);
        if (account) apply(account.failedLogins);
      });
      return;
    }
    let state = this.#unknown.get(accessId);
    if (!state) {
      if (this.#unknown.size >= MAX_UNKNOWN_KEYS) this.#unknown.delete(this.#unknown.keys().next().value as string);
      state = { count: 0, since: null, lockedUntil: null };
      this.#unknown.set(accessId, state);
    }
    apply(state);
  }

  async reset(accessId: string): Promise<void> {
    this.#unknown.delete(accessId);
    const account = this.#account(accessId);
    if (account && (account.failedLogins.count > 0 || account.failedLogins.lockedUntil)) {
      await this.store.update(() => {
        account.failedLogins = { count: 0, since: null, lockedUntil: null };
      });
    }
  }

  #account(accessId: string) {
    return this.store.data.accounts.find((a) => a.accessId === accessId);
  }

  #state(accessId: string): FailureState | undefined {
    return this.#account(accessId)?.failedLogins ?? this.#unknown.get(accessId);
  }
}
