import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { FakeClock } from '../clock.js';
import { defaultConfig } from '../config.js';
import { Outbox } from '../mail/mailer.js';
import { seedDemo } from '../seed/demo.js';
import { acceptAllCaptcha, sessionToken, testHasher } from '../testing/index.js';
import { accountRecord, groupRecord, repositoryContract } from './contract.js';
import { nodeFs, type JsonFs } from './json/files.js';
import { JsonEngine } from './json/engine.js';
import { DataFolderLocked, LOCK_FILE, lockDataFolder, takeOverStaleLock } from './json/lock.js';
import { MemoryEngine } from './memory/engine.js';
import { StoreUnavailable, type StoreEngine } from './repositories.js';
import { emptyData, type Data } from './schema.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
const engines: StoreEngine[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'mypage-json-'));
  dirs.push(d);
  return d;
};
const open = async (dir: string, options?: Parameters<typeof JsonEngine.open>[1]) => {
  const e = await JsonEngine.open(dir, options);
  engines.push(e);
  return e;
};
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

repositoryContract('json', () => JsonEngine.open(tmp()));

/** The real file system, counting what is written and failing on demand (ENOSPC/EIO). */
function countingFs() {
  const written: string[] = [];
  let failWith: string | null = null;
  const fs: JsonFs = {
    ...nodeFs,
    async writeDurable(file, text) {
      if (failWith) throw Object.assign(new Error(`${failWith}: simulated`), { code: failWith });
      written.push(file);
      return nodeFs.writeDurable(file, text);
    },
  };
  return { fs, written, fail: (code: string | null) => (failWith = code) };
}
const names = (files: string[], dir: string) => files.map((f) => path.relative(dir, f).replace(/\.\d+\.\d+\.tmp$/, ''));
const T0 = new Date('2024-01-15T01:00:00.000Z');
const inquiry = (id: string, billingGroupId = 'g1') => ({
  id, billingGroupId, accountId: 'u1', category: 'other', subject: 's', body: '', kind: 'general' as const, status: 'received' as const, createdAt: T0.toISOString(), resolvedAt: null, effectiveFrom: null,
});

