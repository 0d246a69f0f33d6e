import type { BillCache, ContractListCache } from '../domain/bill-cache.js';
import type {
  AccountRecord,
  BillRecord,
  BillingGroupRecord,
  CallRecordRow,
  ChallengeRecord,
  ContractRecord,
  Data,
  InquiryRecord,
  LinkRecord,
  NewsRecord,
  OpeningNoticeRecord,
  SessionRecord,
} from './schema.js';

/*
 * The data-access boundary (SPEC D-13). Domain code sees these interfaces only — never an engine,
 * never a whole data graph. Every engine (memory for tests, json/ the embedded default, postgres/)
 * implements them and passes the same contract suite (store/contract.ts).
 *
 * An engine's test file runs the contract: `repositoryContract('name', () => openEmptyEngine())`
 * (store/contract.ts; memory.test.ts is the example). The mail outbox is not part of the store: it
 * is the mailer's (mail/mailer.ts).
 *
 * The contract, for every engine:
 * - Every method is async. A record returned is read-only to the caller: changing it changes
 *   nothing stored (the memory and JSON engines hand out their stored records deep-frozen, so a
 *   change throws a TypeError; PostgreSQL builds a fresh object per read).
 *   Records are the plain shapes of schema.ts; instants are ISO strings (UTC); `now` is passed in
 *   by the caller (the injected clock), engines never read a clock of their own.
 * - A method that changes data resolves only once the change is durable for that engine (memory:
 *   applied; JSON: fsynced; PostgreSQL: committed), and rejects leaving nothing changed.
 * - Rules that must be atomic are ONE method each, never a read-then-write across an `await` in
 *   domain code: `loginAttempts.reserve`, `challenges.consume`, `links.consume`, `accounts.create`
 *   / `accounts.update` (email unique in the group, access ID unique), `idempotency.reserve`.
 * - Rules that touch several records run in `transaction(work)`: all of work's changes or none;
 *   transactions are serialisable (as if run one after another). An engine may run `work` more
 *   than once (PostgreSQL retries a serialisation failure), so work has no effect outside `tx`
 *   (no mail, no clock-dependent randomness it cannot repeat) and nothing slow (no scrypt).
 *   Reads outside a transaction see committed data only.
 * - Uniqueness is enforced by the engine and reported as {@link UniqueViolation} (SQL: a unique
 *   index). A storage failure (disk full, I/O error, database down) is {@link StoreUnavailable};
 *   the app answers 503 with the error envelope and the change is not visible afterwards.
 * - Lists are ordered as each method says; nothing returns "all records of the server" except
 *   the back-office listings, which are bounded by what the back office asks for.
 * - Session `touch` (the sliding idle expiry, R-LOGIN-4, D-3) is a read: an engine may keep the
 *   slid expiry in memory and persist it lazily (the JSON engine writes it when the stored expiry is
 *   over a minute stale and at shutdown). A crash can then end a session up to that much EARLY,
 *   never late: the stored expiry is only ever behind the real one.
 */

// --- errors ---------------------------------------------------------------------------------------

export type UniqueConstraint =
  | 'account-id'
  | 'account-access-id'
  | 'account-email-in-group'
  | 'billing-group-id'
  | 'contract-number'
  | 'inquiry-id'
  | 'news-id'
  | 'call-record-id';

/** An insert or update would break a uniqueness rule; nothing was changed. */
export class UniqueViolation extends Error {
  override name = 'UniqueViolation';
  constructor(readonly constraint: UniqueConstraint) {
    super(`unique constraint ${constraint}`);
  }
}

/** The engine cannot store or read right now (ENOSPC, EIO, database down). Nothing was changed. */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

// --- accounts -------------------------------------------------------------------------------------

/** Fields of an account that change after creation (the rest are fixed at creation). */
export type AccountPatch = Partial<Pick<AccountRecord, 'email' | 'name' | 'role' | 'notify' | 'status' | 'passwordHash' | 'temporaryPasswordHash'>>;

