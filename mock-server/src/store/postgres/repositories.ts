import type { AccountRecord, BillingGroupRecord, CallRecordRow, SessionRecord } from '../schema.js';
import {
  UniqueViolation,
  slidExpiryMs,
  type AccountPatch,
  type AccountRepository,
  type BillRepository,
  type BillStatementParts,
  type BillingGroupPatch,
  type BillingGroupRepository,
  type CallQuery,
  type CallRecordRepository,
  type ChallengeRepository,
  type DocumentRepository,
  type IdempotencyRepository,
  type InquiryPatch,
  type InquiryRepository,
  type LinkRepository,
  type LoginAttemptRepository,
  type LoginAttemptReservation,
  type NewsRepository,
  type OpeningNoticeRepository,
  type RateWindowRepository,
  type RepositorySet,
  type SessionPolicy,
  type SessionRepository,
  type StoredResponse,
  type ThrottlePolicy,
} from '../repositories.js';
import { PoolDb, type Db, type Row } from './db.js';
import { TurnBatch } from './batch.js';
import { ACCOUNT_COLUMNS, CALL_COLUMNS, CONTRACT_COLUMNS, accountValues, contractValues, emailKey, iso, json, toAccount, toBill, toCall, toChallenge, toContract, toDocument, toGroup, toInquiry, toLink, toNews, toNotice, toSession } from './rows.js';
import { countFailure, forgetAfter, lockedFor, type FailureState } from '../failure-rule.js';
import { unmappableInCallRecord } from '../../csv/unmappable.js';
import { isoInstant } from '../../infra/iso-instant.js';

/*
 * The repositories in SQL (SPEC D-13). Each atomic rule of the contract is one statement or one
 * transaction, correct however many server instances share the database:
 * - login attempts: the key's login_failures row (known ID or not) is locked (SELECT … FOR UPDATE)
 *   while the failure is counted;
 * - links and OTPs: `UPDATE … WHERE used_at IS NULL … RETURNING` — one caller gets the row;
 * - email unique in a group, access IDs, ids: unique indexes (→ UniqueViolation);
 * - idempotency: `INSERT … ON CONFLICT DO UPDATE … WHERE expired RETURNING` reserves or reports (a
 *   reservation expires at its lease's end until completed); renew, complete and release check the owner;
 * - ご請求番号 and document versions: serialisable transactions (retried).
 */

/** A slid session expiry is written when it moved this much past the stored one (never per request). */
export const SESSION_WRITE_AFTER_MS = 60_000;
/** Rows per statement for bulk inserts and per query for streams. */
export const CHUNK = 2_000;
/** Used or voided links are kept this long (as in the other engines), then forgotten. */
const LINK_KEEP_MS = 10 * 24 * 60 * 60_000;

const one = <T>(rows: Row[], map: (r: Row) => T): T | null => (rows[0] ? map(rows[0]) : null);

/** `SET a = $n, …` for the defined keys of a patch; null when nothing is to change. */
function setClause(patch: Record<string, unknown>, columns: Record<string, [column: string, convert?: (v: unknown) => unknown]>, first: number) {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [key, [column, convert]] of Object.entries(columns)) {
    if (patch[key] === undefined) continue;
    values.push(convert ? convert(patch[key]) : patch[key]);
    sets.push(`${column} = $${first + values.length - 1}`);
  }
  return sets.length ? { sql: sets.join(', '), values } : null;
}