describe('JSON engine (D-13)', () => {
  it('keeps its data across close and reopen', async () => {
    const dir = tmp();
    const a = await JsonEngine.open(dir);
    await a.billingGroups.create(groupRecord('g1'), []);
    await a.inquiries.create(inquiry('i1'));
    await a.close();
    const b = await open(dir);
    expect((await b.inquiries.get('i1'))?.subject).toBe('s');
  });

  it('opens a data folder of the single-file format (everything in mypage.json) and splits it', async () => {
    const dir = tmp();
    const old = emptyData();
    await seedDemo(old, testHasher);
    writeFileSync(path.join(dir, 'mypage.json'), JSON.stringify(old));
    const store = await open(dir);
    expect((await store.accounts.byAccessId('m95au6'))?.email).toBe('taro@example.jp');
    expect(await store.callRecords.count({ billingGroupId: 'bg_a', month: '2023-12' })).toBe(old.callRecords.filter((r) => r.billingGroupId === 'bg_a' && r.month === '2023-12').length);
    const main = JSON.parse(readFileSync(path.join(dir, 'mypage.json'), 'utf8')) as Data;
    expect(main.callRecords ?? []).toEqual([]);
    expect(main.billingGroups ?? []).toEqual([]);
    expect(existsSync(path.join(dir, 'groups', 'bg_a.json'))).toBe(true);
    expect(existsSync(path.join(dir, 'calls', '2023-12', 'bg_a.json'))).toBe(true);
    await store.close();
    engines.pop();
    const again = await open(dir);
    expect((await again.bills.listVisible('bg_a', new Date('2025-01-01'))).length).toBe(old.bills.filter((b) => b.billingGroupId === 'bg_a').length);
  });

  it('reads never write: sliding a session writes nothing until the expiry on disk is a minute behind, then in the background', async () => {
    const dir = tmp();
    const { fs, written } = countingFs();
    const store = await open(dir, { fs });
    await store.sessions.create({ tokenHash: 'h', accountId: 'u1', createdAt: T0.toISOString(), lastSeenAt: T0.toISOString(), expiresAt: new Date(T0.getTime() + 600_000).toISOString(), endedAt: null }, T0);
    const before = written.length;
    for (let s = 1; s <= 59; s++) expect(await store.sessions.touch('h', new Date(T0.getTime() + s * 1000), { idleMs: 600_000 })).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1200));
    expect(written.length).toBe(before);
    await store.sessions.touch('h', new Date(T0.getTime() + 61_000), { idleMs: 600_000 });
    expect(written.length).toBe(before); // not in the request
    await new Promise((r) => setTimeout(r, 1200));
    expect(names(written.slice(before), dir)).toEqual(['mypage.json']);
    const onDisk = JSON.parse(readFileSync(path.join(dir, 'mypage.json'), 'utf8')) as Data;
    expect(onDisk.sessions[0]!.expiresAt).toBe(new Date(T0.getTime() + 661_000).toISOString());
  });

  it('persists the slid expiry at shutdown', async () => {
    const dir = tmp();
    const store = await JsonEngine.open(dir);
    await store.sessions.create({ tokenHash: 'h', accountId: 'u1', createdAt: T0.toISOString(), lastSeenAt: T0.toISOString(), expiresAt: new Date(T0.getTime() + 600_000).toISOString(), endedAt: null }, T0);
    await store.sessions.touch('h', new Date(T0.getTime() + 5_000), { idleMs: 600_000 });
    await store.close();
    const again = await open(dir);
    expect((await again.sessions.get('h'))?.expiresAt).toBe(new Date(T0.getTime() + 605_000).toISOString());
  });

  it('group commit: 100 concurrent writes go out in far fewer commits, each acknowledged after its fsync', async () => {
    const dir = tmp();
    const { fs, written } = countingFs();
    const store = await open(dir, { fs });
    await store.billingGroups.create(groupRecord('g1'), []);
    const before = written.length;
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.inquiries.create(inquiry(`i${i}`))));
    const commits = written.length - before;
    expect(commits).toBeLessThanOrEqual(10);
    await store.close();
    engines.pop();
    const again = await open(dir);
    expect(await again.inquiries.listByGroup('g1')).toHaveLength(100);
  });

  it('an inquiry writes its group’s file only, however many call records are stored', async () => {
    const dir = tmp();
    const { fs, written } = countingFs();
    const store = await open(dir, { fs });
    await store.billingGroups.create(groupRecord('g1'), []);
    await store.billingGroups.create(groupRecord('g2'), []);
    await store.callRecords.import(
      Array.from({ length: 2000 }, (_, i) => ({ id: `c${i}`, billingGroupId: 'g1', contractNumber: 'CAF0000000011', month: '2023-12', startedAt: new Date(Date.UTC(2023, 11, 1) + i * 1000).toISOString(), usageType: 'ひかり電話・県内', from: '0611112222', to: '0600000000', durationSeconds: 60, charge: 8 })),
    );
    const before = written.length;
    await store.inquiries.create(inquiry('i1'));
    expect(names(written.slice(before), dir)).toEqual(['groups/g1.json']);
  });

  it('timing reveals which access IDs exist: a failed login on a known or an unknown ID writes one small login-failures file, never the group file; both survive a restart', async () => {
    const dir = tmp();
    const { fs, written } = countingFs();
    const store = await open(dir, { fs });
    await store.billingGroups.create(groupRecord('g1'), []);
    const known = (await store.accounts.create(accountRecord('u1', 'g1'), () => 'known1')).accessId;
    for (let i = 0; i < 50; i++) await store.inquiries.create(inquiry(`i${i}`)); // a group file far larger than a failure record
    const policy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000, maxUnknownKeys: 10_000 };
    const writes: Record<string, string[]> = {};
    for (const key of [known, 'nobod1']) {
      const before = written.length;
      await store.loginAttempts.reserve(key, T0, policy);
      writes[key] = names(written.slice(before), dir);
    }
    expect(writes[known]).toHaveLength(1);
    expect(writes.nobod1).toHaveLength(1);
    for (const file of [...writes[known]!, ...writes.nobod1!]) {
      expect(file).toMatch(/^login-failures\/\d\d\.json$/);
      expect(readFileSync(path.join(dir, file)).length).toBeLessThan(200);
    }
    for (let i = 0; i < 4; i++) for (const key of [known, 'nobod1']) await store.loginAttempts.reserve(key, T0, policy);
    await store.close();
    engines.pop();
    const again = await open(dir);
    expect(await again.loginAttempts.retryAfter(known, T0)).toBe(900);
    expect(await again.loginAttempts.retryAfter('nobod1', T0)).toBe(900);
  });

  it('a store written before the failed-login files opens: the counts kept on accounts are dropped', async () => {
    const dir = tmp();
    const old = emptyData();
    await seedDemo(old, testHasher);
    const legacy = { ...old, accounts: old.accounts.map((a) => ({ ...a, failedLogins: { count: 3, since: T0.toISOString(), lockedUntil: null } })) };
    writeFileSync(path.join(dir, 'mypage.json'), JSON.stringify(legacy));
    const store = await open(dir);
    const admin = await store.accounts.byAccessId('m95au6');
    expect(admin).not.toHaveProperty('failedLogins');
    expect(readFileSync(path.join(dir, 'groups', 'bg_a.json'), 'utf8')).not.toContain('failedLogins');
  });

  it('a failed write (disk full, I/O error) is undone in memory and on disk, and answers StoreUnavailable; later writes work', async () => {
    const dir = tmp();
    const { fs, fail } = countingFs();
    const store = await open(dir, { fs });
    await store.billingGroups.create(groupRecord('g1'), []);
    fail('ENOSPC');
    const results = await Promise.allSettled([store.inquiries.create(inquiry('i1')), store.inquiries.create(inquiry('i2')), store.billingGroups.update('g1', { name: 'lost' })]);
    for (const r of results) expect(r.status === 'rejected' && r.reason instanceof StoreUnavailable).toBe(true);
    expect(await store.inquiries.get('i1')).toBeNull();
    expect((await store.billingGroups.get('g1'))?.name).toBe('名前 g1');
    fail('EIO');
    await expect(store.transaction(async (tx) => tx.inquiries.create(inquiry('i3')))).rejects.toBeInstanceOf(StoreUnavailable);
    expect(await store.inquiries.get('i3')).toBeNull();
    fail(null);
    await store.inquiries.create(inquiry('i4'));
    await store.close();
    engines.pop();
    const again = await open(dir);
    expect((await again.inquiries.listByGroup('g1')).map((i) => i.id)).toEqual(['i4']);
    expect((await again.billingGroups.get('g1'))?.name).toBe('名前 g1');
  });

  it('a full disk answers 503 with the error envelope, and the inquiry is not in the history afterwards', async () => {
    const dir = tmp();
    const { fs, fail } = countingFs();
    const store = await open(dir, { fs });
    const data = emptyData();
    await seedDemo(data, testHasher);
    await store.load(data);
    const clock = new FakeClock('2024-01-15T10:00:00+09:00');
    const config = defaultConfig({ dev: true });
    const app = createApp({ repos: store, mailer: new Outbox({ clock }), clock, captcha: acceptAllCaptcha, config, hasher: testHasher });
    const token = await sessionToken({ app, store: store as unknown as MemoryEngine, mailer: new Outbox({ clock }), clock, config, hasher: testHasher }, 'usr_demo_admin');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    fail('ENOSPC');
    const res = await app.request('/api/v1/inquiries', { method: 'POST', headers, body: JSON.stringify({ category: 'other', subject: '紙の請求書について' }) });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.error.message).toBe('ただいまサービスを利用できません。');
    fail(null);
    const list = await app.request('/api/v1/inquiries', { headers });
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  });

  it('one writer per folder: a second open refuses naming the folder and the process; a dead process’s lock is taken over', async () => {
    const dir = tmp();
    const first = await open(dir);
    await expect(JsonEngine.open(dir)).rejects.toSatisfy((e: unknown) => e instanceof DataFolderLocked && e.message.includes(dir) && e.message.includes(String(process.pid)));
    await first.close();
    engines.pop();
    // a lock left by a process that no longer runs
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(path.join(dir, LOCK_FILE), `${deadPid}\n`);
    const second = await open(dir);
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await second.close();
    engines.pop();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('an interrupted commit of several files is completed at the next start; stray temporary files are removed', async () => {
    const dir = tmp();
    const a = await JsonEngine.open(dir);
    await a.billingGroups.create(groupRecord('g1'), []);
    await a.close();
    // What a crash right after the commit point leaves: the commit record and the temporaries.
    writeFileSync(path.join(dir, 'groups', 'g1.json.1.1.tmp'), JSON.stringify({ billingGroups: [{ ...groupRecord('g1'), name: 'committed' }] }));
    writeFileSync(path.join(dir, 'mypage.json.1.2.tmp'), JSON.stringify({ schemaVersion: 1, news: [{ id: 'n1', billingGroupId: null, title: 't', body: '', publishedAt: T0.toISOString() }] }));
    writeFileSync(path.join(dir, 'commit.json'), JSON.stringify([['groups/g1.json.1.1.tmp', 'groups/g1.json'], ['mypage.json.1.2.tmp', 'mypage.json']]));
    writeFileSync(path.join(dir, 'groups', 'g1.json.1.3.tmp'), '{"half');
    const b = await open(dir);
    expect((await b.billingGroups.get('g1'))?.name).toBe('committed');
    expect(await b.news.listVisible('g1', T0)).toHaveLength(1);
    expect(readdirSync(path.join(dir, 'groups'))).toEqual(['g1.json']);
    expect(existsSync(path.join(dir, 'commit.json'))).toBe(false);
  });

  it('two apps in one process share nothing (stores, outboxes, throttles)', async () => {
    const seeded = emptyData();
    await seedDemo(seeded, testHasher);
    const appOn = async () => {
      const clock = new FakeClock();
      const mailer = new Outbox({ clock });
      const store = await MemoryEngine.create(structuredClone(seeded));
      return { app: createApp({ repos: store, mailer, clock, captcha: acceptAllCaptcha, config: defaultConfig({ dev: true }), hasher: testHasher }), mailer };
    };
    const a = await appOn();
    const b = await appOn();
    const login = (app: typeof a.app, password: string) =>
      app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessId: 'm95au6', password }) });
    expect((await login(a.app, 'mypage2023')).status).toBe(200);
    expect(a.mailer.list()).toHaveLength(1);
    expect(b.mailer.list()).toHaveLength(0);
    for (let i = 0; i < 5; i++) await login(a.app, 'wrong1234');
    expect((await login(a.app, 'mypage2023')).status).toBe(429);
    expect((await login(b.app, 'mypage2023')).status).toBe(200); // b's throttle and store are its own
  });
});

