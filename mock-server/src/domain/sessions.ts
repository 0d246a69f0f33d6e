import { jstIso } from '@mypage/api';
import type { Clock } from '../clock.js';
import { ApiError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { AccountRecord, BillingGroupRecord, SessionRecord } from '../store/schema.js';
import { randomToken, sha256 } from './secrets.js';

/** What an authenticated request knows about its caller. */
export interface AuthContext {
  account: AccountRecord;
  group: BillingGroupRecord;
  session: SessionRecord;
}

/**
 * Sessions (D-3): an opaque bearer token, stored hashed, with a sliding idle expiry
 * (R-LOGIN-4: 10 minutes without activity ends it); a new token at every login; void at logout.
 */
export class Sessions {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly idleMs: number,
  ) {}

  async create(accountId: string): Promise<{ token: string; expiresAt: string; idleTimeoutSeconds: number }> {
    const token = randomToken();
    const now = this.clock.now();
    const expires = new Date(now.getTime() + this.idleMs);
    await this.store.update((d) => {
      // Drop this account's dead sessions so the table does not grow without bound.
      d.sessions = d.sessions.filter((s) => s.endedAt === null && new Date(s.expiresAt) > now);
      d.sessions.push({
        tokenHash: sha256(token),
        accountId,
        createdAt: now.toISOString(),
        lastSeenAt: now.toISOString(),
        expiresAt: expires.toISOString(),
        endedAt: null,
      });
    });
    return { token, expiresAt: jstIso(expires), idleTimeoutSeconds: this.idleMs / 1000 };
  }

  /** Resolve a bearer token; slides the expiry forward. Throws AUTH_REQUIRED / SESSION_EXPIRED. */
  async authenticate(token: string | undefined): Promise<AuthContext> {
    if (!token) throw new ApiError('AUTH_REQUIRED');
    const hash = sha256(token);
    const now = this.clock.now();
    const session = this.store.data.sessions.find((s) => s.tokenHash === hash);
    if (!session || session.endedAt !== null || new Date(session.expiresAt) <= now) {
      throw new ApiError('SESSION_EXPIRED');
    }
    const account = this.store.data.accounts.find((a) => a.id === session.accountId);
    const group = account && this.store.data.billingGroups.find((g) => g.id === account.billingGroupId);
    if (!account || !group || account.status !== 'active') throw new ApiError('SESSION_EXPIRED');
    await this.store.update(() => {
      session.lastSeenAt = now.toISOString();
      session.expiresAt = new Date(now.getTime() + this.idleMs).toISOString();
    });
    return { account, group, session };
  }

  async end(session: SessionRecord): Promise<void> {
    await this.store.update(() => {
      session.endedAt = this.clock.now().toISOString();
    });
  }

  /** End every session of an account (password change, deletion). */
  async endAll(accountId: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.store.update((d) => {
      for (const s of d.sessions) if (s.accountId === accountId && s.endedAt === null) s.endedAt = now;
    });
  }

  info(session: SessionRecord): { expiresAt: string; idleTimeoutSeconds: number } {
    return { expiresAt: jstIso(new Date(session.expiresAt)), idleTimeoutSeconds: this.idleMs / 1000 };
  }
}
