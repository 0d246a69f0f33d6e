import type { AccountRecord, CallRecordRow, ContractRecord, SessionRecord } from '../schema.js';
import {
  UniqueViolation,
  type AccountRepository,
  type BillRepository,
  type BillStatementParts,
  type BillingGroupRepository,
  type CallQuery,
  type CallRecordRepository,
  type ChallengeRepository,
  type DocumentRepository,
  type IdempotencyKey,
  type IdempotencyRepository,
  type InquiryRepository,
  type LinkRepository,
  type LoginAttemptRepository,
  type NewsRepository,
  type OpeningNoticeRepository,
  type RateWindowRepository,
  type RepositorySet,
  type SessionCaller,
  type SessionRepository,
  type ThrottlePolicy,
  type SessionPolicy,
  slidExpiryMs,
  SLIDE_STEP_MS,
  idempotencySweepDue,
} from '../repositories.js';
import { countFailure, forgetAfter, lockedFor, type FailureState } from '../failure-rule.js';
import type { PackedRows } from './call-pack.js';
import { bucketKey, groupPartition, loginFailurePartition, MAIN, type Collection, type IdempotencyEntry, type Journal, type State } from './state.js';
import { isoInstant } from '../../infra/iso-instant.js';


/*
 * The repositories over an in-memory State (memory and JSON engines). A Scope says how a read and
 * a write run: outside a transaction a write is applied synchronously (atomic: JavaScript runs one
 * callback at a time) and then made durable by the engine; inside a transaction it joins the
 * transaction's journal.
 */

export interface Scope {
  read<T>(fn: () => T): Promise<T>;
  /** Whether a read may run in this turn (`read` would run it at once): no transaction holds the engine. */
  canReadNow(): boolean;
  write<T>(fn: (j: Journal) => T): Promise<T>;
  /** A session's slid expiry: kept in memory, persisted lazily by the engine. */
  touched(session: SessionRecord, now: Date): void;
  /**
   * The engine's data version (its count of every change, undo included), or undefined inside a
   * transaction, whose changes may yet be undone: answers computed at one version stay valid
   * while it is the same (domain/bill-cache.ts).
   */
  dataVersion(): string | undefined;
}

const version = (scope: Scope): { dataVersion?: string } => {
  const v = scope.dataVersion();
  return v === undefined ? {} : { dataVersion: v };
};

/**
 * A copy of what a caller hands in, so the store never holds (and freezes) the caller's object.
 * Records are plain JSON data (the JSON engine writes them with JSON.stringify), so a walk over
 * arrays and own keys copies them exactly. What the repositories hand OUT is the stored record
 * itself, deep-frozen by its Collection (state.ts `deepFreeze`): no copy per read, and a caller
 * that tries to change it gets a TypeError instead of changing the store.
 */
function copy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copy) as T;
  if (ArrayBuffer.isView(value)) return (value as unknown as Uint8Array).slice() as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
  return out as T;
}
const emailKey = (email: string) => email.trim().toLowerCase();