export interface AccountRepository {
  get(id: string): Promise<AccountRecord | null>;
  /** Several at once (e.g. the authors of a page of inquiries); unknown ids are left out. */
  getMany(ids: readonly string[]): Promise<AccountRecord[]>;
  byAccessId(accessId: string): Promise<AccountRecord | null>;
  /** The group's accounts, oldest first (createdAt, then access ID). */
  listByGroup(billingGroupId: string): Promise<AccountRecord[]>;
  /** Active accounts with this address (trimmed, case-insensitive), in any group, oldest first. */
  activeByEmail(email: string): Promise<AccountRecord[]>;
  /** Active accounts with notification on, of one group or (null) of every group, oldest first. */
  notifiable(billingGroupId: string | null): Promise<AccountRecord[]>;
  /** True when the group has an active admin other than `exceptId`. */
  hasOtherActiveAdmin(billingGroupId: string, exceptId: string): Promise<boolean>;
  /**
   * Insert an account whose email is unique in its group (trimmed, case-insensitive) — atomic, so
   * two concurrent creations with one address cannot both succeed. The access ID comes from
   * `newAccessId()`, called again while it collides with an existing one. Throws UniqueViolation
   * (`account-email-in-group`, `account-id`). Returns the stored record.
   */
  create(account: Omit<AccountRecord, 'accessId'>, newAccessId: () => string): Promise<AccountRecord>;
  /** Apply `patch`; an email change keeps the group's uniqueness (UniqueViolation). Null if gone. */
  update(id: string, patch: AccountPatch): Promise<AccountRecord | null>;
  /**
   * Store `to` as the password hash if it is still `from` (a re-hash at a higher cost after a right
   * password): one atomic compare-and-set, so a password changed meanwhile is never overwritten
   * with the old one. True when stored.
   */
  rehashPassword(id: string, from: string, to: string): Promise<boolean>;
  /** Delete the account with its links and challenges (its sessions: `sessions.endAllOf`). */
  delete(id: string): Promise<boolean>;
}

// --- failed-login throttle ------------------------------------------------------------------------

export interface ThrottlePolicy {
  /** failures within `windowMs` that lock the key */
  maxFailures: number;
  windowMs: number;
  /** lock length, counted from the failure that reached `maxFailures` */
  lockMs: number;
  /**
   * Records of access IDs that name no account kept at most. A new record (of any key, known or
   * not: the same work either way) first forgets the unknown ones beyond `maxUnknownKeys - 1`,
   * those whose window and lock end first; records of accounts are never forgotten before they
   * stop mattering, so a flood of made-up IDs cannot lift a real account's lock.
   */
  maxUnknownKeys: number;
}

/** A reserved attempt: already counted as a failure until refunded. */
export interface LoginAttempt {
  key: string;
  /** the failure window the attempt was counted in (ISO) */
  windowSince: string;
}

export type LoginAttemptReservation = { ok: true; attempt: LoginAttempt } | { ok: false; retryAfterSeconds: number };

/**
 * Failed logins per access ID (existing or not, so the throttle does not reveal which IDs exist).
 * The attempt is reserved — counted as a failure — BEFORE the password hash is checked, in one
 * atomic step: N parallel wrong passwords evaluate at most `maxFailures` hashes. A right password
 * refunds its reservation. A known and an unknown key are stored the same way — one record per
 * key, apart from the account, written by the same statements (ASVS V6.3.8: a failed login does
 * the same work whether or not the ID exists) — and durably in the durable engines. A record is
 * forgotten once its window and lock are over; unknown keys are bounded by `maxUnknownKeys`.
 */
export interface LoginAttemptRepository {
  /** Locked → `{ ok: false, retryAfterSeconds }`; else counts one failure now (locking at the max). */
  reserve(key: string, now: Date, policy: ThrottlePolicy): Promise<LoginAttemptReservation>;
  /** The reserved attempt was not a failure: take its count back (and the lock it set). */
  refund(attempt: LoginAttempt, now: Date, policy: ThrottlePolicy): Promise<void>;
  /** Count a failure that was not reserved (a challenge voided by wrong OTPs). */
  recordFailure(key: string, now: Date, policy: ThrottlePolicy): Promise<void>;
  /** Seconds until the key may try again, or null when it is not locked. */
  retryAfter(key: string, now: Date): Promise<number | null>;
  /** A completed login (or a password reset): forget the key's failures. */
  reset(key: string): Promise<void>;
}

// --- billing groups and contracts -----------------------------------------------------------------

export type BillingGroupPatch = Partial<Pick<BillingGroupRecord, 'name' | 'kana' | 'bank' | 'paperStop' | 'callRecordsFrom'>>;

