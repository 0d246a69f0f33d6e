import { jstIso } from '@mypage/api';
import { ApiError } from '../errors.js';
import { randomToken, sha256 } from '../infra/secrets.js';
import type { Repositories, SessionPolicy } from '../store/repositories.js';
import type { AccountRecord, BillingGroupRecord, SessionRecord } from '../store/schema.js';
import type { Clock } from '../clock.js';

/** What an authenticated request knows about its caller. */
export interface AuthContext {
  account: AccountRecord;
  group: BillingGroupRecord;
  session: SessionRecord;
  /** the group's data version, where the engine keeps one (`SessionCaller.dataVersion`) */
  dataVersion?: string;
}

/**
 * Tokens whose hash is kept (`Sessions.#hashes`): more than the sessions a server serves at once,
 * about a megabyte at most.
 */
const TOKEN_HASHES_KEPT = 4096;

/**
 * Sessions (D-3): an opaque bearer token, stored hashed, with a sliding idle expiry
 * (R-LOGIN-4: 10 minutes without activity ends it) and an absolute lifetime (12 hours by default,
 * however active: a stolen token does not live for ever); a new token at every login; void at logout.
 * Sliding the expiry is a read (`sessions.resolve`): an engine may persist it lazily.
 */
export class Sessions {
  readonly #policy: SessionPolicy;
  /**
   * token → its SHA-256, for the tokens of sessions that answered lately (oldest forgotten first;
   * a token is remembered only once its session is found, so made-up tokens take no room): a client
   * sends the same token with every request, and hashing it is about a tenth of a small read's own
   * work. Only in this process's memory, as the token is while its request is served, and dropped at
   * logout; the store keeps the hash alone (D-3).
   */
  readonly #hashes = new Map<string, string>();

  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly idleMs: number,
    /** however active, a session ends this long after its login (default: never) */
    private readonly absoluteMs?: number,
  ) {
    this.#policy = absoluteMs !== undefined ? { idleMs, absoluteMs } : { idleMs };
  }

  async create(accountId: string): Promise<{ token: string; expiresAt: string; idleTimeoutSeconds: number }> {
    const token = randomToken();
    const now = this.clock.now();
    const expires = new Date(now.getTime() + Math.min(this.idleMs, this.absoluteMs ?? Infinity));
    await this.repos.sessions.create(
      { tokenHash: sha256(token), accountId, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt: expires.toISOString(), endedAt: null },
      now,
    );
    return { token, expiresAt: jstIso(expires), idleTimeoutSeconds: this.idleMs / 1000 };
  }

  /** Resolve a bearer token; slides the expiry forward. Rejects with AUTH_REQUIRED / SESSION_EXPIRED. */
  async authenticate(token: string | undefined): Promise<AuthContext> {
    return this.authenticateNow(token);
  }

  /**
   * `authenticate`, answered in the same turn where the engine can (`sessions.resolveNow`: memory
   * and JSON engines, no transaction in progress) — no promise for what every signed-in request
   * asks first; else a promise. Throws (or rejects with) AUTH_REQUIRED / SESSION_EXPIRED.
   */
  authenticateNow(token: string | undefined): AuthContext | Promise<AuthContext> {
    if (!token) throw new ApiError('AUTH_REQUIRED');
    // one read (one statement on PostgreSQL): the session, its account and its group together
    const known = this.#hashes.get(token);
    const hash = known ?? sha256(token);
    const now = this.clock.now();
    const caller = this.repos.sessions.resolveNow?.(hash, now, this.#policy);
    if (caller === undefined) return this.repos.sessions.resolve(hash, now, this.#policy).then((found) => this.#admit(token, known, hash, found));
    return this.#admit(token, known, hash, caller);
  }

  #admit(token: string, known: string | undefined, hash: string, caller: AuthContext | null): AuthContext {
    if (!caller || caller.account.status !== 'active') throw new ApiError('SESSION_EXPIRED');
    if (known === undefined) this.#remember(token, hash);
    return caller;
  }

  #remember(token: string, hash: string): void {
    if (this.#hashes.size >= TOKEN_HASHES_KEPT) this.#hashes.delete(this.#hashes.keys().next().value!);
    this.#hashes.set(token, hash);
  }

  async end(session: SessionRecord): Promise<void> {
    for (const [token, hash] of this.#hashes) if (hash === session.tokenHash) this.#hashes.delete(token);
    await this.repos.sessions.end(session.tokenHash, this.clock.now());
  }

  info(session: SessionRecord): { expiresAt: string; idleTimeoutSeconds: number } {
    return { expiresAt: jstIso(new Date(session.expiresAt)), idleTimeoutSeconds: this.idleMs / 1000 };
  }
}
