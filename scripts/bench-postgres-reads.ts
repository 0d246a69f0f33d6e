#!/usr/bin/env -S node --import tsx
// Authenticated reads on the PostgreSQL engine measured the way scripts/bench.js measures the JSON
// engine: each read in rounds, each round right after a run of the bare Hono hello-world, as a
// ratio of requests/s, and as requests per CPU-second — for PostgreSQL, the CPU of the server
// process plus every PostgreSQL process of the cluster (a read costs both) — against hello-world's.
// Then the bill read on two instances at once against one. Needs the build, wrk and Debian's
// postgresql (a throw-away cluster, fsync on). Never fails on a number. See docs/performance.md.
//
//   node --import tsx scripts/bench-postgres-reads.ts [--seconds 3] [--rounds 3] [--connections 20]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MAIL_PATTERNS } from '../packages/api/src/index.js';
import { PostgresEngine } from '../mock-server/src/store/postgres/engine.js';
import type { Data } from '../mock-server/src/store/schema.js';
import { startTestPostgres } from '../test/helpers/postgres.js';
// @ts-expect-error -- a plain JS module of the bench scripts
import { BENCH_USER, benchData } from './bench-data.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '20' } } });
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

interface Child { child: ChildProcess; url: string }
function startChild(args: string[]): Promise<Child> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c) => (err = (err + c).slice(-4000)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}): ${err}`)));
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /^READY (.*)$/m.exec(out) ?? /^mypage-server listening on (\S+)$/m.exec(out);
      if (m) {
        child.removeAllListeners('exit');
        resolve({ child, url: m[1]!.startsWith('{') ? JSON.parse(m[1]!).url : m[1]! });
      }
    });
  });
}
const stop = (c: Child) => new Promise((resolve) => { c.child.once('exit', resolve); c.child.kill('SIGTERM'); });

/** CPU seconds (user + system) of processes, from /proc. */
function cpuOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited
    }
  }
  return ticks / 100;
}
/** The cluster's processes: the postmaster listening on `port` and its children (backends). */
function postgresPids(port: number): number[] {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  const master = all.find((pid) => { try { return /postgres/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8')) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`port=${port}`); } catch { return false; } });
  if (master === undefined) return [];
  const children = all.filter((pid) => { try { return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]) === master; } catch { return false; } });
  return [master, ...children];
}

interface Run { rps: number; requests: number; p99: number; non2xx: number; perCpu: number }
function wrk(url: string, pids: () => number[], headers: Record<string, string> = {}): Run {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '10s'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  const before = cpuOf(pids());
  const out = spawnSync('wrk', [...args, url], { encoding: 'utf8' }).stdout;
  const used = cpuOf(pids()) - before;
  const m = /^\s+99(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$/m.exec(out);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    requests,
    p99: m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2] as 'us'] : NaN,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    perCpu: requests / used,
  };
}

async function signIn(url: string): Promise<string> {
  const post = async (p: string, body: unknown) => {
    const res = await fetch(url + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<any>;
  };
  const challenge = await post('/api/v1/auth/login', { accessId: BENCH_USER.accessId, password: BENCH_USER.password });
  const mails = (await (await fetch(`${url}/api/v1/dev/mailbox?to=${BENCH_USER.email}`)).json() as any).items;
  const otp = MAIL_PATTERNS.otp.exec(mails[mails.length - 1].text)![1];
  return (await post('/api/v1/auth/otp', { challengeId: challenge.challengeId, otp })).token;
}

const hello = `import { serve } from '@hono/node-server'; import { Hono } from 'hono';
const app = new Hono(); app.get('/', (c) => c.text('Hello Hono!'));
const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => process.stdout.write('READY ' + JSON.stringify({ url: 'http://127.0.0.1:' + info.port }) + '\\n'));
process.once('SIGTERM', () => s.close(() => process.exit(0)));`;
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)]!;

const pg = await startTestPostgres({ durable: true, maxConnections: 200 });
const dirs: string[] = [];
const load = [os.loadavg()[0]!];
try {
  const url = await pg.createDatabase('bench_reads');
  const engine = await PostgresEngine.open(url);
  await engine.load((await benchData('demo')) as Data);
  await engine.pool.query('CHECKPOINT');
  await engine.close();
  const server = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-pg-'));
    dirs.push(dir);
    return startChild([path.join(ROOT, 'bin', 'mypage-server.js'), '--dev', '--port', '0', '--data', dir, '--database', url]);
  };
  const h = await startChild(['--input-type=module', '-e', hello]);
  const a = await server();
  const auth = { authorization: `Bearer ${await signIn(a.url)}` };
  const withPg = (pid: number) => () => [pid, ...postgresPids(pg.port)];
  const rows: Record<string, string | number>[] = [];
  const helloRps: number[] = [];
  for (const [label, p, headers] of [['GET /health', '/api/v1/health', {}], ['GET /bills/2023-10', '/api/v1/bills/2023-10', auth], ['GET /contracts', '/api/v1/contracts', auth]] as const) {
    const runs: (Run & { ratio: number; cpuRatio: number })[] = [];
    for (let i = 0; i < rounds; i++) {
      const base = wrk(`${h.url}/`, () => [h.child.pid!]);
      helloRps.push(base.rps);
      const r = wrk(`${a.url}${p}`, withPg(a.child.pid!), headers);
      runs.push({ ...r, ratio: r.rps / base.rps, cpuRatio: r.perCpu / base.perCpu });
    }
    const mid = runs.find((r) => r.ratio === median(runs.map((x) => x.ratio)))!;
    rows.push({ read: label, 'req/s (median round)': mid.rps.toFixed(0), 'ratio to hello-world': mid.ratio.toFixed(2), 'cpu ratio (server + PostgreSQL)': median(runs.map((r) => r.cpuRatio)).toFixed(2), 'p99 ms': mid.p99.toFixed(1), 'non-2xx': runs.reduce((n, r) => n + r.non2xx, 0) });
    load.push(os.loadavg()[0]!);
  }
  // Two instances on one database, the bill read on both at once, against one instance alone (alternating).
  const b = await server();
  const authB = { authorization: `Bearer ${await signIn(b.url)}` };
  const pairs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const one = wrk(`${a.url}/api/v1/bills/2023-10`, withPg(a.child.pid!), auth);
    const both = await Promise.all([a, b].map((s, k) => new Promise<Run>((resolve) => {
      const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '-H', `authorization: ${(k === 0 ? auth : authB).authorization}`, `${s.url}/api/v1/bills/2023-10`];
      const w = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      w.stdout.on('data', (c) => (out += c));
      w.once('exit', () => resolve({ rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN), requests: 0, p99: NaN, non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0), perCpu: NaN }));
    })));
    pairs.push((both[0]!.rps + both[1]!.rps) / one.rps);
  }
  load.push(os.loadavg()[0]!);
  await stop(b);
  await stop(a);
  await stop(h);
  console.log(`\nPostgreSQL engine, reads — Node ${process.version}, ${os.cpus().length} cores, load average ${load.map((l) => l.toFixed(1)).join(' → ')}, wrk -t1 -c${connections} -d${seconds}s, ${rounds} round(s)`);
  console.log(`bare Hono hello-world, run before each read: ${Math.min(...helloRps).toFixed(0)}–${Math.max(...helloRps).toFixed(0)} req/s`);
  console.table(rows);
  console.log(`GET /bills/2023-10 on two instances at once: ${pairs.map((x) => x.toFixed(2)).join(' / ')}× one instance (rounds; median ${median(pairs).toFixed(2)}×)`);
} finally {
  await pg.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
process.exit(0);