export interface BillingGroupRepository {
  get(id: string): Promise<BillingGroupRecord | null>;
  /** Insert a group with its contracts, atomically. UniqueViolation (`billing-group-id`, `contract-number`). */
  create(group: BillingGroupRecord, contracts: readonly ContractRecord[]): Promise<void>;
  update(id: string, patch: BillingGroupPatch): Promise<BillingGroupRecord | null>;
  /** The group's contracts in the order they were added, optionally of one contract group. */
  contractsOf(billingGroupId: string, group?: ContractRecord['group']): Promise<ContractRecord[]>;
  /** A contract by number, in any group. */
  contract(contractNumber: string): Promise<ContractRecord | null>;
  /** UniqueViolation (`contract-number`). The group must exist (else false, nothing added). */
  addContract(contract: ContractRecord): Promise<boolean>;
}

// --- sessions -------------------------------------------------------------------------------------

export interface SessionPolicy {
  /** sliding idle expiry (R-LOGIN-4, D-3) */
  idleMs: number;
  /** absolute lifetime from creation, if any: a session ends then however active it is */
  absoluteMs?: number;
}

/**
 * How often an engine that keeps sessions in memory (JSON, memory) moves a busy session's expiry:
 * within this long of the last slide a request finds the session as it is (ending at most this
 * much early, never late: R-LOGIN-4).
 */
export const SLIDE_STEP_MS = 1000;

/**
 * The slid expiry (ms) of a session at `now` (R-LOGIN-4): `now + idleMs`, never past the absolute
 * lifetime; null when it is over (ended, idle, or past its absolute lifetime). `createdMs` is read
 * only when the policy has an absolute lifetime. Every engine slides sessions by this one rule.
 */
export function slidExpiryMs(createdMs: number, expiresMs: number, ended: boolean, now: Date, policy: SessionPolicy): number | null {
  const at = now.getTime();
  if (ended || expiresMs <= at) return null;
  if (policy.absoluteMs !== undefined && at >= createdMs + policy.absoluteMs) return null;
  const expires = at + policy.idleMs;
  return policy.absoluteMs !== undefined ? Math.min(expires, createdMs + policy.absoluteMs) : expires;
}

/** A live session with its account and group (`sessions.resolve`). */
export interface SessionCaller {
  session: SessionRecord;
  account: AccountRecord;
  group: BillingGroupRecord;
  /**
   * The group's data version, where the engine keeps one (PostgreSQL): it changes with every write
   * to the group's bills, call records or contracts, so a breakdown computed at one version is still
   * the answer while the version is the same (domain/bill-cache.ts).
   */
  dataVersion?: string;
}

export interface SessionRepository {
  /** Insert; also forgets the account's ended and expired sessions (bounded table). */
  create(session: SessionRecord, now: Date): Promise<void>;
  /**
   * The live session of `tokenHash` with its expiry slid to `now + idleMs` (never past the absolute
   * lifetime), or null when unknown, ended or expired. A read: may be persisted lazily.
   */
  touch(tokenHash: string, now: Date, policy: SessionPolicy): Promise<SessionRecord | null>;
  /**
   * `touch`, and the session's account and billing group with it: what every authenticated request
   * needs, read together (one statement in PostgreSQL, instead of three round trips). Null when the
   * session is not live, or its account or group no longer exists; the account's status is the
   * caller's to check. The slid expiry is persisted as lazily as by `touch`.
   */
  resolve(tokenHash: string, now: Date, policy: SessionPolicy): Promise<SessionCaller | null>;
  /**
   * `resolve` answered in the same turn, by an engine that keeps its sessions in this process's
   * memory (memory, JSON) and is free to read now (no transaction holds it): no promise for what
   * every signed-in request asks first. Undefined when the engine cannot answer so; the caller then
   * asks `resolve`. An engine without it (PostgreSQL) is always asked `resolve`.
   */
  resolveNow?(tokenHash: string, now: Date, policy: SessionPolicy): SessionCaller | null | undefined;
  get(tokenHash: string): Promise<SessionRecord | null>;
  end(tokenHash: string, now: Date): Promise<void>;
  /** End every live session of an account (password change, deletion). */
  endAllOf(accountId: string, now: Date): Promise<void>;
}

// --- mailed links and OTP challenges --------------------------------------------------------------

export interface LinkRepository {
  /** Insert; voids the account's earlier unused links of the purpose and forgets dead ones. */
  issue(link: LinkRecord, now: Date): Promise<void>;
  /** The unused, unexpired link of `tokenHash` (of `purpose`, when given), or null. */
  findValid(tokenHash: string, now: Date, purpose?: LinkRecord['purpose']): Promise<LinkRecord | null>;
  /** Mark the link used if it is still valid — once: of concurrent calls exactly one gets it. */
  consume(tokenHash: string, now: Date, purpose: LinkRecord['purpose']): Promise<LinkRecord | null>;
}