export function createRepositorySet(db: Db): RepositorySet {
  // --- accounts ---
  const ACCOUNT_PATCH: Record<keyof Required<AccountPatch>, [string, ((v: unknown) => unknown)?]> = {
    email: ['email'],
    name: ['name'],
    role: ['role'],
    notify: ['notify'],
    status: ['status'],
    passwordHash: ['password_hash'],
    temporaryPasswordHash: ['temporary_password_hash'],
  };
  const accounts: AccountRepository = {
    get: async (id) => one(await db.query('SELECT * FROM accounts WHERE id = $1', [id]), toAccount),
    getMany: async (ids) => (await db.query('SELECT * FROM accounts WHERE id = ANY($1::text[])', [ids])).map(toAccount),
    byAccessId: async (accessId) => one(await db.query('SELECT * FROM accounts WHERE access_id = $1', [accessId]), toAccount),
    listByGroup: async (groupId) => (await db.query('SELECT * FROM accounts WHERE billing_group_id = $1 ORDER BY created_at, access_id', [groupId])).map(toAccount),
    activeByEmail: async (email) =>
      (await db.query("SELECT * FROM accounts WHERE email_key = $1 AND status = 'active' ORDER BY created_at, access_id", [emailKey(email)])).map(toAccount),
    notifiable: async (groupId) =>
      (
        await db.query("SELECT * FROM accounts WHERE status = 'active' AND notify AND ($1::text IS NULL OR billing_group_id = $1) ORDER BY created_at, access_id", [groupId])
      ).map(toAccount),
    hasOtherActiveAdmin: async (groupId, exceptId) =>
      (
        await db.query<{ found: boolean }>(
          "SELECT EXISTS (SELECT 1 FROM accounts WHERE billing_group_id = $1 AND id <> $2 AND role = 'admin' AND status = 'active') AS found",
          [groupId, exceptId],
        )
      )[0]!.found,
    create: async (account, newAccessId) => {
      for (;;) {
        const record = { ...account, accessId: newAccessId() };
        try {
          const placeholders = accountValues(record).map((_, i) => `$${i + 1}`).join(', ');
          return (await db.step((d) => d.query(`INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES (${placeholders}) RETURNING *`, accountValues(record))))
            .map(toAccount)[0]!;
        } catch (error) {
          // a colliding access ID: ask the generator again (the contract's loop)
          if (error instanceof UniqueViolation && error.constraint === 'account-access-id') continue;
          throw error;
        }
      }
    },
    update: async (id, patch) => {
      const set = setClause(patch, ACCOUNT_PATCH, 2);
      if (!set) return accounts.get(id);
      const extra = patch.email !== undefined ? `, email_key = $${set.values.length + 2}` : '';
      const values = [id, ...set.values, ...(patch.email !== undefined ? [emailKey(patch.email)] : [])];
      return one(await db.query(`UPDATE accounts SET ${set.sql}${extra} WHERE id = $1 RETURNING *`, values), toAccount);
    },
    rehashPassword: async (id, from, to) =>
      (await db.query('UPDATE accounts SET password_hash = $3 WHERE id = $1 AND password_hash = $2 RETURNING id', [id, from, to])).length > 0,
    delete: async (id) => {
      const rows = await db.query<{ n: number }>(
        `WITH a AS (DELETE FROM accounts WHERE id = $1 RETURNING id),
              l AS (DELETE FROM links WHERE account_id IN (SELECT id FROM a)),
              c AS (DELETE FROM challenges WHERE account_id IN (SELECT id FROM a))
         SELECT count(*)::int AS n FROM a`,
        [id],
      );
      return rows[0]!.n > 0;
    },
  };

  // --- failed logins ---
  /**
   * Lock the key's login_failures row (known access ID or not: the same statements either way) for
   * the rest of the transaction, let `change` decide, and store it — or delete it once it no longer
   * matters. A new row first takes away the rows that no longer matter and the unknown keys beyond
   * the bound (ThrottlePolicy.maxUnknownKeys); rows another request holds are skipped, never waited for.
   */
  const withFailures = <T>(key: string, now: Date, policy: ThrottlePolicy, change: (s: FailureState) => { result: T; store: boolean }) =>
    db.atomic(async (d) => {
      const inserted = await d.query(
        'INSERT INTO login_failures (key, count, since, locked_until, forget_after) VALUES ($1, 0, NULL, NULL, $2) ON CONFLICT (key) DO NOTHING RETURNING key',
        [key, now.toISOString()],
      );
      if (inserted.length > 0) {
        await d.query(
          `DELETE FROM login_failures WHERE key IN (
             SELECT key FROM login_failures WHERE forget_after <= $2 AND key <> $1 FOR UPDATE SKIP LOCKED)`,
          [key, now.toISOString()],
        );
        await d.query(
          `DELETE FROM login_failures WHERE key IN (
             SELECT f.key FROM login_failures f
             WHERE f.key <> $1 AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.access_id = f.key)
             ORDER BY f.forget_after DESC, f.key OFFSET $2 FOR UPDATE OF f SKIP LOCKED)`,
          [key, Math.max(0, policy.maxUnknownKeys - 1)],
        );
      }
      const row = (await d.query('SELECT count AS failed_count, since AS failed_since, locked_until FROM login_failures WHERE key = $1 FOR UPDATE', [key]))[0];
      const s = row ? failureState(row) : { count: 0, since: null, lockedUntil: null };
      const { result, store } = change(s);
      const until = forgetAfter(s, policy);
      if (until <= now.getTime()) await d.query('DELETE FROM login_failures WHERE key = $1', [key]);
      else if (store || inserted.length > 0) {
        await d.query('UPDATE login_failures SET count = $2, since = $3, locked_until = $4, forget_after = $5 WHERE key = $1', [
          key,
          s.count,
          s.since,
          s.lockedUntil,
          new Date(until).toISOString(),
        ]);
      }
      return result;
    });

  const loginAttempts: LoginAttemptRepository = {
    reserve: (key, now, policy) =>
      withFailures<LoginAttemptReservation>(key, now, policy, (s) => {
        const retryAfterSeconds = lockedFor(s, now);
        if (retryAfterSeconds !== null) return { result: { ok: false as const, retryAfterSeconds }, store: false };
        countFailure(s, now, policy);
        return { result: { ok: true as const, attempt: { key, windowSince: s.since! } }, store: true };
      }),
    refund: (attempt, now, policy) =>
      withFailures(attempt.key, now, policy, (s) => {
        if (s.since !== attempt.windowSince || s.count === 0) return { result: undefined, store: false };
        s.count -= 1;
        if (s.count < policy.maxFailures) s.lockedUntil = null;
        return { result: undefined, store: true };
      }),
    recordFailure: (key, now, policy) =>
      withFailures(key, now, policy, (s) => {
        if (lockedFor(s, now) !== null) return { result: undefined, store: false };
        countFailure(s, now, policy);
        return { result: undefined, store: true };
      }),
    retryAfter: async (key, now) => {
      const rows = await db.query('SELECT count AS failed_count, since AS failed_since, locked_until FROM login_failures WHERE key = $1', [key]);
      return rows[0] ? lockedFor(failureState(rows[0]), now) : null;
    },
    reset: async (key) => {
      await db.query('DELETE FROM login_failures WHERE key = $1', [key]);
    },
  };

  // --- billing groups and contracts ---
  const GROUP_PATCH: Record<keyof Required<BillingGroupPatch>, [string, ((v: unknown) => unknown)?]> = {
    name: ['name'],
    kana: ['kana'],
    bank: ['bank', json],
    paperStop: ['paper_stop', json],
    callRecordsFrom: ['call_records_from'],
  };
  const contractPlaceholders = Array.from({ length: 11 }, (_, i) => `$${i + 1}`).join(', ');
  const billingGroups: BillingGroupRepository = {
    get: async (id) => one(await db.query('SELECT * FROM billing_groups WHERE id = $1', [id]), toGroup),
    create: (group, contracts) =>
      db.atomic(async (d) => {
        await d.query('INSERT INTO billing_groups (id, customer_number, name, kana, bank, paper_stop, call_records_from) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
          group.id,
          group.customerNumber,
          group.name,
          group.kana,
          json(group.bank),
          json(group.paperStop),
          group.callRecordsFrom,
        ]);
        for (const c of contracts) await d.query(`INSERT INTO contracts (${CONTRACT_COLUMNS}) VALUES (${contractPlaceholders})`, contractValues({ ...c, billingGroupId: group.id }));
      }),
    update: async (id, patch) => {
      const set = setClause(patch, GROUP_PATCH, 2);
      if (!set) return billingGroups.get(id);
      return one(await db.query(`UPDATE billing_groups SET ${set.sql} WHERE id = $1 RETURNING *`, [id, ...set.values]), toGroup);
    },
    contractsOf: async (groupId, group) =>
      (await db.query('SELECT * FROM contracts WHERE billing_group_id = $1 AND ($2::text IS NULL OR contract_group = $2) ORDER BY seq', [groupId, group ?? null])).map(toContract),
    contract: async (n) => one(await db.query('SELECT * FROM contracts WHERE contract_number = $1', [n]), toContract),
    addContract: async (contract) =>
      (
        await db.query(
          `INSERT INTO contracts (${CONTRACT_COLUMNS}) SELECT ${contractPlaceholders} WHERE EXISTS (SELECT 1 FROM billing_groups WHERE id = $2) RETURNING 1`,
          contractValues(contract),
        )
      ).length > 0,
  };

  // --- sessions ---
  const slide = (s: SessionRecord, now: Date, policy: SessionPolicy): SessionRecord | null => {
    const expires = slidExpiryMs(Date.parse(s.createdAt), Date.parse(s.expiresAt), s.endedAt !== null, now, policy);
    return expires === null ? null : { ...s, lastSeenAt: isoInstant(now.getTime()), expiresAt: isoInstant(expires) };
  };
  /**
   * Lazily (a read): the stored expiry moves when it is a minute behind, so a busy session costs
   * one write a minute, and the stored value is only ever behind the real one (never later).
   */
  const persistSlide = async (tokenHash: string, storedMs: number, next: SessionRecord) => {
    if (Date.parse(next.expiresAt) - storedMs < SESSION_WRITE_AFTER_MS) return;
    await db.query('UPDATE sessions SET expires_at = $2, last_seen_at = $3 WHERE token_hash = $1 AND ended_at IS NULL AND expires_at < $2', [
      tokenHash,
      next.expiresAt,
      next.lastSeenAt,
    ]);
  };
  // Outside a transaction the lookups of one turn go out as one statement (batch.ts); inside one,
  // on the transaction's connection, alone.
  const loadCallers = async (hashes: string[]) =>
    new Map((await db.query<{ c: CallerRow }>(SESSION_CALLERS, [hashes])).map(({ c }) => [c[0], c] as const));
  const callers = db instanceof PoolDb ? new TurnBatch(loadCallers) : { get: async (hash: string) => (await loadCallers([hash])).get(hash) };
  const sessions: SessionRepository = {
    create: (session, now) =>
      db.atomic(async (d) => {
        await d.query('DELETE FROM sessions WHERE account_id = $1 AND (ended_at IS NOT NULL OR expires_at <= $2)', [session.accountId, now.toISOString()]);
        await d.query(
          `INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (token_hash) DO UPDATE SET account_id = EXCLUDED.account_id, created_at = EXCLUDED.created_at, last_seen_at = EXCLUDED.last_seen_at,
             expires_at = EXCLUDED.expires_at, ended_at = EXCLUDED.ended_at`,
          [session.tokenHash, session.accountId, session.createdAt, session.lastSeenAt, session.expiresAt, session.endedAt],
        );
      }),
    touch: async (tokenHash, now, policy) => {
      const row = (await db.query('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash]))[0];
      if (!row) return null;
      const stored = toSession(row);
      const next = slide(stored, now, policy);
      if (next) await persistSlide(stored.tokenHash, Date.parse(stored.expiresAt), next);
      return next;
    },
    // One statement for what every authenticated request needs (three primary-key lookups joined),
    // plus the lazy expiry write at most once a minute per session.
    resolve: async (tokenHash, now, policy) => {
      const c = await callers.get(tokenHash);
      if (!c) return null;
      // the statement returned only a session not ended; slidExpiryMs refuses one expired at `now`
      const expires = slidExpiryMs(c[2], c[3], false, now, policy);
      if (expires === null) return null;
      const session: SessionRecord = {
        tokenHash: c[0],
        accountId: c[1],
        createdAt: isoInstant(c[2]),
        lastSeenAt: isoInstant(now.getTime()),
        expiresAt: isoInstant(expires),
        endedAt: null,
      };
      await persistSlide(tokenHash, c[3], session);
      return { session, ...toCaller(c) };
    },
    get: async (tokenHash) => one(await db.query('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash]), toSession),
    end: async (tokenHash, now) => {
      await db.query('UPDATE sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL', [tokenHash, now.toISOString()]);
    },
    endAllOf: async (accountId, now) => {
      await db.query('UPDATE sessions SET ended_at = $2 WHERE account_id = $1 AND ended_at IS NULL', [accountId, now.toISOString()]);
    },
  };

  // --- links and challenges ---
  const links: LinkRepository = {
    issue: (link, now) =>
      db.atomic(async (d) => {
        const at = now.toISOString();
        await d.query('UPDATE links SET used_at = $3 WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL', [link.accountId, link.purpose, at]);
        await d.query('DELETE FROM links WHERE (used_at IS NULL AND expires_at <= $1) OR used_at <= $2', [at, new Date(now.getTime() - LINK_KEEP_MS).toISOString()]);
        await d.query(
          `INSERT INTO links (token_hash, account_id, purpose, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (token_hash) DO UPDATE SET account_id = EXCLUDED.account_id, purpose = EXCLUDED.purpose, created_at = EXCLUDED.created_at,
             expires_at = EXCLUDED.expires_at, used_at = EXCLUDED.used_at`,
          [link.tokenHash, link.accountId, link.purpose, link.createdAt, link.expiresAt, link.usedAt],
        );
      }),
    findValid: async (hash, now, purpose) =>
      one(
        await db.query('SELECT * FROM links WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 AND ($3::text IS NULL OR purpose = $3)', [
          hash,
          now.toISOString(),
          purpose ?? null,
        ]),
        toLink,
      ),
    consume: async (hash, now, purpose) =>
      one(
        await db.query('UPDATE links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 AND purpose = $3 RETURNING *', [hash, now.toISOString(), purpose]),
        toLink,
      ),
  };

  const OPEN = 'used_at IS NULL AND voided_at IS NULL AND expires_at > $2';
  const challenges: ChallengeRepository = {
    issue: (c, now) =>
      db.atomic(async (d) => {
        // the account's open challenges give way, but their wrong OTPs carry over (see the interface)
        const replaced = await d.query<{ attempts: number }>(
          'DELETE FROM challenges WHERE account_id = $1 AND used_at IS NULL AND voided_at IS NULL RETURNING attempts',
          [c.accountId],
        );
        const attempts = Math.max(c.attempts, ...replaced.map((r) => r.attempts));
        await d.query('DELETE FROM challenges WHERE used_at IS NOT NULL OR voided_at IS NOT NULL OR expires_at <= $1', [now.toISOString()]);
        await d.query(
          `INSERT INTO challenges (id, account_id, otp_hash, created_at, expires_at, attempts, used_at, voided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (id) DO UPDATE SET account_id = EXCLUDED.account_id, otp_hash = EXCLUDED.otp_hash, created_at = EXCLUDED.created_at,
             expires_at = EXCLUDED.expires_at, attempts = EXCLUDED.attempts, used_at = EXCLUDED.used_at, voided_at = EXCLUDED.voided_at`,
          [c.id, c.accountId, c.otpHash, c.createdAt, c.expiresAt, attempts, c.usedAt, c.voidedAt],
        );
      }),
    findOpen: async (id, now) => one(await db.query(`SELECT * FROM challenges WHERE id = $1 AND ${OPEN}`, [id, now.toISOString()]), toChallenge),
    consume: async (id, right, now, maxAttempts) => {
      if (right) {
        const used = one(await db.query(`UPDATE challenges SET used_at = $2 WHERE id = $1 AND ${OPEN} RETURNING *`, [id, now.toISOString()]), toChallenge);
        return used ? { ok: true as const, challenge: used } : { ok: false as const, attemptsLeft: null };
      }
      const rows = await db.query<{ attempts: number }>(
        `UPDATE challenges SET attempts = attempts + 1, voided_at = CASE WHEN attempts + 1 >= $3 THEN $2::timestamptz ELSE NULL END
         WHERE id = $1 AND ${OPEN} RETURNING attempts`,
        [id, now.toISOString(), maxAttempts],
      );
      return { ok: false as const, attemptsLeft: rows[0] ? Math.max(0, maxAttempts - rows[0].attempts) : null };
    },
    voidOpenOf: async (accountId, now) => {
      await db.query('UPDATE challenges SET voided_at = $2 WHERE account_id = $1 AND used_at IS NULL AND voided_at IS NULL', [accountId, now.toISOString()]);
    },
  };

  // --- bills, notices, documents ---
  const bills: BillRepository = {
    listVisible: async (groupId, now) =>
      (await db.query('SELECT * FROM bills WHERE billing_group_id = $1 AND published_at <= $2 ORDER BY month DESC', [groupId, now.toISOString()])).map(toBill),
    findVisible: async (groupId, month, now) =>
      one(await db.query('SELECT * FROM bills WHERE billing_group_id = $1 AND month = $2 AND published_at <= $3', [groupId, month, now.toISOString()]), toBill),
    findStatement: async (groupId, month, now) => {
      const row = (await db.query(`${BILL_STATEMENT} b.month = $2`, [groupId, month, now.toISOString()]))[0];
      return row ? toStatementParts(row) : null;
    },
    findStatements: async (groupId, months, now) =>
      (await db.query(`${BILL_STATEMENT} b.month = ANY($2::text[]) ORDER BY b.month DESC`, [groupId, [...months], now.toISOString()])).map(toStatementParts),
    publish: (bill) =>
      // serialisable: the next running number is taken only for a new bill, and none is skipped
      db.serializable(async (d) => {
        const existing = (await d.query<{ billing_id: string }>('SELECT billing_id FROM bills WHERE billing_group_id = $1 AND month = $2', [bill.billingGroupId, bill.month]))[0];
        let billingId = existing?.billing_id;
        if (!billingId) {
          const seq = (await d.query<{ value: string }>("UPDATE counters SET value = value + 1 WHERE name = 'billing' RETURNING value"))[0]!.value;
          billingId = `B${seq.padStart(10, '0')}`;
        }
        const rows = await d.query(
          `INSERT INTO bills (billing_group_id, month, billing_id, issued_on, due_date, items, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (billing_group_id, month) DO UPDATE SET issued_on = EXCLUDED.issued_on, due_date = EXCLUDED.due_date, items = EXCLUDED.items,
             published_at = EXCLUDED.published_at
           RETURNING *`,
          [bill.billingGroupId, bill.month, billingId, bill.issuedOn, bill.dueDate, json(bill.items), bill.publishedAt],
        );
        return toBill(rows[0]!);
      }),
  };

  const notices: OpeningNoticeRepository = {
    listVisible: async (contractNumber, now) =>
      (await db.query('SELECT * FROM opening_notices WHERE contract_number = $1 AND published_at <= $2 ORDER BY date DESC', [contractNumber, now.toISOString()])).map(toNotice),
    publish: async (n) => {
      await db.query(
        'INSERT INTO opening_notices (contract_number, date, published_at) VALUES ($1, $2, $3) ON CONFLICT (contract_number, date) DO UPDATE SET published_at = EXCLUDED.published_at',
        [n.contractNumber, n.date, n.publishedAt],
      );
    },
  };

  const documents: DocumentRepository = {
    add: async (doc) => {
      for (;;) {
        try {
          return await db.serializable(async (d) => {
            const rows = await d.query(
              `INSERT INTO documents (kind, key, version, sha256, created_at, source, bytes)
               SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6 FROM documents WHERE kind = $1 AND key = $2
               RETURNING kind, key, version, sha256, created_at`,
              [doc.kind, doc.key, doc.sha256, doc.createdAt, doc.source ?? null, Buffer.from(doc.bytes)],
            );
            const r = rows[0]!;
            return { kind: doc.kind, key: doc.key, version: r.version as number, sha256: r.sha256 as string, createdAt: iso(r.created_at), source: doc.source, bytes: Uint8Array.from(doc.bytes) };
          });
        } catch (error) {
          // two versions numbered at once: the later one takes the next number
          if ((error as { code?: string; constraint?: string }).constraint === 'documents_pkey') continue;
          throw error;
        }
      }
    },
    latest: async (kind, key) => {
      const r = (await db.query('SELECT * FROM documents WHERE kind = $1 AND key = $2 ORDER BY version DESC LIMIT 1', [kind, key]))[0];
      return r ? toDocument(r) : null;
    },
    version: async (kind, key, version) => {
      const r = (await db.query('SELECT * FROM documents WHERE kind = $1 AND key = $2 AND version = $3', [kind, key, version]))[0];
      return r ? toDocument(r) : null;
    },
    versions: async (kind, key) =>
      (await db.query('SELECT version, sha256, created_at, source FROM documents WHERE kind = $1 AND key = $2 ORDER BY version', [kind, key])).map((r) => ({
        kind,
        key,
        version: r.version as number,
        sha256: r.sha256 as string,
        createdAt: iso(r.created_at),
        source: (r.source as string | null) ?? undefined,
      })),
  };

  // --- call records ---
  /** WHERE of a query (the index: billing group, month, then (started_at, id)). */
  const callWhere = (q: CallQuery, values: unknown[]) => {
    values.push(q.billingGroupId, q.month);
    let where = 'billing_group_id = $1 AND month = $2';
    if (q.contractNumber !== undefined) where += ` AND contract_number = $${values.push(q.contractNumber)}`;
    if (q.from !== undefined) where += ` AND from_number = $${values.push(q.from)}`;
    return where;
  };
  const page = async (q: CallQuery, after: { startedAt: string; id: string } | null, limit: number): Promise<CallRecordRow[]> => {
    const values: unknown[] = [];
    let where = callWhere(q, values);
    if (after) where += ` AND (started_at, id) > ($${values.push(after.startedAt)}::timestamptz, $${values.push(after.id)}::text)`;
    return (await db.query(`SELECT ${CALL_COLUMNS} FROM call_records WHERE ${where} ORDER BY started_at, id LIMIT $${values.push(limit)}`, values)).map(toCall);
  };
  const callRecords: CallRecordRepository = {
    page,
    // Keyset pagination in chunks: each chunk is an index range scan, and at most one chunk is in
    // memory however large the month (a 1,000,000-row export streams).
    stream: (q) => ({
      async *[Symbol.asyncIterator]() {
        let after: CallRecordRow | null = null;
        for (;;) {
          const chunk = await page(q, after, CHUNK);
          yield* chunk;
          if (chunk.length < CHUNK) return;
          after = chunk[chunk.length - 1]!;
        }
      },
    }),
    count: async (q) => {
      const values: unknown[] = [];
      return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM call_records WHERE ${callWhere(q, values)}`, values))[0]!.n;
    },
    // the counts kept per row (migration 005), summed under the export's WHERE over the partial
    // index of the rows that have one: an index-only scan of a few rows, however large the month
    unmappable: async (q) => {
      const values: unknown[] = [];
      return Number((await db.query<{ n: string }>(`SELECT coalesce(sum(unmappable), 0)::text AS n FROM call_records WHERE ${callWhere(q, values)} AND unmappable > 0`, values))[0]!.n);
    },
    chargesByContract: async (groupId, month) =>
      (
        await db.query<{ contract_number: string; n: number; total: string }>(
          'SELECT contract_number, count(*)::int AS n, sum(charge)::text AS total FROM call_records WHERE billing_group_id = $1 AND month = $2 GROUP BY contract_number ORDER BY contract_number',
          [groupId, month],
        )
      ).map((r) => ({ contractNumber: r.contract_number, count: r.n, sum: Number(r.total) })),
    import: async (rows) => {
      if (rows.length === 0) return;
      const insert = (d: Db, part: readonly CallRecordRow[]) => insertCalls(d, part);
      if (rows.length <= CHUNK) return insert(db, rows);
      await db.atomic(async (d) => {
        for (let i = 0; i < rows.length; i += CHUNK) await insert(d, rows.slice(i, i + CHUNK));
      });
    },
  };

  // --- inquiries, news ---
  const INQUIRY_PATCH: Record<keyof Required<InquiryPatch>, [string, ((v: unknown) => unknown)?]> = {
    status: ['status'],
    resolvedAt: ['resolved_at'],
    effectiveFrom: ['effective_from'],
  };
  const inquiries: InquiryRepository = {
    create: async (i) => {
      try {
        await db.step((d) =>
          d.query(
            `INSERT INTO inquiries (id, billing_group_id, account_id, category, subject, body, kind, status, created_at, resolved_at, effective_from)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [i.id, i.billingGroupId, i.accountId, i.category, i.subject, i.body, i.kind, i.status, i.createdAt, i.resolvedAt, i.effectiveFrom],
          ),
        );
      } catch (error) {
        if (isBadValue(error) && (await db.query('SELECT 1 FROM inquiries WHERE id = $1', [i.id])).length > 0) throw new UniqueViolation('inquiry-id');
        throw error;
      }
    },
    get: async (id) => one(await db.query('SELECT * FROM inquiries WHERE id = $1', [id]), toInquiry),
    listByGroup: async (groupId) => (await db.query('SELECT * FROM inquiries WHERE billing_group_id = $1 ORDER BY created_at DESC, id DESC', [groupId])).map(toInquiry),
    list: async ({ status }) => (await db.query('SELECT * FROM inquiries WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at, id', [status ?? null])).map(toInquiry),
    update: async (id, patch) => {
      // null is a value here (resolvedAt: null): only undefined keys are left alone
      const set = setClause(patch, INQUIRY_PATCH, 2);
      if (!set) return inquiries.get(id);
      return one(await db.query(`UPDATE inquiries SET ${set.sql} WHERE id = $1 RETURNING *`, [id, ...set.values]), toInquiry);
    },
  };

  const news: NewsRepository = {
    create: async (n) => {
      try {
        await db.step((d) => d.query('INSERT INTO news (id, billing_group_id, title, body, published_at) VALUES ($1, $2, $3, $4, $5)', [n.id, n.billingGroupId, n.title, n.body, n.publishedAt]));
      } catch (error) {
        // PostgreSQL checks the values before the keys: a taken id is still reported as taken
        if (isBadValue(error) && (await db.query('SELECT 1 FROM news WHERE id = $1', [n.id])).length > 0) throw new UniqueViolation('news-id');
        throw error;
      }
    },
    listVisible: async (groupId, now) =>
      (
        await db.query('SELECT * FROM news WHERE (billing_group_id IS NULL OR billing_group_id = $1) AND published_at <= $2 ORDER BY published_at DESC, id DESC', [
          groupId,
          now.toISOString(),
        ])
      ).map(toNews),
  };

  // --- idempotency (D-12) ---
  /** The row of ($1 caller, $2 key) while it is $3's reservation still in progress: only then may $3 change it. */
  const HELD = 'caller = $1 AND key = $2 AND owner = $3 AND response IS NULL';
  const idempotency: IdempotencyRepository = {
    reserve: async (id, bodyHash, owner, now, leaseUntil) => {
      const at = now.toISOString();
      for (;;) {
        // one statement: a new key, or an expired one taken over, is ours; a live one is reported
        const reserved = await db.query(
          `INSERT INTO idempotency (caller, key, body_hash, owner, expires_at, response) VALUES ($1, $2, $3, $4, $5, NULL)
           ON CONFLICT (caller, key) DO UPDATE SET body_hash = EXCLUDED.body_hash, owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at, response = NULL
           WHERE idempotency.expires_at <= $6
           RETURNING 1`,
          [id.caller, id.key, bodyHash, owner, leaseUntil.toISOString(), at],
        );
        if (reserved.length > 0) {
          await db.query('DELETE FROM idempotency WHERE expires_at <= $1', [at]);
          return { state: 'reserved' as const };
        }
        const r = (await db.query('SELECT body_hash, response, expires_at FROM idempotency WHERE caller = $1 AND key = $2 AND expires_at > $3', [id.caller, id.key, at]))[0];
        if (!r) continue; // released or expired in between: try again
        if (r.body_hash !== bodyHash) return { state: 'mismatch' as const };
        return r.response ? { state: 'replay' as const, response: r.response as StoredResponse } : { state: 'in-progress' as const };
      }
    },
    complete: async (id, owner, response, expiresAt) =>
      (await db.query(`UPDATE idempotency SET response = $4, expires_at = $5 WHERE ${HELD} RETURNING 1`, [id.caller, id.key, owner, json(response), expiresAt.toISOString()])).length > 0,
    renew: async (id, owner, leaseUntil) => (await db.query(`UPDATE idempotency SET expires_at = $4 WHERE ${HELD} RETURNING 1`, [id.caller, id.key, owner, leaseUntil.toISOString()])).length > 0,
    release: async (id, owner) => {
      await db.query(`DELETE FROM idempotency WHERE ${HELD}`, [id.caller, id.key, owner]);
    },
  };

  // --- request limits ---
  /** When this process last deleted the windows that are over (at most once a minute). */
  let swept = 0;
  const rateWindows: RateWindowRepository = {
    async hit(key, limit, windowMs, now) {
      if (now.getTime() - swept >= 60_000) {
        swept = now.getTime();
        await db.query('DELETE FROM rate_windows WHERE key IN (SELECT key FROM rate_windows WHERE ends_at <= $1 FOR UPDATE SKIP LOCKED)', [now.toISOString()]);
      }
      // One statement: a new window, or one more hit in the current one (the row is locked meanwhile).
      const row = (
        await db.query<{ count: number; ends_at: Date }>(
          `INSERT INTO rate_windows AS w (key, ends_at, count) VALUES ($1, $2, 1)
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN w.ends_at <= $3 THEN 1 ELSE w.count + 1 END,
             ends_at = CASE WHEN w.ends_at <= $3 THEN EXCLUDED.ends_at ELSE w.ends_at END
           RETURNING count, ends_at`,
          [key, new Date(now.getTime() + windowMs).toISOString(), now.toISOString()],
        )
      )[0]!;
      if (row.count <= limit) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.ends_at.getTime() - now.getTime()) / 1000)) };
    },
  };

  return { accounts, loginAttempts, billingGroups, sessions, links, challenges, bills, notices, documents, callRecords, inquiries, news, idempotency, rateWindows };
}

