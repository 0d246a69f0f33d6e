import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { MAIL_PATTERNS } from '@mypage/api';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateUpTo, postgresForFile } from '../../../test/helpers/postgres-for-file.js';
import { silentLogger } from '../app.js';
import { dbCommand } from '../db-command.js';
import { billList, billStatement } from '../domain/bills.js';
import { listContracts } from '../domain/contracts.js';
import { parseServerArgs, startServer, UsageError, type RunningServer } from '../main.js';
import { seedDemo } from '../seed/demo.js';
import { testHasher } from '../testing/app.js';
import { JsonEngine } from './json/engine.js';
import { PostgresEngine } from './postgres/engine.js';
import { SESSION_WRITE_AFTER_MS } from './postgres/repositories.js';
import { IDEMPOTENCY_LEASE_MS } from './repositories.js';
import { emptyData } from './schema.js';

/*
 * The PostgreSQL engine beyond the contract (SPEC D-13): migrations, `db migrate` / `db copy`,
 * lazy session writes, and a database that goes away under a running server.
 */

const { freshDatabase, server } = postgresForFile('t');

async function sql<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('engine selection (D-13)', () => {
  it('--database or MYPAGE_DATABASE_URL selects PostgreSQL; without either the data folder stays the default; other URLs are refused', () => {
    expect(parseServerArgs(['--dev'], {})?.databaseUrl).toBeUndefined();
    expect(parseServerArgs(['--dev', '--database', 'postgres://u@h:5432/d'], {})?.databaseUrl).toBe('postgres://u@h:5432/d');
    expect(parseServerArgs(['--dev'], { MYPAGE_DATABASE_URL: 'postgresql://h/d' })?.databaseUrl).toBe('postgresql://h/d');
    expect(() => parseServerArgs(['--dev', '--database', 'mysql://h/d'], {})).toThrow(UsageError);
    expect(() => parseServerArgs(['--dev'], { MYPAGE_DATABASE_URL: '/var/db' })).toThrow(/MYPAGE_DATABASE_URL/);
  });

  it('a database that cannot be reached at start is a clear error naming host and database, never the password', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-nodb-'));
    try {
      const url = `postgres://user:s3cret-pw@127.0.0.1:${server().port + 1}/nowhere`;
      const error = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, databaseUrl: url, dev: true, demo: false, captcha: { mode: 'none' }, operatorToken: 'x', logger: silentLogger }).then(
        () => null,
        (e: Error) => e,
      );
      expect(error?.name).toBe('StoreUnavailable');
      expect(error?.message).not.toContain('s3cret-pw');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migrations', () => {
  it('three engines opening a fresh database together migrate it once', async () => {
    const url = await freshDatabase();
    const engines = await Promise.all([1, 2, 3].map(() => PostgresEngine.open(url)));
    await Promise.all(engines.map((e) => e.close()));
    expect(await sql(url, 'SELECT version, name FROM schema_migrations ORDER BY version')).toEqual([
      { version: 1, name: 'init' },
      { version: 2, name: 'login-failures' },
      { version: 3, name: 'rate-windows' },
      { version: 4, name: 'data-version' },
      { version: 5, name: 'unmappable' },
      { version: 6, name: 'idempotency-owner' },
    ]);
  });

  it('db migrate applies the pending migrations, then finds nothing to do; a newer schema is refused', async () => {
    const url = await freshDatabase();
    const out = capture();
    expect(await dbCommand(['migrate', '--database', url], {}, out.stream, out.stream)).toBe(0);
    expect(out.text()).toContain('applied migrations 1, 2, 3, 4, 5, 6; schema version 6');
    const again = capture();
    expect(await dbCommand(['migrate'], { MYPAGE_DATABASE_URL: url }, again.stream, again.stream)).toBe(0);
    expect(again.text()).toContain('up to date (schema version 6)');
    await sql(url, "INSERT INTO schema_migrations (version, name) VALUES (99, 'future')");
    const refused = capture();
    expect(await dbCommand(['migrate', '--database', url], {}, refused.stream, refused.stream)).toBe(1);
    expect(refused.text()).toContain('schema is version 99, newer than this mypage-server knows (6)');
  });

  it('006 on stored requests of before (D-12): one in progress gets the 5-minute lease from now and can then be taken over; a kept answer keeps its day', async () => {
    const url = await freshDatabase();
    await migrateUpTo(url, 5);
    const day = new Date(Date.now() + 24 * 3_600_000).toISOString();
    const answer = { status: 201, body: 'sealed', contentType: 'application/json' };
    await sql(url, `INSERT INTO idempotency (caller, key, body_hash, expires_at, response) VALUES ('a', 'running', 'h', $1, NULL), ('a', 'done', 'h', $1, $2)`, [day, JSON.stringify(answer)]);
    const engine = await PostgresEngine.open(url); // migrates to the newest
    try {
      const rows = await sql<{ key: string; expires_at: Date; owner: string | null }>(url, 'SELECT key, expires_at, owner FROM idempotency ORDER BY key');
      expect(rows.map((r) => [r.key, r.owner])).toEqual([['done', null], ['running', null]]);
      expect(rows[0]!.expires_at.toISOString()).toBe(day);
      const leaseLeft = rows[1]!.expires_at.getTime() - Date.now();
      expect(leaseLeft).toBeGreaterThan(4 * 60_000);
      expect(leaseLeft).toBeLessThanOrEqual(5 * 60_000);
      const now = new Date();
      const lease = new Date(now.getTime() + IDEMPOTENCY_LEASE_MS);
      // no owner: nobody completes it; at its lease's end a retry takes it over
      expect(await engine.idempotency.complete({ caller: 'a', key: 'running' }, 'anyone', answer, new Date(day))).toBe(false);
      expect(await engine.idempotency.reserve({ caller: 'a', key: 'running' }, 'h', 'retry', now, lease)).toEqual({ state: 'in-progress' });
      expect(await engine.idempotency.reserve({ caller: 'a', key: 'running' }, 'h', 'retry', new Date(now.getTime() + 5 * 60_000 + 1000), lease)).toEqual({ state: 'reserved' });
      expect(await engine.idempotency.reserve({ caller: 'a', key: 'done' }, 'h', 'retry', new Date(now.getTime() + 60 * 60_000), lease)).toEqual({ state: 'replay', response: answer });
    } finally {
      await engine.close();
    }
  });

  it('db migrate without a database, or with something else than a PostgreSQL URL, is a usage error (exit 2)', async () => {
    const out = capture();
    expect(await dbCommand(['migrate'], {}, out.stream, out.stream)).toBe(2);
    expect(await dbCommand(['migrate', '--database', 'mysql://x/y'], {}, out.stream, out.stream)).toBe(2);
    expect(out.text()).toContain('must be a PostgreSQL URL');
  });
});