export type ChallengeOutcome = { ok: true; challenge: ChallengeRecord } | { ok: false; attemptsLeft: number | null };

export interface ChallengeRepository {
  /**
   * Insert; voids the account's open challenges and forgets dead ones. The wrong tries of the
   * challenge it replaces (unused and not voided, expired or not) carry over to the new one, so a
   * new login does not wipe them: 5 wrong OTPs void a challenge, whatever logins came between.
   */
  issue(challenge: ChallengeRecord, now: Date): Promise<void>;
  /** The open (unused, not voided, unexpired) challenge, or null. */
  findOpen(id: string, now: Date): Promise<ChallengeRecord | null>;
  /**
   * Settle one OTP try on an open challenge, atomically: `right` → used (ok; of concurrent right
   * tries exactly one is ok); wrong → attempts + 1, void at `maxAttempts` (attemptsLeft ≥ 0).
   * Not open → `{ ok: false, attemptsLeft: null }`.
   */
  consume(id: string, right: boolean, now: Date, maxAttempts: number): Promise<ChallengeOutcome>;
  /** Void the account's open challenges (password reset). */
  voidOpenOf(accountId: string, now: Date): Promise<void>;
}

// --- bills, notices, rendered documents -----------------------------------------------------------

/** A bill with the records its breakdown needs (`bills.findStatement`). */
export interface BillStatementParts {
  bill: BillRecord;
  /** per contract, by contract number */
  charges: CallChargeSum[];
  /** the group's contracts in the order they were added: the number and service name the breakdown shows */
  contracts: Pick<ContractRecord, 'contractNumber' | 'serviceName'>[];
  /** the group's data version these parts were read at (as `SessionCaller.dataVersion`), where kept */
  dataVersion?: string;
}

export interface BillRepository {
  /** Bills of the group published by `now`, newest month first. */
  listVisible(billingGroupId: string, now: Date): Promise<BillRecord[]>;
  /** The bill of a month if published by `now`. */
  findVisible(billingGroupId: string, month: string, now: Date): Promise<BillRecord | null>;
  /**
   * The bill of a month if published by `now`, with what its breakdown is computed from: the
   * month's call charges per contract (as `callRecords.chargesByContract`) and the group's contracts
   * (number and service name, in `billingGroups.contractsOf`'s order), read together — one statement
   * in PostgreSQL.
   */
  findStatement(billingGroupId: string, month: string, now: Date): Promise<BillStatementParts | null>;
  /** `findStatement` for several months at once (the bill list): the visible ones, newest month first — one statement in PostgreSQL. */
  findStatements(billingGroupId: string, months: readonly string[], now: Date): Promise<BillStatementParts[]>;
  /**
   * Publish or replace the bill of (group, month). A replacement keeps its ご請求番号; a new bill
   * gets the next running number (`B` + 10 digits), allocated atomically. Returns the stored bill.
   */
  publish(bill: Omit<BillRecord, 'billingId'>): Promise<BillRecord>;
}

export interface OpeningNoticeRepository {
  /** The contract's notices published by `now`, newest date first. */
  listVisible(contractNumber: string, now: Date): Promise<OpeningNoticeRecord[]>;
  /** Publish (or re-publish: publishedAt moves) the notice of (contract, date). */
  publish(notice: OpeningNoticeRecord): Promise<void>;
}

export type DocumentKind = 'invoice' | 'opening-notice';

export interface RenderedDocument {
  kind: DocumentKind;
  /** invoice: `<billingGroupId>/<month>`; opening notice: `<contractNumber>/<date>` */
  key: string;
  /** 1, 2, … : a re-published bill gets a new version; earlier ones are kept */
  version: number;
  sha256: string;
  createdAt: string;
  /**
   * SHA-256 of what the document was rendered from (the bill as computed, the contract…): a
   * version is served again while its source is unchanged; a changed source renders a new one.
   */
  source?: string | undefined;
  bytes: Uint8Array;
}