/**
 * Sessions not ended, each joined with its account and group (sessions.resolve: the lookups of one
 * turn together, batch.ts), each as ONE json array: node-postgres
 * then decodes one field with JSON.parse instead of two dozen typed fields per request (a third of
 * the read's CPU in the server), and instants come as epoch milliseconds (exact: the engine stores
 * them at millisecond precision) instead of text for a date parser. The group's data version comes
 * from the same snapshot (migration 004). Positions: `CallerRow`.
 */
const SESSION_CALLERS = `
SELECT json_build_array(
         s.token_hash, s.account_id,
         floor(extract(epoch FROM s.created_at) * 1000)::bigint, floor(extract(epoch FROM s.expires_at) * 1000)::bigint,
         a.access_id, a.billing_group_id, a.email, a.name, a.role, a.notify, a.status,
         a.password_hash, a.temporary_password_hash, floor(extract(epoch FROM a.created_at) * 1000)::bigint,
         g.customer_number, g.name, g.kana, g.bank, g.paper_stop, g.call_records_from, g.data_version::text) AS c
FROM sessions s
JOIN accounts a ON a.id = s.account_id
JOIN billing_groups g ON g.id = a.billing_group_id
WHERE s.token_hash = ANY($1::text[]) AND s.ended_at IS NULL`;