export function createRepositorySet(state: State, scope: Scope): RepositorySet {
  const { read, write } = scope;
  /** The records a billing group's file holds (the partition index doubles as the by-group index). */
  const ofGroup = <V>(c: Collection<string, V>, groupId: string): V[] => c.keysOf(groupPartition(groupId)).map((k) => c.get(k)!);

  // --- accounts ---
  const sortAccounts = (list: AccountRecord[]) =>
    list.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.accessId.localeCompare(b.accessId));
  const emailTaken = (billingGroupId: string, email: string, exceptId?: string) => {
    const key = emailKey(email);
    for (const a of ofGroup(state.accounts, billingGroupId)) if (a.id !== exceptId && emailKey(a.email) === key) return true;
    return false;
  };
  const removeAccount = (j: Journal, id: string) => {
    const account = state.accounts.get(id);
    if (!account) return false;
    j.remove(state.accounts, id);
    j.remove(state.accountIdByAccessId, account.accessId);
    for (const [hash, l] of state.links) if (l.accountId === id) j.remove(state.links, hash);
    for (const [cid, c] of state.challenges) if (c.accountId === id) j.remove(state.challenges, cid);
    return true;
  };

  const accounts: AccountRepository = {
    get: (id) => read(() => state.accounts.get(id) ?? null),
    getMany: (ids) => read(() => ids.map((id) => state.accounts.get(id)).filter((a) => a !== undefined)),
    byAccessId: (accessId) => read(() => accountByAccessId(state, accessId) ?? null),
    listByGroup: (groupId) => read(() => sortAccounts(ofGroup(state.accounts, groupId))),
    activeByEmail: (email) =>
      read(() => sortAccounts([...state.accounts.values()].filter((a) => a.status === 'active' && emailKey(a.email) === emailKey(email)))),
    notifiable: (groupId) =>
      read(() => sortAccounts((groupId === null ? [...state.accounts.values()] : ofGroup(state.accounts, groupId)).filter((a) => a.status === 'active' && a.notify))),
    hasOtherActiveAdmin: (groupId, exceptId) =>
      read(() => ofGroup(state.accounts, groupId).some((a) => a.id !== exceptId && a.role === 'admin' && a.status === 'active')),
    create: (account, newAccessId) =>
      write((j) => {
        if (state.accounts.has(account.id)) throw new UniqueViolation('account-id');
        if (emailTaken(account.billingGroupId, account.email)) throw new UniqueViolation('account-email-in-group');
        let accessId = newAccessId();
        while (state.accountIdByAccessId.has(accessId)) accessId = newAccessId();
        const record: AccountRecord = { ...copy(account), accessId };
        j.put(state.accounts, record.id, record);
        j.put(state.accountIdByAccessId, accessId, record.id);
        return record;
      }),
    update: (id, patch) =>
      write((j) => {
        const current = state.accounts.get(id);
        if (!current) return null;
        if (patch.email !== undefined && emailTaken(current.billingGroupId, patch.email, id)) throw new UniqueViolation('account-email-in-group');
        const next: AccountRecord = { ...current, ...copy(patch) };
        j.put(state.accounts, id, next);
        return next;
      }),
    rehashPassword: (id, from, to) =>
      write((j) => {
        const current = state.accounts.get(id);
        if (!current || current.passwordHash !== from) return false;
        j.put(state.accounts, id, { ...current, passwordHash: to });
        return true;
      }),
    delete: (id) => write((j) => removeAccount(j, id)),
  };

  // --- failed logins ---
  // One record per key, known or not, in the key's `login-failures/NN.json`: the same write either way.
  /** A copy of the key's state (stored records are never changed in place). */
  const failureOf = (key: string): FailureState => {
    const f = state.loginFailures.get(key);
    return f ? { count: f.count, since: f.since, lockedUntil: f.lockedUntil } : { count: 0, since: null, lockedUntil: null };
  };
  /** Store `s` as the key's record (or forget it when it counts nothing), with the upkeep described in ThrottlePolicy. */
  const storeFailure = (j: Journal, key: string, s: FailureState, now: Date, policy: ThrottlePolicy) => {
    const t = now.getTime();
    // Records of the same file that no longer matter go with this write (the file is written anyway).
    for (const other of state.loginFailures.keysOf(loginFailurePartition(key))) {
      if (other !== key && forgetAfter(state.loginFailures.get(other)!, policy) <= t) j.remove(state.loginFailures, other);
    }
    if (!state.loginFailures.has(key) && state.loginFailures.size >= policy.maxUnknownKeys) {
      const unknown = [...state.loginFailures.values()].filter((f) => !state.accountIdByAccessId.has(f.key));
      unknown.sort((a, b) => forgetAfter(a, policy) - forgetAfter(b, policy));
      for (const f of unknown.slice(0, Math.max(0, unknown.length - (policy.maxUnknownKeys - 1)))) j.remove(state.loginFailures, f.key);
    }
    if (forgetAfter(s, policy) > t) j.put(state.loginFailures, key, { key, count: s.count, since: s.since, lockedUntil: s.lockedUntil });
    else j.remove(state.loginFailures, key);
  };

  const loginAttempts: LoginAttemptRepository = {
    reserve: (key, now, policy) =>
      write((j) => {
        const s = failureOf(key);
        const retryAfterSeconds = lockedFor(s, now);
        if (retryAfterSeconds !== null) return { ok: false as const, retryAfterSeconds };
        countFailure(s, now, policy);
        storeFailure(j, key, s, now, policy);
        return { ok: true as const, attempt: { key, windowSince: s.since! } };
      }),
    refund: (attempt, now, policy) =>
      write((j) => {
        const s = failureOf(attempt.key);
        if (s.since !== attempt.windowSince || s.count === 0) return;
        s.count -= 1;
        if (s.count < policy.maxFailures) s.lockedUntil = null;
        storeFailure(j, attempt.key, s, now, policy);
      }),
    recordFailure: (key, now, policy) =>
      write((j) => {
        const s = failureOf(key);
        if (lockedFor(s, now) !== null) return;
        countFailure(s, now, policy);
        storeFailure(j, key, s, now, policy);
      }),
    retryAfter: (key, now) => read(() => lockedFor(failureOf(key), now)),
    reset: (key) => write((j) => j.remove(state.loginFailures, key)),
  };

  // --- billing groups and contracts ---
  const addContractRecord = (j: Journal, c: ContractRecord) => {
    j.put(state.contracts, c.contractNumber, copy(c));
    j.put(state.contractsByGroup, c.billingGroupId, [...(state.contractsByGroup.get(c.billingGroupId) ?? []), c.contractNumber]);
  };
  const billingGroups: BillingGroupRepository = {
    get: (id) => read(() => state.groups.get(id) ?? null),
    create: (group, contracts) =>
      write((j) => {
        if (state.groups.has(group.id)) throw new UniqueViolation('billing-group-id');
        const numbers = new Set<string>();
        for (const c of contracts) {
          if (state.contracts.has(c.contractNumber) || numbers.has(c.contractNumber)) throw new UniqueViolation('contract-number');
          numbers.add(c.contractNumber);
        }
        j.put(state.groups, group.id, copy(group));
        for (const c of contracts) addContractRecord(j, { ...c, billingGroupId: group.id });
      }),
    update: (id, patch) =>
      write((j) => {
        const current = state.groups.get(id);
        if (!current) return null;
        const next = { ...current, ...copy(patch) };
        j.put(state.groups, id, next);
        return next;
      }),
    contractsOf: (groupId, group) =>
      read(() =>
        (state.contractsByGroup.get(groupId) ?? [])
          .map((n) => state.contracts.get(n)!)
          .filter((c) => group === undefined || c.group === group),
      ),
    contract: (n) => read(() => state.contracts.get(n) ?? null),
    addContract: (contract) =>
      write((j) => {
        if (!state.groups.has(contract.billingGroupId)) return false;
        if (state.contracts.has(contract.contractNumber)) throw new UniqueViolation('contract-number');
        addContractRecord(j, contract);
        return true;
      }),
  };

  // --- sessions ---
  const live = (s: SessionRecord | undefined, now: Date): s is SessionRecord => s !== undefined && s.endedAt === null && new Date(s.expiresAt) > now;
  /** When each record put in place by `slide` was slid, and the expiry it got (ms). */
  const slidAt = new WeakMap<SessionRecord, { atMs: number; expiresMs: number }>();
  /**
   * The session slid forward (R-LOGIN-4), or null when it is ended, idle too long or past its
   * absolute lifetime. Not journalled: a read; put in place, the engine decides when it reaches the
   * disk. Every request runs this, so each date is parsed once and `now` printed once. A session
   * slid less than SLIDE_STEP_MS ago and still live is returned as it is: a client's burst of
   * requests costs one new record a second, and its expiry is at most that much early, never late.
   */
  const slide = (tokenHash: string, now: Date, policy: SessionPolicy): SessionRecord | null => {
    const s = state.sessions.get(tokenHash);
    if (s === undefined) return null;
    const at = now.getTime();
    const last = slidAt.get(s);
    if (last !== undefined && at >= last.atMs && at - last.atMs < SLIDE_STEP_MS && at < last.expiresMs && s.endedAt === null) return s;
    const createdMs = policy.absoluteMs === undefined ? 0 : Date.parse(s.createdAt);
    const expires = slidExpiryMs(createdMs, Date.parse(s.expiresAt), s.endedAt !== null, now, policy);
    if (expires === null) return null;
    const seen = isoInstant(at);
    // a flat record of strings: frozen here, so the collection's deep freeze has nothing to walk
    const next: SessionRecord = Object.freeze({ ...s, lastSeenAt: seen, expiresAt: expires === at ? seen : isoInstant(expires) });
    state.sessions.set(tokenHash, next);
    slidAt.set(next, { atMs: at, expiresMs: expires });
    scope.touched(next, now);
    return next;
  };
  const resolveSession = (tokenHash: string, now: Date, policy: SessionPolicy): SessionCaller | null => {
    const session = slide(tokenHash, now, policy);
    const account = session && state.accounts.get(session.accountId);
    const group = account && state.groups.get(account.billingGroupId);
    return session && account && group ? { session, account, group, ...version(scope) } : null;
  };
  const sessions: SessionRepository = {
    create: (session, now) =>
      write((j) => {
        for (const [hash, s] of state.sessions) if (s.accountId === session.accountId && !live(s, now)) j.remove(state.sessions, hash);
        j.put(state.sessions, session.tokenHash, copy(session));
      }),
    touch: (tokenHash, now, policy) => read(() => slide(tokenHash, now, policy)),
    // One read for what every signed-in request needs: no await between the session and its caller.
    resolve: (tokenHash, now, policy) => read(() => resolveSession(tokenHash, now, policy)),
    resolveNow: (tokenHash, now, policy) => (scope.canReadNow() ? resolveSession(tokenHash, now, policy) : undefined),
    get: (tokenHash) => read(() => state.sessions.get(tokenHash) ?? null),
    end: (tokenHash, now) =>
      write((j) => {
        const s = state.sessions.get(tokenHash);
        if (s && s.endedAt === null) j.put(state.sessions, tokenHash, { ...s, endedAt: now.toISOString() });
      }),
    endAllOf: (accountId, now) =>
      write((j) => {
        for (const [hash, s] of state.sessions) if (s.accountId === accountId && s.endedAt === null) j.put(state.sessions, hash, { ...s, endedAt: now.toISOString() });
      }),
  };

  // --- links and challenges ---
  const LINK_KEEP_MS = 10 * 24 * 60 * 60_000;
  const links: LinkRepository = {
    issue: (link, now) =>
      write((j) => {
        for (const [hash, l] of state.links) {
          if (l.accountId === link.accountId && l.purpose === link.purpose && l.usedAt === null) j.put(state.links, hash, { ...l, usedAt: now.toISOString() });
        }
        for (const [hash, l] of state.links) {
          const dead = l.usedAt === null ? new Date(l.expiresAt) <= now : now.getTime() - new Date(l.usedAt).getTime() >= LINK_KEEP_MS;
          if (dead) j.remove(state.links, hash);
        }
        j.put(state.links, link.tokenHash, copy(link));
      }),
    findValid: (hash, now, purpose) => read(() => validLink(state, hash, now, purpose) ?? null),
    consume: (hash, now, purpose) =>
      write((j) => {
        const l = validLink(state, hash, now, purpose);
        if (!l) return null;
        const used = { ...l, usedAt: now.toISOString() };
        j.put(state.links, hash, used);
        return used;
      }),
  };

  const open = (id: string, now: Date) => {
    const c = state.challenges.get(id);
    return c && c.usedAt === null && c.voidedAt === null && new Date(c.expiresAt) > now ? c : undefined;
  };
  const challenges: ChallengeRepository = {
    issue: (challenge, now) =>
      write((j) => {
        // Wrong OTPs of the challenge this one replaces carry over (see the interface).
        let carried = 0;
        for (const c of state.challenges.values()) if (c.accountId === challenge.accountId && c.usedAt === null && c.voidedAt === null) carried = Math.max(carried, c.attempts);
        for (const [id, c] of state.challenges) {
          if (c.accountId === challenge.accountId && c.usedAt === null && c.voidedAt === null) j.remove(state.challenges, id);
          else if (c.usedAt !== null || c.voidedAt !== null || new Date(c.expiresAt) <= now) j.remove(state.challenges, id);
        }
        j.put(state.challenges, challenge.id, { ...copy(challenge), attempts: Math.max(challenge.attempts, carried) });
      }),
    findOpen: (id, now) => read(() => open(id, now) ?? null),
    consume: (id, right, now, maxAttempts) =>
      write((j) => {
        const c = open(id, now);
        if (!c) return { ok: false as const, attemptsLeft: null };
        if (right) {
          const used = { ...c, usedAt: now.toISOString() };
          j.put(state.challenges, id, used);
          return { ok: true as const, challenge: used };
        }
        const attempts = c.attempts + 1;
        j.put(state.challenges, id, { ...c, attempts, voidedAt: attempts >= maxAttempts ? now.toISOString() : null });
        return { ok: false as const, attemptsLeft: Math.max(0, maxAttempts - attempts) };
      }),
    voidOpenOf: (accountId, now) =>
      write((j) => {
        for (const [id, c] of state.challenges) {
          if (c.accountId === accountId && c.usedAt === null && c.voidedAt === null) j.put(state.challenges, id, { ...c, voidedAt: now.toISOString() });
        }
      }),
  };

  // --- bills, notices, documents ---
  const visible = (publishedAt: string, now: Date) => new Date(publishedAt) <= now;
  const bills: BillRepository = {
    listVisible: (groupId, now) =>
      read(() =>
        ofGroup(state.bills, groupId)
          .filter((b) => visible(b.publishedAt, now))
          .sort((a, b) => b.month.localeCompare(a.month)),
      ),
    findVisible: (groupId, month, now) =>
      read(() => {
        const b = state.bills.get(bucketKey(groupId, month));
        return b && visible(b.publishedAt, now) ? b : null;
      }),
    findStatement: async (groupId, month, now) => {
      const at = version(scope);
      const bill = await bills.findVisible(groupId, month, now);
      if (!bill) return null;
      const parts = {
        bill,
        charges: await callRecords.chargesByContract(groupId, month),
        contracts: (await billingGroups.contractsOf(groupId)).map(({ contractNumber, serviceName }) => ({ contractNumber, serviceName })),
      };
      // the version they were read at, only when no write came between the reads above
      return at.dataVersion !== undefined && version(scope).dataVersion === at.dataVersion ? { ...parts, ...at } : parts;
    },
    findStatements: async (groupId, months, now) => {
      const found: BillStatementParts[] = [];
      for (const month of [...new Set(months)].sort().reverse()) {
        const parts = await bills.findStatement(groupId, month, now);
        if (parts) found.push(parts);
      }
      return found;
    },
    publish: (bill) =>
      write((j) => {
        const key = bucketKey(bill.billingGroupId, bill.month);
        const existing = state.bills.get(key);
        let billingId = existing?.billingId;
        if (!billingId) {
          const seq = state.billingSeq.get('seq')! + 1;
          j.put(state.billingSeq, 'seq', seq);
          billingId = `B${String(seq).padStart(10, '0')}`;
        }
        const record = { ...copy(bill), billingId };
        j.put(state.bills, key, record);
        return record;
      }),
  };

  const notices: OpeningNoticeRepository = {
    listVisible: (contractNumber, now) =>
      read(() =>
        [...state.notices.values()]
          .filter((n) => n.contractNumber === contractNumber && visible(n.publishedAt, now))
          .sort((a, b) => b.date.localeCompare(a.date)),
      ),
    publish: (notice) => write((j) => j.put(state.notices, `${notice.contractNumber}\u0000${notice.date}`, copy(notice))),
  };

  const documents: DocumentRepository = {
    add: (doc) =>
      write((j) => {
        const key = `${doc.kind}\u0000${doc.key}`;
        const list = state.documents.get(key) ?? [];
        const stored = { ...doc, bytes: Uint8Array.from(doc.bytes), version: list.length + 1 };
        j.put(state.documents, key, [...list, stored]);
        return { ...stored, bytes: Uint8Array.from(stored.bytes) };
      }),
    latest: (kind, key) =>
      read(() => {
        const d = state.documents.get(`${kind}\u0000${key}`)?.at(-1);
        return d ? { ...d, bytes: Uint8Array.from(d.bytes) } : null;
      }),
    version: (kind, key, version) =>
      read(() => {
        const d = state.documents.get(`${kind}\u0000${key}`)?.find((v) => v.version === version);
        return d ? { ...d, bytes: Uint8Array.from(d.bytes) } : null;
      }),
    versions: (kind, key) => read(() => (state.documents.get(`${kind}\u0000${key}`) ?? []).map(({ bytes: _bytes, ...rest }) => rest)),
  };

  // --- call records ---
  /**
   * The query's filters, on the numbers the packed rows hold (call-pack.ts): no row object for a
   * row left out. null: a filter no row can pass (a contract or calling line no row names).
   */
  const filterOf = (q: CallQuery): ((rows: PackedRows, i: number) => boolean) | null => {
    if (q.contractNumber === undefined && q.from === undefined) return () => true;
    const contract = q.contractNumber === undefined ? -1 : state.callTexts.find(q.contractNumber);
    const from = q.from === undefined ? -1 : state.callTexts.find(q.from);
    if ((q.contractNumber !== undefined && contract < 0) || (q.from !== undefined && from < 0)) return null;
    return (rows, i) => {
      const k = rows.keys(i);
      return (contract < 0 || k.contract === contract) && (from < 0 || k.from === from);
    };
  };
  const keeps = (q: CallQuery) => (r: CallRecordRow) => (q.contractNumber === undefined || r.contractNumber === q.contractNumber) && (q.from === undefined || r.from === q.from);
  const callRecords: CallRecordRepository = {
    page: (q, after, limit) =>
      read(() => {
        // From the position in the whole month (a binary search), forward until the page is full:
        // a filtered export of a large month costs one pass, not a pass per page.
        const rows = state.callRows(q.billingGroupId, q.month);
        const keep = filterOf(q);
        const page: CallRecordRow[] = [];
        if (keep === null) return page;
        for (let i = after ? rows.firstAfter(after) : 0; i < rows.length && page.length < limit; i++) if (keep(rows, i)) page.push(rows.row(i));
        return page;
      }),
    stream: (q) => ({
      async *[Symbol.asyncIterator]() {
        const CHUNK = 1000;
        let after: { startedAt: string; id: string } | null = null;
        for (;;) {
          const chunk: CallRecordRow[] = await callRecords.page(q, after, CHUNK);
          yield* chunk;
          if (chunk.length < CHUNK) return;
          after = chunk[chunk.length - 1]!;
        }
      },
    }),
    count: (q) =>
      read(() => {
        const rows = state.callRows(q.billingGroupId, q.month);
        const keep = filterOf(q);
        if (keep === null) return 0;
        if (q.contractNumber === undefined && q.from === undefined) return rows.length;
        let n = 0;
        for (let i = 0; i < rows.length; i++) if (keep(rows, i)) n++;
        return n;
      }),
    unmappable: (q) =>
      read(() => {
        // counted when the rows were stored (state.ts callBucket): a sum, not a pass over the month
        const bucket = state.calls.get(bucketKey(q.billingGroupId, q.month));
        if (!bucket) return 0;
        if (q.contractNumber === undefined && q.from === undefined) return bucket.unmappable;
        const keep = keeps(q);
        let n = 0;
        for (const u of bucket.unmappableRows) if (keep(u.row)) n += u.n;
        return n;
      }),
    chargesByContract: (groupId, month) =>
      read(() => {
        // once per stored month (a bucket is replaced, not changed, by an import): a bill read sums nothing
        const bucket = state.calls.get(bucketKey(groupId, month));
        if (!bucket) return [];
        bucket.charges ??= Object.freeze(
          [...bucket.rows.chargesByContract()]
            .map(([contract, { count, sum }]) => Object.freeze({ contractNumber: state.callTexts.text(contract), count, sum }))
            .sort((a, b) => a.contractNumber.localeCompare(b.contractNumber)),
        );
        return [...bucket.charges];
      }),
    import: (rows) =>
      write((j) => {
        const ids = new Set<string>();
        for (const r of rows) {
          if (state.callIds.has(r.id) || ids.has(r.id)) throw new UniqueViolation('call-record-id');
          ids.add(r.id);
        }
        state.addCalls(rows, j);
      }),
  };

  // --- inquiries, news ---
  const inquiries: InquiryRepository = {
    create: (inquiry) =>
      write((j) => {
        if (state.inquiries.has(inquiry.id)) throw new UniqueViolation('inquiry-id');
        j.put(state.inquiries, inquiry.id, copy(inquiry));
      }),
    get: (id) => read(() => state.inquiries.get(id) ?? null),
    listByGroup: (groupId) =>
      read(() =>
        ofGroup(state.inquiries, groupId)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)),
      ),
    list: ({ status }) =>
      read(() =>
        [...state.inquiries.values()]
          .filter((i) => status === undefined || i.status === status)
          .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
      ),
    update: (id, patch) =>
      write((j) => {
        const current = state.inquiries.get(id);
        if (!current) return null;
        const next = { ...current, ...copy(patch) };
        j.put(state.inquiries, id, next);
        return next;
      }),
  };

  const news: NewsRepository = {
    create: (item) =>
      write((j) => {
        if (state.news.has(item.id)) throw new UniqueViolation('news-id');
        j.put(state.news, item.id, copy(item));
      }),
    listVisible: (groupId, now) =>
      read(() =>
        [...ofGroup(state.news, groupId), ...state.news.keysOf(MAIN).map((k) => state.news.get(k)!)]
          .filter((n) => (n.billingGroupId === null || n.billingGroupId === groupId) && visible(n.publishedAt, now))
          .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.id.localeCompare(a.id)),
      ),
  };

  // --- idempotency ---
  const idKey = (id: { caller: string; key: string }) => `${id.caller}\u0000${id.key}`;
  /**
   * A reservation checks its own key's expiry, so the other records can wait: expired ones are
   * dropped by a pass over all of them at most once a minute (state.idempotencySweptAtMs), by the
   * first reservation that comes a minute or more after the last pass, instead of a pass per POST
   * (a day of stored requests can be tens of thousands).
   */
  const dropExpired = (j: Journal, now: Date) => {
    const at = now.getTime();
    if (!idempotencySweepDue(state.idempotencySweptAtMs, at)) return;
    state.idempotencySweptAtMs = at;
    for (const [k, e] of state.idempotency) if (Date.parse(e.expiresAt) <= at) j.remove(state.idempotency, k);
  };
  /** The record of `id` while it is `owner`'s reservation still in progress (only then may `owner` change it). */
  const held = (id: IdempotencyKey, owner: string) => {
    const entry = state.idempotency.get(idKey(id));
    return entry && entry.owner === owner && !entry.response ? entry : undefined;
  };
  /** `change` applied to `owner`'s reservation in progress; false, and nothing changed, when it is no longer theirs. */
  const changeHeld = (id: IdempotencyKey, owner: string, change: Partial<IdempotencyEntry>) =>
    write((j) => {
      const entry = held(id, owner);
      if (entry) j.put(state.idempotency, idKey(id), { ...entry, ...change });
      return entry !== undefined;
    });
  const idempotency: IdempotencyRepository = {
    reserve: (id, bodyHash, owner, now, leaseUntil) =>
      write((j) => {
        const key = idKey(id);
        const entry = state.idempotency.get(key);
        if (entry && new Date(entry.expiresAt) > now) {
          if (entry.bodyHash !== bodyHash) return { state: 'mismatch' as const };
          return entry.response ? { state: 'replay' as const, response: entry.response } : { state: 'in-progress' as const };
        }
        dropExpired(j, now);
        j.put(state.idempotency, key, { caller: id.caller, key: id.key, bodyHash, owner, expiresAt: leaseUntil.toISOString(), response: null });
        return { state: 'reserved' as const };
      }),
    complete: (id, owner, response, expiresAt) => changeHeld(id, owner, { expiresAt: expiresAt.toISOString(), response: copy(response) }),
    renew: (id, owner, leaseUntil) => changeHeld(id, owner, { expiresAt: leaseUntil.toISOString() }),
    release: (id, owner) =>
      write((j) => {
        if (held(id, owner)) j.remove(state.idempotency, idKey(id));
      }),
  };

  const rateWindows: RateWindowRepository = {
    hit: (key, limit, windowMs, now) => read(() => state.rateWindows.hit(key, limit, windowMs, now)),
  };

  return { accounts, loginAttempts, billingGroups, sessions, links, challenges, bills, notices, documents, callRecords, inquiries, news, idempotency, rateWindows };
}

function accountByAccessId(state: State, accessId: string): AccountRecord | undefined {
  const id = state.accountIdByAccessId.get(accessId);
  return id === undefined ? undefined : state.accounts.get(id);
}

function validLink(state: State, hash: string, now: Date, purpose?: string) {
  const l = state.links.get(hash);
  if (!l || l.usedAt !== null || new Date(l.expiresAt) <= now) return undefined;
  if (purpose !== undefined && l.purpose !== purpose) return undefined;
  return l;
}