/** PDF bytes as issued (D-8, D-9, D-10: an archived document never changes under its hash). */
export interface DocumentRepository {
  /** Store a new version (the next number for kind + key) and return it. */
  add(doc: Omit<RenderedDocument, 'version'>): Promise<RenderedDocument>;
  latest(kind: DocumentKind, key: string): Promise<RenderedDocument | null>;
  /** One version with its bytes (`db copy` carries every version, not only the latest). */
  version(kind: DocumentKind, key: string, version: number): Promise<RenderedDocument | null>;
  /** Every version, oldest first, without bytes. */
  versions(kind: DocumentKind, key: string): Promise<Omit<RenderedDocument, 'bytes'>[]>;
}

// --- call records ---------------------------------------------------------------------------------

export interface CallQuery {
  billingGroupId: string;
  month: string;
  /** one contract only */
  contractNumber?: string | undefined;
  /** one calling number only (`from`) */
  from?: string | undefined;
}

/** A position in the (startedAt, id) order: rows strictly after it. */
export interface CallPosition {
  startedAt: string;
  id: string;
}

export interface CallChargeSum {
  contractNumber: string;
  count: number;
  sum: number;
}

/** The bulk (hundreds of thousands a month for a large customer): never loaded whole. */
export interface CallRecordRepository {
  /** At most `limit` rows after `after`, in (startedAt, id) order. */
  page(query: CallQuery, after: CallPosition | null, limit: number): Promise<CallRecordRow[]>;
  /** Every matching row in (startedAt, id) order, read in chunks (CSV export). */
  stream(query: CallQuery): AsyncIterable<CallRecordRow>;
  count(query: CallQuery): Promise<number>;
  /**
   * Characters CP932 cannot write (each becomes 〓) in the CSV lines of the matching rows: the
   * Shift_JIS export's `X-Unmappable-Chars` (D-5), exactly what the encoder replaces. Counted
   * when each row is stored (csv/unmappable.ts), so this is a sum, never a pass over the month.
   */
  unmappable(query: CallQuery): Promise<number>;
  /** Per contract: count and sum of charges of the group's month, by contract number. */
  chargesByContract(billingGroupId: string, month: string): Promise<CallChargeSum[]>;
  /** Insert all rows or none. UniqueViolation (`call-record-id`). */
  import(rows: readonly CallRecordRow[]): Promise<void>;
}

// --- inquiries, news ------------------------------------------------------------------------------

export type InquiryPatch = Partial<Pick<InquiryRecord, 'status' | 'resolvedAt' | 'effectiveFrom'>>;

export interface InquiryRepository {
  /** UniqueViolation (`inquiry-id`). */
  create(inquiry: InquiryRecord): Promise<void>;
  get(id: string): Promise<InquiryRecord | null>;
  /** The group's inquiries, newest first (createdAt, then id). */
  listByGroup(billingGroupId: string): Promise<InquiryRecord[]>;
  /** Back office: every inquiry (of a status), oldest first. */
  list(filter: { status?: InquiryRecord['status'] | undefined }): Promise<InquiryRecord[]>;
  update(id: string, patch: InquiryPatch): Promise<InquiryRecord | null>;
}

export interface NewsRepository {
  /** UniqueViolation (`news-id`). */
  create(news: NewsRecord): Promise<void>;
  /** News for every group and for this group, published by `now`, newest first. */
  listVisible(billingGroupId: string, now: Date): Promise<NewsRecord[]>;
}

// --- idempotent POSTs (D-12) ----------------------------------------------------------------------

export interface IdempotencyKey {
  /** who sent it: an account id, `operator`, or `anonymous:<ip>` — keys of two callers never meet */
  caller: string;
  key: string;
}

export interface StoredResponse {
  status: number;
  body: string;
  contentType: string;
}

export type IdempotencyReservation =
  /** first use: do the work, then `complete` (or `release` when it failed) */
  | { state: 'reserved' }
  /** the same key and body answered before: answer this again */
  | { state: 'replay'; response: StoredResponse }
  /** the same key and body are being worked on right now */
  | { state: 'in-progress' }
  /** the key was used with another body (422 IDEMPOTENCY_KEY_REUSED) */
  | { state: 'mismatch' };

/**
 * How often expired stored requests (D-12) are dropped, by engines that drop them in a pass over
 * all of them (memory, JSON, `MemoryIdempotencyStore`): at most once a minute, not on every POST.
 * A reservation checks its own key's expiry, so the others can wait.
 */
export const IDEMPOTENCY_SWEEP_MS = 60_000;

/** Whether a pass over the stored requests is due at `nowMs`, the last one made at `lastMs` (a clock set back: due). */
export function idempotencySweepDue(lastMs: number, nowMs: number): boolean {
  return nowMs - lastMs >= IDEMPOTENCY_SWEEP_MS || nowMs < lastMs;
}

