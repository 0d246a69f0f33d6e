import type { Data } from '../schema.js';
import type { Db } from './db.js';
import { emailKey, json } from './rows.js';
import { CHUNK, insertCalls } from './repositories.js';

/*
 * Bulk load of a whole data graph into an EMPTY database (`--demo`, test seeds, `db copy`), in one
 * transaction: all of it or nothing. Rows go in chunks of multi-row INSERTs from arrays (unnest).
 * An advisory lock keeps two instances started together with --demo from both loading.
 */

const LOAD_LOCK = 0x6d7970616764;

type Column = [name: string, type: string];

async function bulk<T>(db: Db, table: string, columns: Column[], rows: readonly T[], values: (r: T) => unknown[], ordered = false): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK).map(values);
    const arrays = columns.map((_, c) => part.map((r) => r[c]));
    const args = columns.map(([, type], c) => `$${c + 1}::${type}[]`).join(', ');
    const names = columns.map(([name]) => name).join(', ');
    const select = ordered
      ? `SELECT ${columns.map((_, c) => `u.c${c}`).join(', ')} FROM unnest(${args}) WITH ORDINALITY AS u(${columns.map((_, c) => `c${c}`).join(', ')}, n) ORDER BY u.n`
      : `SELECT * FROM unnest(${args})`;
    await db.query(`INSERT INTO ${table} (${names}) ${select}`, arrays);
  }
}

export async function loadData(db: Db, data: Data): Promise<void> {
  await loadInTransaction(db, data);
  // fresh statistics, so the planner uses the indexes at once on a database just filled
  await db.query('ANALYZE');
}

async function loadInTransaction(db: Db, data: Data): Promise<void> {
  await db.atomic(async (d) => {
    await d.query('SELECT pg_advisory_xact_lock($1)', [LOAD_LOCK]);
    const empty = (await d.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM billing_groups) AND NOT EXISTS (SELECT 1 FROM accounts) AS empty'))[0]!.empty;
    if (!empty) throw new Error('load() needs an empty store');

    await bulk(d, 'billing_groups', [['id', 'text'], ['customer_number', 'text'], ['name', 'text'], ['kana', 'text'], ['bank', 'jsonb'], ['paper_stop', 'jsonb'], ['call_records_from', 'text']], data.billingGroups, (g) => [
      g.id, g.customerNumber, g.name, g.kana, json(g.bank), json(g.paperStop), g.callRecordsFrom,
    ]);
    await bulk(
      d,
      'contracts',
      [['contract_number', 'text'], ['billing_group_id', 'text'], ['contract_group', 'text'], ['customer_name', 'text'], ['customer_kana', 'text'], ['registered_address', 'jsonb'], ['installation_address', 'jsonb'], ['service_name', 'text'], ['access_line', 'jsonb'], ['hikari_phone', 'jsonb'], ['options', 'jsonb']],
      data.contracts,
      (c) => [c.contractNumber, c.billingGroupId, c.group, c.customerName, c.customerKana, json(c.registeredAddress), json(c.installationAddress), c.serviceName, c.accessLine === null ? null : json(c.accessLine), json(c.hikariPhone), json(c.options)],
      true, // contracts keep the order they were added in
    );
    await bulk(
      d,
      'accounts',
      [['id', 'text'], ['access_id', 'text'], ['billing_group_id', 'text'], ['email', 'text'], ['email_key', 'text'], ['name', 'text'], ['role', 'text'], ['notify', 'boolean'], ['status', 'text'], ['password_hash', 'text'], ['temporary_password_hash', 'text'], ['created_at', 'timestamptz']],
      data.accounts,
      (a) => [a.id, a.accessId, a.billingGroupId, a.email, emailKey(a.email), a.name, a.role, a.notify, a.status, a.passwordHash, a.temporaryPasswordHash, a.createdAt],
    );
    await bulk(d, 'links', [['token_hash', 'text'], ['account_id', 'text'], ['purpose', 'text'], ['created_at', 'timestamptz'], ['expires_at', 'timestamptz'], ['used_at', 'timestamptz']], data.links, (l) => [
      l.tokenHash, l.accountId, l.purpose, l.createdAt, l.expiresAt, l.usedAt,
    ]);
    await bulk(
      d,
      'challenges',
      [['id', 'text'], ['account_id', 'text'], ['otp_hash', 'text'], ['created_at', 'timestamptz'], ['expires_at', 'timestamptz'], ['attempts', 'int'], ['used_at', 'timestamptz'], ['voided_at', 'timestamptz']],
      data.challenges,
      (c) => [c.id, c.accountId, c.otpHash, c.createdAt, c.expiresAt, c.attempts, c.usedAt, c.voidedAt],
    );
    await bulk(d, 'sessions', [['token_hash', 'text'], ['account_id', 'text'], ['created_at', 'timestamptz'], ['last_seen_at', 'timestamptz'], ['expires_at', 'timestamptz'], ['ended_at', 'timestamptz']], data.sessions, (s) => [
      s.tokenHash, s.accountId, s.createdAt, s.lastSeenAt, s.expiresAt, s.endedAt,
    ]);
    await bulk(d, 'opening_notices', [['contract_number', 'text'], ['date', 'text'], ['published_at', 'timestamptz']], data.openingNotices, (n) => [n.contractNumber, n.date, n.publishedAt]);
    await bulk(
      d,
      'bills',
      [['billing_group_id', 'text'], ['month', 'text'], ['billing_id', 'text'], ['issued_on', 'text'], ['due_date', 'text'], ['items', 'jsonb'], ['published_at', 'timestamptz']],
      data.bills,
      (b) => [b.billingGroupId, b.month, b.billingId, b.issuedOn, b.dueDate, json(b.items), b.publishedAt],
    );
    const lastBill = data.bills.reduce((max, b) => Math.max(max, Number(/^B(\d+)$/.exec(b.billingId)?.[1] ?? 0)), 0);
    await d.query("UPDATE counters SET value = GREATEST(value, $1) WHERE name = 'billing'", [lastBill]);
    for (let i = 0; i < data.callRecords.length; i += CHUNK) await insertCalls(d, data.callRecords.slice(i, i + CHUNK));
    await bulk(
      d,
      'inquiries',
      [['id', 'text'], ['billing_group_id', 'text'], ['account_id', 'text'], ['category', 'text'], ['subject', 'text'], ['body', 'text'], ['kind', 'text'], ['status', 'text'], ['created_at', 'timestamptz'], ['resolved_at', 'timestamptz'], ['effective_from', 'text']],
      data.inquiries,
      (i) => [i.id, i.billingGroupId, i.accountId, i.category, i.subject, i.body, i.kind, i.status, i.createdAt, i.resolvedAt, i.effectiveFrom],
    );
    await bulk(d, 'news', [['id', 'text'], ['billing_group_id', 'text'], ['title', 'text'], ['body', 'text'], ['published_at', 'timestamptz']], data.news, (n) => [n.id, n.billingGroupId, n.title, n.body, n.publishedAt]);
  });
}