type CallerRow = [
  tokenHash: string,
  accountId: string,
  createdMs: number,
  expiresMs: number,
  accessId: string,
  billingGroupId: string,
  email: string,
  accountName: string,
  role: AccountRecord['role'],
  notify: boolean,
  status: AccountRecord['status'],
  passwordHash: string | null,
  temporaryPasswordHash: string | null,
  accountCreatedMs: number,
  customerNumber: string,
  groupName: string,
  kana: string,
  bank: BillingGroupRecord['bank'],
  paperStop: BillingGroupRecord['paperStop'],
  callRecordsFrom: string | null,
  dataVersion: string,
];

function toCaller(c: CallerRow): { account: AccountRecord; group: BillingGroupRecord; dataVersion: string } {
  return {
    account: {
      id: c[1],
      accessId: c[4],
      billingGroupId: c[5],
      email: c[6],
      name: c[7],
      role: c[8],
      notify: c[9],
      status: c[10],
      passwordHash: c[11],
      temporaryPasswordHash: c[12],
      createdAt: new Date(c[13]).toISOString(),
    },
    group: { id: c[5], customerNumber: c[14], name: c[15], kana: c[16], bank: c[17], paperStop: c[18], callRecordsFrom: c[19] },
    dataVersion: c[20],
  };
}

