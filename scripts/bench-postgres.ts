#!/usr/bin/env -S node --import tsx
// Benchmarks of the PostgreSQL engine (SPEC D-13), run by `npm run bench` after scripts/bench.js
// (needs the build, wrk and Debian's postgresql). A throw-away PostgreSQL (fsync on) in a temp
// folder; the real `bin/mypage-server.js --database …`; a bare Hono hello-world started in the same
// run is the yardstick. Prints tables; never fails on a number. See docs/performance.md.
//   1. authenticated GET /bills/{month}, /contracts, /health: one instance, then two together
//   2. inquiry POST p50, demo data vs 10,000 customers / ~1,000,000 call records
//   3. CSV export of a 1,000,000-row month: time, size, server RSS growth
//
//   node --import tsx scripts/bench-postgres.ts [--seconds 5] [--connections 20] [--export-rows 1000000] [--skip-large]
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PostgresEngine } from '../mock-server/src/store/postgres/engine.js';
import type { CallRecordRow, Data } from '../mock-server/src/store/schema.js';
import { startTestPostgres } from '../test/helpers/postgres.js';
import { benchData } from './bench-data.js';
import { procMb, signIn, startServer as startMypage, stopChild, type WrkFigures } from './bench-folder.js';
import { startHello, wrkAsync } from './bench-postgres-lib.js';
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '20' },
    'export-rows': { type: 'string', default: '1000000' },
    'skip-large': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const exportRows = Number(values['export-rows']);

const stop = (c: { child: ChildProcess }) => stopChild(c.child);
const rssMb = (pid: number) => procMb(pid);
type Wrk = WrkFigures;
const wrk = (url: string, headers: Record<string, string> = {}) => wrkAsync(url, connections, seconds, headers);

const agent = new http.Agent({ keepAlive: false });
function postInquiry(url: string, token: string, i: number): Promise<number> {
  const t = performance.now();
  const body = JSON.stringify({ category: 'other', subject: `ベンチマーク ${i}`, body: '本文' });
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/v1/inquiries`, { method: 'POST', agent, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 201 ? resolve(performance.now() - t) : reject(new Error(`POST /inquiries: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const p50 = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '');
const log = (m: string) => process.stderr.write(`bench-postgres: ${m}\n`);

async function helloWorld(): Promise<number> {
  const h = await startHello();
  const r = await wrk(`${h.url}/`);
  await stop(h);
  return r.rps;
}

async function loadDatabase(url: string, data: Data): Promise<number> {
  const t = performance.now();
  const engine = await PostgresEngine.open(url);
  await engine.load(data);
  // measured in steady state: the bulk load's pages are written out before any request
  await engine.pool.query('CHECKPOINT');
  await engine.close();
  return performance.now() - t;
}

const dataDirs: string[] = [];
const startServer = (url: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-pg-'));
  dataDirs.push(dir);
  return startMypage(dir, ['--database', url]);
};

