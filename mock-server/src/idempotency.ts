import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from './clock.js';
import { ApiError } from './errors.js';
import { IDEMPOTENCY_LEASE_MS, idempotencySweepDue, type Repositories } from './store/repositories.js';

/*
 * D-12 Idempotent POSTs. A client may send `Idempotency-Key` (1–255 visible ASCII characters) on
 * any POST. The same key with the same body from the same caller within 24 hours answers the first
 * response (status and body) without doing the work again; the same key with another body answers
 * 422 IDEMPOTENCY_KEY_REUSED. The records live behind `IdempotencyStore` so the storage layer can
 * keep them (the in-memory store below serves one process).
 */

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The first answer, as replayed. */
export interface StoredResponse {
  status: number;
  contentType: string | null;
  body: string;
}

export type Reservation =
  /** The key is now this request's: do the work, then `complete` (or `release` on failure) with `ticket`. */
  | { kind: 'reserved'; ticket: ReservationTicket }
  /** Done before with the same request: answer this. */
  | { kind: 'replay'; response: StoredResponse }
  /** Used before (within 24 h) with another request. */
  | { kind: 'mismatch' }
  /** The first request with this key is still being worked on. */
  | { kind: 'in-progress' };

/** A reservation, as its request holds it: only the holder completes or releases it. */
export interface ReservationTicket {
  readonly scope: string;
  readonly key: string;
  /** The reserving request's own id. */
  readonly owner: string;
  /** Until when the answer is replayed. */
  readonly expiresAt: Date;
}

export interface IdempotencyStore {
  /**
   * Atomically: if (scope, key) is free or expired at `now`, reserve it for `fingerprint` — for
   * the lease (IDEMPOTENCY_LEASE_MS) while the work is done, then, once completed, until
   * `expiresAt`; otherwise say what is there. Two concurrent calls never both get `reserved`.
   */
  reserve(scope: string, key: string, fingerprint: string, now: Date, expiresAt: Date): Promise<Reservation>;
  /** Keeps the answer of a reservation (replayed until its `expiresAt`); nothing when the key is no longer the ticket's. */
  complete(ticket: ReservationTicket, response: StoredResponse): Promise<void>;
  /** Frees a reservation whose work failed (5xx, a thrown error): the client may try again. */
  release(ticket: ReservationTicket): Promise<void>;
}

const leaseEnd = (now: Date) => new Date(now.getTime() + IDEMPOTENCY_LEASE_MS);

interface MemoryRecord {
  fingerprint: string;
  owner: string;
  /** The lease's end while in progress; the answer's day's once completed. */
  expiresAt: number;
  response: StoredResponse | null;
}