/**
 * A visible bill with its month's call charges per contract and its group's contracts (bills.findStatement;
 * findStatements for several months; the month's condition is appended), in one statement: the sums
 * through the call records' (group, month) index, the contracts through theirs. The sums come as [contract number, count, sum as text] (a bigint sum is exact as text), the
 * contracts as [number, service name]: what the breakdown shows, not whole records. The group's
 * data version comes from the same snapshot, so a cached breakdown is keyed by the version its data
 * had (migration 004).
 */
const BILL_STATEMENT = `
SELECT b.*,
  (SELECT coalesce(json_agg(json_build_array(c.contract_number, c.n, c.total::text) ORDER BY c.contract_number), '[]'::json)
     FROM (SELECT contract_number, count(*)::int AS n, sum(charge) AS total FROM call_records
           WHERE billing_group_id = b.billing_group_id AND month = b.month GROUP BY contract_number) c) AS charges,
  (SELECT coalesce(json_agg(json_build_array(k.contract_number, k.service_name) ORDER BY k.seq), '[]'::json)
     FROM contracts k WHERE k.billing_group_id = b.billing_group_id) AS contracts,
  (SELECT g.data_version::text FROM billing_groups g WHERE g.id = b.billing_group_id) AS data_version
FROM bills b
WHERE b.billing_group_id = $1 AND b.published_at <= $3 AND`;