/**
 * How long a reservation holds its key while its request's work is done (D-12). A key reserved and
 * then neither completed nor released — its server died in the middle of the request — is free
 * again when this has passed, not after the 24 hours a kept answer lives: a client's retry with
 * the same key (the SDK reuses it) is then done, instead of being told 409 IDEMPOTENCY_KEY_IN_USE
 * for a day. A request still being worked on renews its lease (`renew`) every third of it, so a
 * slow request keeps its key however long it takes; only a dead one lets it go.
 */
export const IDEMPOTENCY_LEASE_MS = 5 * 60_000;

export interface IdempotencyRepository {
  /**
   * Atomic reserve-or-replay of (caller, key) for `bodyHash` by `owner` (an id of the reserving
   * request's own): a new record holds the key until `leaseUntil`. A live record says what it
   * holds; an expired one — a kept answer past its day, a reservation past its lease — is taken over.
   */
  reserve(id: IdempotencyKey, bodyHash: string, owner: string, now: Date, leaseUntil: Date): Promise<IdempotencyReservation>;
  /**
   * Keeps the answer of `owner`'s reservation, replayed until `expiresAt`. False, and nothing
   * changed, when the key is no longer `owner`'s (released, or its lease ran out and another
   * request took it over).
   */
  complete(id: IdempotencyKey, owner: string, response: StoredResponse, expiresAt: Date): Promise<boolean>;
  /**
   * Moves the end of `owner`'s reservation's lease to `leaseUntil`, while its request is still
   * being worked on (a request may outlive one lease: a slow mail server). False, and nothing
   * changed, when the key is no longer `owner`'s or has its answer.
   */
  renew(id: IdempotencyKey, owner: string, leaseUntil: Date): Promise<boolean>;
  /** Forgets `owner`'s reservation whose work failed, so that a retry does the work; nothing when it is no longer `owner`'s. */
  release(id: IdempotencyKey, owner: string): Promise<void>;
}

// --- the bundle -----------------------------------------------------------------------------------

/** Everything inside one transaction. */
// --- request limits (security/limits.ts) -----------------------------------------------------------

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the key's window ends (for `Retry-After`); 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Fixed-window request counts per (hashed) key: the window starts at a key's first hit and holds
 * `limit` hits. One atomic step per hit, correct across server instances in PostgreSQL; the memory
 * and JSON engines keep them in the process's memory (bounded), not in files.
 */
export interface RateWindowRepository {
  hit(key: string, limit: number, windowMs: number, now: Date): Promise<RateDecision>;
}

export interface RepositorySet {
  accounts: AccountRepository;
  loginAttempts: LoginAttemptRepository;
  billingGroups: BillingGroupRepository;
  sessions: SessionRepository;
  links: LinkRepository;
  challenges: ChallengeRepository;
  bills: BillRepository;
  notices: OpeningNoticeRepository;
  documents: DocumentRepository;
  callRecords: CallRecordRepository;
  inquiries: InquiryRepository;
  news: NewsRepository;
  idempotency: IdempotencyRepository;
  rateWindows: RateWindowRepository;
}

/** What domain code receives (injected, as the clock is). */
export interface Repositories extends RepositorySet {
  /** Run `work` atomically and serialisably (see the contract above); resolves with its result. */
  transaction<T>(work: (tx: RepositorySet) => Promise<T>): Promise<T>;
  /**
   * This instance's computed bill breakdowns by (group, month, data version), where the engine keeps
   * data versions (every engine here: PostgreSQL per billing group, the memory and JSON engines one
   * count of every change); an engine without them serves every read from its parts.
   */
  readonly billCache?: BillCache;
  /** the same for contract lists (`GET /contracts`) */
  readonly contractListCache?: ContractListCache;
}

/** An engine: the repositories plus its lifecycle (main.ts, tests). */
export interface StoreEngine extends Repositories {
  readonly name: string;
  /** True while the store holds no billing group and no account (`--demo` seeds only then). */
  isEmpty(): Promise<boolean>;
  /** Bulk-load a whole data graph (schema.ts) into an EMPTY store: `--demo`, test seeds, copying a store. */
  load(data: Data): Promise<void>;
  /** Persist what is kept lazily (session expiry), wait for pending writes, release the folder/connection. */
  close(): Promise<void>;
}