/** One process's records, in memory; expired ones are swept as new keys arrive, at most once a minute. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #records = new Map<string, MemoryRecord>();
  #sweptAt = Number.NEGATIVE_INFINITY;

  async reserve(scope: string, key: string, fingerprint: string, now: Date, expiresAt: Date): Promise<Reservation> {
    const id = `${scope}\u0000${key}`;
    const existing = this.#records.get(id);
    if (existing && existing.expiresAt > now.getTime()) {
      if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return existing.response ? { kind: 'replay', response: existing.response } : { kind: 'in-progress' };
    }
    this.#sweep(now.getTime());
    const owner = randomUUID();
    this.#records.set(id, { fingerprint, owner, expiresAt: leaseEnd(now).getTime(), response: null });
    return { kind: 'reserved', ticket: { scope, key, owner, expiresAt } };
  }

  async complete(ticket: ReservationTicket, response: StoredResponse): Promise<void> {
    const record = this.#held(ticket);
    if (record) Object.assign(record, { response, expiresAt: ticket.expiresAt.getTime() });
  }

  async release(ticket: ReservationTicket): Promise<void> {
    if (this.#held(ticket)) this.#records.delete(`${ticket.scope}\u0000${ticket.key}`);
  }

  /** The ticket's record, while it is still the ticket's reservation. */
  #held(ticket: ReservationTicket): MemoryRecord | undefined {
    const record = this.#records.get(`${ticket.scope}\u0000${ticket.key}`);
    return record && record.owner === ticket.owner && !record.response ? record : undefined;
  }

  #sweep(now: number): void {
    if (!idempotencySweepDue(this.#sweptAt, now)) return;
    this.#sweptAt = now;
    for (const [id, record] of this.#records) if (record.expiresAt <= now) this.#records.delete(id);
  }
}

/**
 * "The same caller": the signed-in account (any of its sessions), the back office, or — for the
 * routes without a login (registration, login itself) — one anonymous scope, where the body (a
 * password, an OTP) is what ties a replay to its sender.
 */
function callerScope(c: Context): string {
  const auth = c.get('auth') as { account?: { id?: string } } | undefined;
  if (auth?.account?.id) return `account:${auth.account.id}`;
  if (c.req.path.startsWith('/api/v1/operator')) return 'operator';
  return 'anonymous';
}

/** Answers never kept: 429 and 5xx say "try again later", not "this is the outcome". */
const keepable = (status: number) => status < 500 && status !== 429;

export function idempotencyMiddleware(opts: { store: IdempotencyStore; clock: Clock; ttlMs?: number }): MiddlewareHandler {
  const ttl = opts.ttlMs ?? IDEMPOTENCY_TTL_MS;
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const key = c.req.header('idempotency-key');
    if (key === undefined) return next();
    if (!KEY_PATTERN.test(key)) {
      throw new ApiError('VALIDATION_FAILED', {
        details: [{ path: 'Idempotency-Key', message: '冪等キーは1〜255文字の半角英数記号で指定してください。', messageEn: 'An Idempotency-Key is 1–255 visible ASCII characters.' }],
      });
    }
    // The body is read once here; Hono keeps it for the route's own validator.
    const body = await c.req.text();
    const fingerprint = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${new URL(c.req.url).search}\n${body}`).digest('hex');
    const scope = callerScope(c);
    const now = opts.clock.now();
    const reservation = await opts.store.reserve(scope, key, fingerprint, now, new Date(now.getTime() + ttl));
    if (reservation.kind === 'mismatch') throw new ApiError('IDEMPOTENCY_KEY_REUSED');
    if (reservation.kind === 'in-progress') throw new ApiError('IDEMPOTENCY_KEY_IN_USE', { retryAfter: 1 });
    if (reservation.kind === 'replay') {
      const { status, contentType, body: stored } = reservation.response;
      return new Response(stored === '' ? null : stored, {
        status,
        headers: { ...(contentType ? { 'content-type': contentType } : {}), 'idempotent-replayed': 'true', 'x-request-id': c.get('requestId') as string },
      });
    }
    const { ticket } = reservation;
    try {
      await next();
    } catch (error) {
      await opts.store.release(ticket);
      throw error;
    }
    // Hono turns a thrown ApiError into `c.res` before this point (onError), so c.res is the answer.
    const status = c.res.status;
    if (!keepable(status)) {
      await opts.store.release(ticket);
      return;
    }
    const text = await c.res.clone().text();
    await opts.store.complete(ticket, { status, contentType: c.res.headers.get('content-type'), body: text });
  };
}

/**
 * The records in the store (any engine: store/repositories.ts), so they survive a restart and are
 * shared by every instance on one database. What a replay needs is kept so that the store alone
 * is worthless to a reader: the key is stored as its SHA-256, and the answer — which can carry a
 * session token (`POST /auth/otp`) or personal data — is sealed with AES-256-GCM under a key
 * derived from the client's Idempotency-Key, which only the client holds.
 */
export class RepositoryIdempotencyStore implements IdempotencyStore {
  constructor(private readonly repos: Pick<Repositories, 'idempotency'>) {}

  async reserve(scope: string, key: string, fingerprint: string, now: Date, expiresAt: Date): Promise<Reservation> {
    const owner = randomUUID();
    const r = await this.repos.idempotency.reserve(storedId(scope, key), fingerprint, owner, now, leaseEnd(now));
    if (r.state === 'reserved') return { kind: 'reserved', ticket: { scope, key, owner, expiresAt } };
    if (r.state === 'mismatch') return { kind: 'mismatch' };
    if (r.state === 'in-progress') return { kind: 'in-progress' };
    return { kind: 'replay', response: { status: r.response.status, contentType: r.response.contentType || null, body: open(scope, key, r.response.body) } };
  }

  async complete(ticket: ReservationTicket, response: StoredResponse): Promise<void> {
    const { scope, key } = ticket;
    await this.repos.idempotency.complete(storedId(scope, key), ticket.owner, { status: response.status, contentType: response.contentType ?? '', body: seal(scope, key, response.body) }, ticket.expiresAt);
  }

  async release(ticket: ReservationTicket): Promise<void> {
    await this.repos.idempotency.release(storedId(ticket.scope, ticket.key), ticket.owner);
  }
}

const storedId = (scope: string, key: string) => ({ caller: scope, key: createHash('sha256').update(`idempotency-key\u0000${key}`).digest('hex') });
const sealKey = (scope: string, key: string) => createHash('sha256').update(`idempotency-seal\u0000${scope}\u0000${key}`).digest();

function seal(scope: string, key: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(scope, key), iv);
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

function open(scope: string, key: string, stored: string): string {
  const raw = Buffer.from(stored, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(scope, key), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
