import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from './clock.js';
import { ApiError } from './errors.js';
import type { Logger } from './app.js';
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

/** A reservation, as its request holds it: only the holder renews, completes or releases it. */
export interface ReservationTicket {
  readonly scope: string;
  readonly key: string;
  /** The reserving request's own id. */
  readonly owner: string;
  /** Until when the answer is replayed. */
  readonly expiresAt: Date;
}

/** When a reservation is made, and until when it holds its key while in progress (`leaseUntil`) and its answer once kept (`expiresAt`). */
export interface ReservationTimes {
  now: Date;
  leaseUntil: Date;
  expiresAt: Date;
}

export interface IdempotencyStore {
  /**
   * Atomically: if (scope, key) is free or expired at `now`, reserve it for `fingerprint` — until
   * `leaseUntil` while the work is done (renewed by `renew`), then, once completed, until
   * `expiresAt`; otherwise say what is there. Two concurrent calls never both get `reserved`.
   */
  reserve(scope: string, key: string, fingerprint: string, times: ReservationTimes): Promise<Reservation>;
  /** Moves the lease of a reservation still in progress to `leaseUntil`; false when the key is no longer the ticket's. */
  renew(ticket: ReservationTicket, leaseUntil: Date): Promise<boolean>;
  /** Keeps the answer of a reservation (replayed until its `expiresAt`); false, and nothing kept, when the key is no longer the ticket's. */
  complete(ticket: ReservationTicket, response: StoredResponse): Promise<boolean>;
  /** Frees a reservation whose work failed (5xx, a thrown error): the client may try again. */
  release(ticket: ReservationTicket): Promise<void>;
}

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

  async reserve(scope: string, key: string, fingerprint: string, { now, leaseUntil, expiresAt }: ReservationTimes): Promise<Reservation> {
    const id = `${scope}\u0000${key}`;
    const existing = this.#records.get(id);
    if (existing && existing.expiresAt > now.getTime()) {
      if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
      return existing.response ? { kind: 'replay', response: existing.response } : { kind: 'in-progress' };
    }
    this.#sweep(now.getTime());
    const owner = randomUUID();
    this.#records.set(id, { fingerprint, owner, expiresAt: leaseUntil.getTime(), response: null });
    return { kind: 'reserved', ticket: { scope, key, owner, expiresAt } };
  }

  async renew(ticket: ReservationTicket, leaseUntil: Date): Promise<boolean> {
    const record = this.#held(ticket);
    if (record) record.expiresAt = leaseUntil.getTime();
    return record !== undefined;
  }

  async complete(ticket: ReservationTicket, response: StoredResponse): Promise<boolean> {
    const record = this.#held(ticket);
    if (record) Object.assign(record, { response, expiresAt: ticket.expiresAt.getTime() });
    return record !== undefined;
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

export interface IdempotencyOptions {
  store: IdempotencyStore;
  clock: Clock;
  /** How long an answer is replayed (24 h, D-12). */
  ttlMs?: number;
  /** How long a reservation holds its key without being renewed (IDEMPOTENCY_LEASE_MS); renewed every third of it while the request is worked on. */
  leaseMs?: number;
  /** Told when a request's answer could not be kept because its key had been taken over (no key or body in the message). */
  logger?: Pick<Logger, 'error'>;
}

export function idempotencyMiddleware(opts: IdempotencyOptions): MiddlewareHandler {
  const ttl = opts.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const lease = opts.leaseMs ?? IDEMPOTENCY_LEASE_MS;
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
    const reservation = await opts.store.reserve(scope, key, fingerprint, { now, leaseUntil: new Date(now.getTime() + lease), expiresAt: new Date(now.getTime() + ttl) });
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
    // While the work goes on (a slow mail server can hold a POST for minutes), the lease is renewed
    // every third of it: only a request whose process died lets its key go at the lease's end.
    const renewal = setInterval(() => void opts.store.renew(ticket, new Date(opts.clock.now().getTime() + lease)).catch(() => undefined), lease / 3);
    renewal.unref();
    try {
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
      if (!(await opts.store.complete(ticket, { status, contentType: c.res.headers.get('content-type'), body: text }))) {
        opts.logger?.error('idempotency: an answer was not kept: its Idempotency-Key had been taken over by another request after its lease ran out', {
          method: c.req.method,
          path: c.req.path,
          requestId: c.get('requestId') as string,
        });
      }
    } finally {
      clearInterval(renewal);
    }
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

  async reserve(scope: string, key: string, fingerprint: string, { now, leaseUntil, expiresAt }: ReservationTimes): Promise<Reservation> {
    const owner = randomUUID();
    const r = await this.repos.idempotency.reserve(storedId(scope, key), fingerprint, owner, now, leaseUntil);
    if (r.state === 'reserved') return { kind: 'reserved', ticket: { scope, key, owner, expiresAt } };
    if (r.state === 'mismatch') return { kind: 'mismatch' };
    if (r.state === 'in-progress') return { kind: 'in-progress' };
    return { kind: 'replay', response: { status: r.response.status, contentType: r.response.contentType || null, body: open(scope, key, r.response.body) } };
  }

  renew(ticket: ReservationTicket, leaseUntil: Date): Promise<boolean> {
    return this.repos.idempotency.renew(storedId(ticket.scope, ticket.key), ticket.owner, leaseUntil);
  }

  complete(ticket: ReservationTicket, response: StoredResponse): Promise<boolean> {
    const { scope, key } = ticket;
    return this.repos.idempotency.complete(storedId(scope, key), ticket.owner, { status: response.status, contentType: response.contentType ?? '', body: seal(scope, key, response.body) }, ticket.expiresAt);
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