describe('JSON engine: one writer when servers start at the same instant (D-13)', () => {
  let contender = '';
  beforeAll(async () => {
    const { build } = await import('esbuild');
    contender = path.join(tmp(), 'lock-contender.mjs');
    await build({ entryPoints: [path.join(here, 'json', 'lock-contender.fixture.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: contender, logLevel: 'silent' });
  });

  it('six servers racing for a folder whose lock names a dead process: exactly one takes it over, the others name it', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.once('exit', r));
    for (let round = 0; round < 2; round++) {
      const dir = tmp();
      writeFileSync(path.join(dir, LOCK_FILE), `${deadPid}\n`);
      const children = Array.from({ length: 6 }, () => spawn(process.execPath, [contender, dir], { stdio: ['pipe', 'pipe', 'inherit'] }));
      const answers = await Promise.all(
        children.map(
          (child) =>
            new Promise<string>((resolve, reject) => {
              let out = '';
              child.stdout!.on('data', (c: Buffer) => {
                out += c.toString();
                if (out.endsWith('\n')) resolve(out.trim());
              });
              child.once('exit', (code) => (out.endsWith('\n') ? undefined : reject(new Error(`contender exited ${code} without an answer`))));
            }),
        ),
      );
      const holders = children.filter((_, i) => answers[i] === 'held');
      expect(holders).toHaveLength(1);
      const holderPid = String(holders[0]!.pid);
      expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe(holderPid);
      for (const a of answers) if (a !== 'held') expect(a).toBe(`locked ${holderPid}`);
      await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : (c.once('exit', r), c.stdin!.end())))));
      expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
      expect(readdirSync(dir)).toEqual([]); // no guard or private file left behind
    }
  }, 60_000);

  it('a server that saw the dead pid late does not remove the lock another server took over meanwhile', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.once('exit', r));
    const dir = tmp();
    // the other server already replaced the stale lock with its own (a live process)
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writeFileSync(path.join(dir, LOCK_FILE), `${other.pid}\n`);
      takeOverStaleLock(dir, deadPid); // what the late server does with the pid it read before
      expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(other.pid));
      expect(() => lockDataFolder(dir)).toThrow(DataFolderLocked);
      expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    } finally {
      other.kill();
    }
  });
});