describe('db copy', () => {
  it('copies a data folder into an empty database, every record counted on both sides; a second copy is refused', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-copy-'));
    try {
      const json = await JsonEngine.open(dir);
      const demo = emptyData();
      await seedDemo(demo);
      await json.load(demo);
      // an invoice issued, then re-issued (D-10: the original is kept beside the correction)
      const bill = demo.bills[0]!;
      const invoiceKey = `${bill.billingGroupId}/${bill.month}`;
      const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4 ${text}`);
      await json.documents.add({ kind: 'invoice', key: invoiceKey, sha256: 'a1', createdAt: '2023-11-09T00:00:00.000Z', source: 's1', bytes: pdf('original') });
      await json.documents.add({ kind: 'invoice', key: invoiceKey, sha256: 'a2', createdAt: '2023-11-20T00:00:00.000Z', source: 's2', bytes: pdf('corrected') });
      await json.close();
      const url = await freshDatabase();
      const out = capture();
      expect(await dbCommand(['copy', '--from', dir, '--to', url], {}, out.stream, out.stream)).toBe(0);
      expect(out.text()).not.toContain('MISMATCH');
      const pgEngine = await PostgresEngine.open(url);
      try {
        const counts = await pgEngine.counts();
        expect(counts.accounts).toBe(demo.accounts.length);
        expect(counts.callRecords).toBe(demo.callRecords.length);
        expect(counts.bills).toBe(demo.bills.length);
        const admin = demo.accounts[0]!;
        expect(await pgEngine.accounts.get(admin.id)).toEqual(admin);
        // every version of an issued document, numbered as in the source, with its bytes
        expect((await pgEngine.documents.versions('invoice', invoiceKey)).map((d) => [d.version, d.sha256, d.source])).toEqual([[1, 'a1', 's1'], [2, 'a2', 's2']]);
        expect(new TextDecoder().decode((await pgEngine.documents.version('invoice', invoiceKey, 1))!.bytes)).toBe('%PDF-1.4 original');
        expect(out.text()).toMatch(/documents\s+2 \(every issued version\)/);
      } finally {
        await pgEngine.close();
      }
      const second = capture();
      expect(await dbCommand(['copy', '--from', dir, '--to', url], {}, second.stream, second.stream)).toBe(1);
      expect(second.text()).toContain('is not empty');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sessions across instances', () => {
  it('touch writes the slid expiry at most about once a minute, never once per request', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([PostgresEngine.open(url), PostgresEngine.open(url)]);
    try {
      const t0 = new Date('2024-01-15T01:00:00.000Z');
      const at = (ms: number) => new Date(t0.getTime() + ms);
      const idle = { idleMs: 30 * 60_000 };
      await a.sessions.create({ tokenHash: 'h1', accountId: 'u1', createdAt: t0.toISOString(), lastSeenAt: t0.toISOString(), expiresAt: at(idle.idleMs).toISOString(), endedAt: null }, t0);
      const stored = async () => (await sql<{ expires_at: Date }>(url, 'SELECT expires_at FROM sessions WHERE token_hash = $1', ['h1']))[0]!.expires_at.toISOString();
      // requests every 10 s on either instance: the live expiry slides each time…
      for (let s = 10; s < 60; s += 10) expect((await (s % 20 ? a : b).sessions.touch('h1', at(s * 1000), idle))?.expiresAt).toBe(at(s * 1000 + idle.idleMs).toISOString());
      // …but the database was not written: its expiry is still the first one
      expect(await stored()).toBe(at(idle.idleMs).toISOString());
      await b.sessions.touch('h1', at(SESSION_WRITE_AFTER_MS), idle);
      expect(await stored()).toBe(at(SESSION_WRITE_AFTER_MS + idle.idleMs).toISOString());
      // the session created through one instance is live on the other
      expect((await a.sessions.touch('h1', at(SESSION_WRITE_AFTER_MS + 1000), idle))?.accountId).toBe('u1');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('sessions resolved with their caller (every authenticated request)', () => {
  it('resolve: 200 requests within a minute write the session row not once; the next minute writes it once; an ended session is refused by the other instance at once', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([PostgresEngine.open(url), PostgresEngine.open(url)]);
    try {
      const t0 = new Date('2024-01-15T01:00:00.000Z');
      const at = (ms: number) => new Date(t0.getTime() + ms);
      const idle = { idleMs: 10 * 60_000 };
      const data = emptyData();
      await seedDemo(data, testHasher);
      await a.load(data);
      const account = data.accounts.find((x) => x.status === 'active')!;
      await a.sessions.create({ tokenHash: 'h1', accountId: account.id, createdAt: t0.toISOString(), lastSeenAt: t0.toISOString(), expiresAt: at(idle.idleMs).toISOString(), endedAt: null }, t0);
      // xmin is the transaction that wrote the row's current version: any UPDATE changes it
      const version = async () => (await sql<{ xmin: string; expires_at: Date }>(url, 'SELECT xmin::text, expires_at FROM sessions WHERE token_hash = $1', ['h1']))[0]!;
      const first = await version();
      for (let i = 0; i < 200; i++) {
        const caller = await (i % 2 ? a : b).sessions.resolve('h1', at(i * 250), idle);
        expect(caller?.account.id).toBe(account.id);
        expect(caller?.session.expiresAt).toBe(at(i * 250 + idle.idleMs).toISOString());
      }
      expect(await version()).toEqual(first);
      await a.sessions.resolve('h1', at(SESSION_WRITE_AFTER_MS), idle);
      const second = await version();
      expect(second.xmin).not.toBe(first.xmin);
      expect(second.expires_at.toISOString()).toBe(at(SESSION_WRITE_AFTER_MS + idle.idleMs).toISOString());
      await b.sessions.resolve('h1', at(SESSION_WRITE_AFTER_MS + 1000), idle);
      expect((await version()).xmin).toBe(second.xmin);
      // logout through one instance: the other refuses the session on its next request
      await a.sessions.end('h1', at(SESSION_WRITE_AFTER_MS + 2000));
      expect(await b.sessions.resolve('h1', at(SESSION_WRITE_AFTER_MS + 2001), idle)).toBeNull();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('sessions of requests that arrive together read in one statement (batch.ts)', () => {
  it('lookups of one turn share one statement, each answered as alone: live, ended, expired, unknown, the same token twice; a logout through the other instance is refused at the next lookup', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([PostgresEngine.open(url), PostgresEngine.open(url)]);
    try {
      const t0 = new Date('2024-01-15T01:00:00.000Z');
      const idle = { idleMs: 10 * 60_000 };
      const data = emptyData();
      await seedDemo(data, testHasher);
      await a.load(data);
      const account = data.accounts.find((x) => x.status === 'active')!;
      const session = (tokenHash: string, expiresMs: number) =>
        a.sessions.create({ tokenHash, accountId: account.id, createdAt: t0.toISOString(), lastSeenAt: t0.toISOString(), expiresAt: new Date(t0.getTime() + expiresMs).toISOString(), endedAt: null }, t0);
      await session('live1', idle.idleMs);
      await session('live2', idle.idleMs);
      await session('ended', idle.idleMs);
      await session('expired', -1);
      await a.sessions.end('ended', t0);

      let checkouts = 0;
      a.pool.on('acquire', () => void checkouts++);
      const tokens = ['live1', 'live2', 'ended', 'expired', 'unknown', 'live1'];
      const callers = await Promise.all(tokens.map((t) => a.sessions.resolve(t, t0, idle)));
      expect(checkouts).toBe(1);
      expect(callers.map((c) => c?.session.tokenHash ?? null)).toEqual(['live1', 'live2', null, null, null, 'live1']);
      expect(callers[0]).toEqual(callers[5]);
      expect(callers[1]).toMatchObject({ account: { id: account.id }, group: { id: account.billingGroupId }, session: { expiresAt: new Date(t0.getTime() + idle.idleMs).toISOString() } });

      await b.sessions.end('live2', t0);
      expect(await a.sessions.resolve('live2', t0, idle)).toBeNull();
      expect((await a.sessions.resolve('live1', t0, idle))?.account.id).toBe(account.id);
      expect(checkouts).toBe(3);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('bill breakdowns kept per group data version (one statement per repeated bill read)', () => {
  const t0 = new Date('2024-01-15T01:00:00.000Z');
  const idle = { idleMs: 24 * 60 * 60_000 };

  async function twoEngines() {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([PostgresEngine.open(url), PostgresEngine.open(url)]);
    const data = emptyData();
    await seedDemo(data, testHasher);
    await a.load(data);
    const account = data.accounts.find((x) => x.status === 'active')!;
    await a.sessions.create({ tokenHash: 'h1', accountId: account.id, createdAt: t0.toISOString(), lastSeenAt: t0.toISOString(), expiresAt: new Date(t0.getTime() + idle.idleMs).toISOString(), endedAt: null }, t0);
    const version = async () => (await sql<{ v: string }>(url, 'SELECT data_version::text AS v FROM billing_groups WHERE id = $1', [account.billingGroupId]))[0]!.v;
    /** a bill read through `engine` as the route makes it: the caller (with its version), then the breakdown */
    const read = async (engine: PostgresEngine, month: string, now = t0) => {
      const caller = (await engine.sessions.resolve('h1', now, idle))!;
      return billStatement(engine, caller.group, month, now, caller.dataVersion);
    };
    /** the same breakdown computed afresh, no cache involved */
    const fresh = async (engine: PostgresEngine, month: string, now = t0) => billStatement({ ...engine, billCache: undefined }, (await engine.billingGroups.get(account.billingGroupId))!, month, now);
    return { url, a, b, data, group: account.billingGroupId, version, read, fresh };
  }

  const call = (group: string, id: string, charge: number) => ({
    id, billingGroupId: group, contractNumber: 'CAF0000000001', month: '2023-10', startedAt: '2023-10-02T01:00:00.000Z',
    usageType: 'ひかり電話・県内', from: '0611115555', to: '0638846327', durationSeconds: 30, charge,
  });

  it('a bulk statement bumps the group version once, not once per row; a bill reissue and a contract change bump it too', async () => {
    const { url, a, b, group, version } = await twoEngines();
    try {
      const v0 = BigInt(await version());
      await b.callRecords.import(Array.from({ length: 1500 }, (_, i) => call(group, `bulk-${i}`, 1)));
      expect(BigInt(await version())).toBe(v0 + 1n);
      // over one chunk: one transaction of two INSERT statements, one bump each
      await b.callRecords.import(Array.from({ length: 2001 }, (_, i) => call(group, `bulk2-${i}`, 1)));
      expect(BigInt(await version())).toBe(v0 + 3n);
      const bill = (await a.bills.findVisible(group, '2023-10', t0))!;
      await b.bills.publish({ ...bill, items: bill.items.slice(1) });
      expect(BigInt(await version())).toBe(v0 + 4n);
      await sql(url, "UPDATE contracts SET service_name = 'mediaひかり 10G' WHERE billing_group_id = $1", [group]);
      expect(BigInt(await version())).toBe(v0 + 5n);
      // another group's writes leave this one alone
      await sql(url, "UPDATE contracts SET service_name = 'x' WHERE billing_group_id <> $1", [group]);
      expect(BigInt(await version())).toBe(v0 + 5n);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a repeated read is served from the instance and equals a fresh computation; call records, a reissue and a contract change through the other engine show on the next read', async () => {
    const { url, a, b, group, read, fresh } = await twoEngines();
    try {
      const first = await read(a, '2023-10');
      const again = await read(a, '2023-10');
      expect(again).toBe(first); // the kept answer itself: no findStatement
      expect(again).toEqual(await fresh(b, '2023-10'));
      expect(await read(b, '2023-10')).toEqual(first);

      await b.callRecords.import([call(group, 'late-1', 120), call(group, 'late-2', 30)]);
      const withCalls = await read(a, '2023-10');
      expect(withCalls.callCharges).toBe(first.callCharges + 150);
      expect(withCalls).toEqual(await fresh(b, '2023-10'));

      const bill = (await b.bills.findVisible(group, '2023-10', t0))!;
      await b.bills.publish({ ...bill, items: [...bill.items, { ...bill.items[0]!, name: '工事費（再発行）', amount: 1000 }] });
      const reissued = await read(a, '2023-10');
      expect(reissued.contracts.flatMap((c) => c.items.map((i) => i.name))).toContain('工事費（再発行）');
      expect(reissued.total).toBeGreaterThan(withCalls.total);
      expect(reissued).toEqual(await fresh(b, '2023-10'));

      await sql(url, "UPDATE contracts SET service_name = 'mediaひかり 10G' WHERE contract_number = 'CAF0000000001'");
      const renamed = await read(a, '2023-10');
      expect(renamed.contracts.find((c) => c.contractNumber === 'CAF0000000001')?.serviceName).toBe('mediaひかり 10G');
      expect(await read(a, '2023-10')).toBe(renamed);
      expect(renamed).toEqual(await fresh(b, '2023-10'));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('the bill list: each month’s total is its breakdown’s, read in one statement and kept; call records loaded through the other engine change the total at the next list', async () => {
    const { a, b, group, version, fresh } = await twoEngines();
    try {
      const list = async (engine: PostgresEngine) => {
        const caller = (await engine.sessions.resolve('h1', t0, idle))!;
        return billList(engine, caller.group, t0, 2023, caller.dataVersion);
      };
      const first = await list(a);
      expect(first.months.length).toBeGreaterThan(1);
      for (const m of first.months) expect(m.total).toBe((await fresh(b, m.month)).total);
      // the breakdowns the list computed are kept at the version they were read at (the bill read is then served from them)
      const v = await version();
      const groupRecord = (await a.billingGroups.get(group))!;
      for (const m of first.months) expect(a.billCache.get(groupRecord, m.month, v, t0)?.total).toBe(m.total);
      expect(await list(a)).toEqual(first);

      await b.callRecords.import([call(group, 'late-1', 120), call(group, 'late-2', 30)]);
      const after = await list(a);
      const october = (l: typeof first) => l.months.find((m) => m.month === '2023-10')!.total;
      expect(october(after)).toBeGreaterThan(october(first));
      for (const m of after.months) expect(m.total).toBe((await fresh(b, m.month)).total);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('a contract list kept by one engine shows a contract added and a contract renamed through the other at the next read', async () => {
    const { url, a, b, data, group } = await twoEngines();
    try {
      const list = async (engine: PostgresEngine, filter?: 'hikari' | 'other') => {
        const caller = (await engine.sessions.resolve('h1', t0, idle))!;
        return listContracts(engine, caller.group.id, filter, caller.dataVersion);
      };
      const first = await list(a);
      expect(await list(a)).toBe(first); // kept: no contracts read
      const template = data.contracts.find((c) => c.billingGroupId === group)!;
      expect(await b.billingGroups.addContract({ ...template, contractNumber: 'CAF0000000777' })).toBe(true);
      const added = await list(a);
      expect(added.map((c) => c.contractNumber)).toEqual([...first.map((c) => c.contractNumber), 'CAF0000000777']);
      await sql(url, "UPDATE contracts SET service_name = 'mediaひかり 10G' WHERE contract_number = $1", [template.contractNumber]);
      expect((await list(a)).find((c) => c.contractNumber === template.contractNumber)?.serviceName).toBe('mediaひかり 10G');
      // the contract-group filter is its own entry
      expect((await list(a, template.group)).every((c) => c.group === template.group)).toBe(true);
      expect(await list(a)).toEqual(await listContracts(b, group));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('R-BILL-1: a kept bill is never served to a clock before its publication, and a not-yet-published bill is never kept', async () => {
    const { a, b, group, read } = await twoEngines();
    try {
      const bill = (await b.bills.findVisible(group, '2023-10', t0))!;
      const later = new Date(t0.getTime() + 60 * 60_000);
      await b.bills.publish({ ...bill, publishedAt: later.toISOString() });
      await expect(read(a, '2023-10')).rejects.toMatchObject({ code: 'BILL_NOT_FOUND' });
      const shown = await read(a, '2023-10', new Date(later.getTime() + 1000));
      expect(shown.billingId).toBe(bill.billingId);
      // the injected clock moves back (same data version): the kept answer is not served
      await expect(read(a, '2023-10')).rejects.toMatchObject({ code: 'BILL_NOT_FOUND' });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('the database goes away under a running server', () => {
  let running: RunningServer | undefined;
  let dataDir: string;
  afterAll(async () => {
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with the error envelope in bounded time, health says the database is down, and resumes by itself', async () => {
    const url = await freshDatabase();
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-pgfault-'));
    running = await startServer({ port: 0, host: '127.0.0.1', dataDir, databaseUrl: url, dev: true, demo: true, captcha: { mode: 'none' }, operatorToken: 'op-token', logger: silentLogger, hasher: testHasher });
    const api = async (method: string, route: string, body?: unknown, token?: string) => {
      const res = await fetch(`${running!.url}${route}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, any> };
    };
    const login = await api('POST', '/api/v1/auth/login', { accessId: 'm95au6', password: 'mypage2023' });
    expect(login.status).toBe(200);
    const mails = (await api('GET', '/api/v1/dev/mailbox?to=taro%40example.jp')).body.items as { text: string }[];
    const otp = MAIL_PATTERNS.otp.exec(mails.at(-1)!.text)![1];
    const session = await api('POST', '/api/v1/auth/otp', { challengeId: login.body.challengeId, otp });
    expect(session.status).toBe(200);
    const token = session.body.token as string;
    expect((await api('GET', '/api/v1/bills', undefined, token)).status).toBe(200);
    expect((await api('GET', '/api/v1/health')).status).toBe(200);

    await server().halt();
    try {
      const started = Date.now();
      const bills = await api('GET', '/api/v1/bills', undefined, token);
      expect(bills.status).toBe(503);
      expect(bills.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      const health = await api('GET', '/api/v1/health');
      expect(health.status).toBe(503);
      expect(health.body.error.messageEn).toBe('The database is down.');
      const write = await api('POST', '/api/v1/auth/login', { accessId: 'm95au6', password: 'wrong-password' });
      expect(write.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await server().start();
    }
    // back: the pool reconnects by itself, the session (stored before) still works
    let health = 0;
    for (let i = 0; i < 50 && health !== 200; i++) {
      health = (await api('GET', '/api/v1/health')).status;
      if (health !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(health).toBe(200);
    expect((await api('GET', '/api/v1/bills', undefined, token)).status).toBe(200);
  });
});