const pg = await startTestPostgres({ durable: true, maxConnections: 200 });
try {
  const helloRuns = [await helloWorld()];
  const month = '2023-10';

  // 1. reads, one instance and two --------------------------------------------------------------
  const demoUrl = await pg.createDatabase('bench_demo');
  const demoData = (await benchData('demo')) as Data;
  await loadDatabase(demoUrl, demoData);
  const a = await startServer(demoUrl);
  const token = await signIn(a.url);
  const auth = { authorization: `Bearer ${token}` };
  const one = { health: await wrk(`${a.url}/api/v1/health`), bill: await wrk(`${a.url}/api/v1/bills/${month}`, auth), contracts: await wrk(`${a.url}/api/v1/contracts`, auth) };
  log('one instance: reads done');
  const b = await startServer(demoUrl);
  const [billA, billB] = await Promise.all([wrk(`${a.url}/api/v1/bills/${month}`, auth), wrk(`${b.url}/api/v1/bills/${month}`, auth)]);
  log('two instances: reads done');
  await stop(b);
  let postsDemo: number[] = [];
  for (let i = 0; i < 50; i++) postsDemo.push(await postInquiry(a.url, token, i));

  // 2. inquiry POST at 10,000 customers / ~1,000,000 call records ---------------------------------
  let large: { calls: number; loadMs: number; posts: number[]; bill: Wrk; rss: number } | undefined;
  if (!values['skip-large']) {
    const largeUrl = await pg.createDatabase('bench_large');
    const data = (await benchData('large')) as Data;
    const loadMs = await loadDatabase(largeUrl, data);
    log(`large: ${data.callRecords.length} call records loaded in ${(loadMs / 1000).toFixed(0)} s`);
    const s = await startServer(largeUrl);
    const t = await signIn(s.url);
    // one POST to each in turn: a change of the machine's load touches both series alike
    const posts: number[] = [];
    postsDemo = [];
    for (let i = 0; i < 50; i++) {
      postsDemo.push(await postInquiry(a.url, token, 100 + i));
      posts.push(await postInquiry(s.url, t, i));
    }
    const bill = await wrk(`${s.url}/api/v1/bills/${month}`, { authorization: `Bearer ${t}` });
    large = { calls: data.callRecords.length, loadMs, posts, bill, rss: rssMb(s.child.pid!) };
    await stop(s);
  }

  await stop(a);

  // 3. a 1,000,000-row month exported as CSV -------------------------------------------------------
  const exportUrl = await pg.createDatabase('bench_export');
  const exportData = (await benchData('demo')) as Data;
  const exportMonth = exportData.bills.filter((x) => x.billingGroupId === 'bg_a' && x.month >= '2023-12').map((x) => x.month).sort().at(-1)!;
  const contract = exportData.contracts.find((c) => c.billingGroupId === 'bg_a')!.contractNumber;
  const start = Date.parse(`${exportMonth}-01T00:00:00+09:00`);
  for (let i = 0; i < exportRows; i++) {
    exportData.callRecords.push({
      id: `x${String(i).padStart(8, '0')}`, billingGroupId: 'bg_a', contractNumber: contract, month: exportMonth,
      startedAt: new Date(start + i * 2000).toISOString(), usageType: 'ひかり電話・県内', from: '0611112222', to: `06${String(i % 1e8).padStart(8, '0')}`,
      durationSeconds: 60 + (i % 300), charge: 8 + (i % 50),
    } satisfies CallRecordRow);
  }
  const exportLoadMs = await loadDatabase(exportUrl, exportData);
  exportData.callRecords.length = 0;
  log(`export: ${exportRows} rows loaded in ${(exportLoadMs / 1000).toFixed(0)} s`);
  const e = await startServer(exportUrl);
  const te = await signIn(e.url);
  const rssBefore = rssMb(e.child.pid!);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(e.child.pid!))), 50);
  const t0 = performance.now();
  const res = await fetch(`${e.url}/api/v1/bills/${exportMonth}/call-records.csv`, { headers: { authorization: `Bearer ${te}` } });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) lines++;
  }
  const exportMs = performance.now() - t0;
  clearInterval(sampler);
  await stop(e);
  helloRuns.push(await helloWorld());

  // --- report ---------------------------------------------------------------------------------------
  const base = helloRuns.reduce((s, x) => s + x, 0) / helloRuns.length;
  const read = (r: Wrk) => `${r.rps.toFixed(0)} (${(r.rps / base).toFixed(2)}×) p50 ${f1(r.p50)} p99 ${f1(r.p99)} ms${r.failed ? ` non-2xx ${r.failed}` : ''}`;
  console.log(`\nmypage reference server on PostgreSQL — Node ${process.version}, ${os.cpus().length} cores, wrk -t1 -c${connections} -d${seconds}s, PostgreSQL on the same machine`);
  console.log(`bare Hono hello-world: ${helloRuns.map((r) => r.toFixed(0)).join(' / ')} req/s (start / end); ratios against their mean ${base.toFixed(0)}`);
  console.table([
    { what: 'GET /health (1 instance)', 'req/s': read(one.health) },
    { what: `GET /bills/${month} (1 instance)`, 'req/s': read(one.bill) },
    { what: 'GET /contracts (1 instance)', 'req/s': read(one.contracts) },
    { what: `GET /bills/${month} (2 instances, sum)`, 'req/s': `${(billA.rps + billB.rps).toFixed(0)} (${((billA.rps + billB.rps) / one.bill.rps).toFixed(2)}× one instance) p99 ${f1(Math.max(billA.p99, billB.p99))} ms` },
    ...(large ? [{ what: `GET /bills/${month} (1 instance, large)`, 'req/s': read(large.bill) }] : []),
  ]);
  console.table([
    { data: 'demo', 'call records': demoData.callRecords.length.toLocaleString('en'), 'POST /inquiries p50 ms': f1(p50(postsDemo)) },
    ...(large ? [{ data: '10,000 customers', 'call records': large.calls.toLocaleString('en'), 'POST /inquiries p50 ms': `${f1(p50(large.posts))} (${(p50(large.posts) / p50(postsDemo)).toFixed(2)}× demo)`, 'loaded in s': (large.loadMs / 1000).toFixed(0), 'server RSS MB': f1(large.rss) }] : []),
  ]);
  console.table([{ 'CSV export rows': (lines - 1).toLocaleString('en'), MB: (bytes / 1048576).toFixed(1), s: (exportMs / 1000).toFixed(1), 'rows/s': Math.round((lines - 1) / (exportMs / 1000)).toLocaleString('en'), 'server RSS before MB': f1(rssBefore), 'peak MB': f1(rssPeak), 'growth MB': f1(rssPeak - rssBefore) }]);
} finally {
  await pg.stop();
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
}
process.exit(0);