describe('JSON engine: SIGKILL during mixed writes (30 kills)', () => {
  // The writer is bundled once (esbuild, as tsup does), so each of the 30 processes starts in
  // a fraction of a second instead of compiling TypeScript again.
  let writer = '';
  beforeAll(async () => {
    const { build } = await import('esbuild');
    writer = path.join(tmp(), 'crash-writer.mjs');
    // The engine counts the characters Shift_JIS cannot write as records are stored, with the
    // encoder's table, built by iconv-lite: a CommonJS package, whose `require` of Node's own
    // modules needs a `require` in the ESM bundle (the server's build leaves packages outside).
    const banner = { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" };
    await build({ entryPoints: [path.join(here, 'json', 'crash-writer.fixture.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: writer, logLevel: 'silent', banner });
  });

  /** Start the writer, let it acknowledge `target` writes, kill it; returns what it acknowledged. */
  async function killedWriter(dir: string, target: number): Promise<string[]> {
    const child = spawn(process.execPath, [writer, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.split('\n').length > target + 1) resolve();
      });
      child.once('exit', (code) => reject(new Error(`writer exited (${code}) before being killed: ${err}`)));
    });
    child.removeAllListeners('exit');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    // Only complete lines are acknowledgements (a line cut by the kill is not).
    return out.split('\n').slice(0, -1).filter((l) => l !== 'ready');
  }

  it('every acknowledged write is there after each restart, and the folder opens every time', async () => {
    const dir = tmp();
    const acked: string[] = [];
    for (let round = 0; round < 30; round++) {
      acked.push(...(await killedWriter(dir, 3 + (round % 5) * 4)));
      const store = await JsonEngine.open(dir); // the dead writer's lock is taken over
      const accounts = new Set((await store.accounts.listByGroup('g1')).map((a) => a.id));
      const inquiries = new Set((await store.inquiries.listByGroup('g1')).map((i) => i.id));
      const name = (await store.accounts.get('admin'))!.name;
      for (const line of acked) {
        const [kind, ...rest] = line.split(' ');
        const value = rest.join(' ');
        if (kind === 'account') expect(accounts.has(value)).toBe(true);
        else if (kind === 'inquiry') expect(inquiries.has(value)).toBe(true);
        else if (kind === 'name') expect(name >= value).toBe(true);
      }
      await store.close();
    }
    expect(acked.length).toBeGreaterThan(200);
  }, 240_000);
});