function toStatementParts(row: Row): BillStatementParts {
  return {
    bill: toBill(row),
    charges: (row.charges as [string, number, string][]).map(([contractNumber, count, sum]) => ({ contractNumber, count, sum: Number(sum) })),
    contracts: (row.contracts as [string, string][]).map(([contractNumber, serviceName]) => ({ contractNumber, serviceName })),
    dataVersion: row.data_version as string,
  };
}

/** A value PostgreSQL cannot take (SQLSTATE class 22: e.g. an instant that is not one). */
function isBadValue(error: unknown): boolean {
  return typeof (error as { code?: unknown }).code === 'string' && (error as { code: string }).code.startsWith('22');
}

function failureState(r: Row): FailureState {
  return {
    count: r.failed_count as number,
    since: r.failed_since ? iso(r.failed_since) : null,
    lockedUntil: r.locked_until ? iso(r.locked_until) : null,
  };
}

/**
 * One multi-row INSERT from arrays (unnest): a chunk of call records in one statement — every
 * INSERT of call records (imports, `--demo`, `db copy`), each row with its count of the characters
 * CP932 cannot write (migration 005; the column has no default, so none is forgotten).
 */
export async function insertCalls(db: Db, rows: readonly CallRecordRow[]): Promise<void> {
  await db.query(
    `INSERT INTO call_records (${CALL_COLUMNS}, unmappable)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::int[], $10::bigint[], $11::int[])`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.billingGroupId),
      rows.map((r) => r.contractNumber),
      rows.map((r) => r.month),
      rows.map((r) => r.startedAt),
      rows.map((r) => r.usageType),
      rows.map((r) => r.from),
      rows.map((r) => r.to),
      rows.map((r) => r.durationSeconds),
      rows.map((r) => r.charge),
      rows.map(unmappableInCallRecord),
    ],
  );
}
