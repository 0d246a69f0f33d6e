#!/usr/bin/env -S node --import tsx
// Authenticated reads on the PostgreSQL engine measured the way scripts/bench.js measures the JSON
// engine: each read in rounds, each round right after a run of the bare Hono hello-world, as a
// ratio of requests/s, and as requests per CPU-second — for PostgreSQL, the CPU of the server
// process plus every PostgreSQL process of the cluster (a read costs both) — against hello-world's.
// Also per read: the CPU time of one request (server + PostgreSQL, and the server's share) and the statements it runs
// (pg_stat_statements, loaded into the throw-away cluster). Then the bill read on two instances at
// once against one. Needs the build, wrk and Debian's postgresql (a throw-away cluster, fsync on).
// Never fails on a number. See docs/performance.md.
//
//   node --import tsx scripts/bench-postgres-reads.ts [--seconds 3] [--rounds 3] [--connections 20]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { PostgresEngine } from '../mock-server/src/store/postgres/engine.js';
import { startTestPostgres } from '../test/helpers/postgres.js';
import { benchData } from './bench-data.js';
import { cpuMs, median, signIn, startServer, stopChild, wrkFigures, type WrkFigures } from './bench-folder.js';
import { postgresPids, startHello, wrkArgs, wrkAsync } from './bench-postgres-lib.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' }, rounds: { type: 'string', default: '3' }, connections: { type: 'string', default: '20' } } });
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const connections = Number(values.connections);

/** CPU ms of processes; one that ended between the two readings counts as 0 (under-counts, never over). */
const cpuOf = (pids: number[]) => pids.reduce((t, pid) => t + (cpuMs(pid) || 0), 0);

interface Run extends WrkFigures { cpuMsUsed: number; perCpu: number; serverMsUsed: number }
/** `pids()[0]` is the server (or hello-world) process; the rest, if any, PostgreSQL's. */
function wrk(url: string, pids: () => number[], headers: Record<string, string> = {}): Run {
  const listed = pids();
  const before = cpuOf(listed);
  const server0 = cpuOf(listed.slice(0, 1));
  const out = spawnSync('wrk', [...wrkArgs(connections, seconds, headers), url], { encoding: 'utf8' }).stdout;
  const after = pids();
  const used = cpuOf(after) - before;
  const f = wrkFigures(out);
  return { ...f, cpuMsUsed: used, perCpu: f.requests / (used / 1000), serverMsUsed: cpuOf(after.slice(0, 1)) - server0 };
}
// pg_stat_statements counts the statements each read runs (it must be loaded at the server's start).
const cluster = await startTestPostgres({ durable: true, maxConnections: 200 });
const dirs: string[] = [];
const load = [os.loadavg()[0]!];
try {
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
  await admin.end();
  await cluster.halt();
  await cluster.start();
  const url = await cluster.createDatabase('bench_reads');
  const engine = await PostgresEngine.open(url);
  await engine.load(await benchData('demo'));
  await engine.pool.query('CREATE EXTENSION pg_stat_statements');
  await engine.pool.query('CHECKPOINT');
  await engine.close();
  const stats = new pg.Client({ connectionString: url });
  await stats.connect();
  const resetStatements = () => stats.query('SELECT pg_stat_statements_reset()');
  /** Statements the servers ran since the last reset (not the bench's own). */
  const statements = async () =>
    Number((await stats.query("SELECT coalesce(sum(calls), 0)::bigint AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = 'bench_reads' AND s.query NOT LIKE '%pg_stat_statements%'")).rows[0].n);

  const server = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-pg-'));
    dirs.push(dir);
    return startServer(dir, ['--database', url]);
  };
  const h = await startHello();
  const a = await server();
  const auth = { authorization: `Bearer ${await signIn(a.url)}` };
  const withPg = (pid: number) => () => [pid, ...postgresPids(cluster.port)];
  const rows: Record<string, string | number>[] = [];
  const helloRps: number[] = [];
  const helloCpuUs: number[] = [];
  for (const [label, p, headers] of [['GET /health', '/api/v1/health', {}], ['GET /bills/2023-10', '/api/v1/bills/2023-10', auth], ['GET /contracts', '/api/v1/contracts', auth], ['GET /bills (the list)', '/api/v1/bills', auth]] as const) {
    const runs: (Run & { ratio: number; cpuRatio: number })[] = [];
    let requests = 0;
    let ran = 0;
    for (let i = 0; i < rounds; i++) {
      const base = wrk(`${h.url}/`, () => [h.child.pid!]);
      helloRps.push(base.rps);
      helloCpuUs.push((base.cpuMsUsed * 1000) / base.requests);
      await resetStatements();
      const r = wrk(`${a.url}${p}`, withPg(a.child.pid!), headers);
      ran += await statements();
      requests += r.requests;
      runs.push({ ...r, ratio: r.rps / base.rps, cpuRatio: r.perCpu / base.perCpu });
    }
    const mid = runs.find((r) => r.ratio === median(runs.map((x) => x.ratio))) ?? runs[Math.floor((runs.length - 1) / 2)]!;
    rows.push({
      read: label,
      'req/s (median round)': mid.rps.toFixed(0),
      'ratio to hello-world': mid.ratio.toFixed(2),
      'cpu ratio (server + PostgreSQL)': median(runs.map((r) => r.cpuRatio)).toFixed(2),
      'cpu µs / request': median(runs.map((r) => (r.cpuMsUsed * 1000) / r.requests)).toFixed(0),
      'of which server': median(runs.map((r) => (r.serverMsUsed * 1000) / r.requests)).toFixed(0),
      'statements / request': (ran / requests).toFixed(2),
      'p99 ms': mid.p99.toFixed(1),
      'non-2xx': runs.reduce((n, r) => n + r.failed, 0),
    });
    load.push(os.loadavg()[0]!);
  }
  // Two instances on one database, the bill read on both at once, against one instance alone (alternating).
  const b = await server();
  const authB = { authorization: `Bearer ${await signIn(b.url)}` };
  const pairs: number[] = [];
  let pairFailed = 0;
  for (let i = 0; i < rounds; i++) {
    const one = wrk(`${a.url}/api/v1/bills/2023-10`, withPg(a.child.pid!), auth);
    const both = await Promise.all([wrkAsync(`${a.url}/api/v1/bills/2023-10`, connections, seconds, auth), wrkAsync(`${b.url}/api/v1/bills/2023-10`, connections, seconds, authB)]);
    pairs.push((both[0].rps + both[1].rps) / one.rps);
    pairFailed += one.failed + both[0].failed + both[1].failed;
  }
  load.push(os.loadavg()[0]!);
  await stats.end();
  await stopChild(b.child);
  await stopChild(a.child);
  await stopChild(h.child);
  console.log(`\nPostgreSQL engine, reads — Node ${process.version}, ${os.cpus().length} cores, load average ${load.map((l) => l.toFixed(1)).join(' → ')}, wrk -t1 -c${connections} -d${seconds}s, ${rounds} round(s)`);
  console.log(`bare Hono hello-world, run before each read: ${Math.min(...helloRps).toFixed(0)}–${Math.max(...helloRps).toFixed(0)} req/s, ${median(helloCpuUs).toFixed(0)} cpu µs / request (median)`);
  console.table(rows);
  console.log(`GET /bills/2023-10 on two instances at once: ${pairs.map((x) => x.toFixed(2)).join(' / ')}× one instance (rounds; median ${median(pairs).toFixed(2)}×); non-2xx ${pairFailed}`);
} finally {
  await cluster.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}
process.exit(0);
