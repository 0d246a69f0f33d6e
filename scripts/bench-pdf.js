// Bench entry of `npm run bench`: invoice PDFs rendered once (SPEC R-BILL-3, D-8), on the real
// mypage-server (JSON engine). Prints
//   1. the download of an invoice PDF that is rendered by it (the first) against a second download
//      of the same (stored bytes), one client, one request at a time; target: ≥ 20× faster;
//   2. `GET /api/v1/health` p50/p99 (wrk, one connection) with nothing else, while 10 clients
//      download stored PDFs, and while 10 clients download PDFs each rendered by that request;
//      target: p99 ≤ 20 ms while 10 clients download PDFs.
// Never fails on a number. See docs/performance.md.
//   node scripts/bench-pdf.js [--seconds 5] [--groups 40]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateData } from '../mock-server/dist/index.js';
import { benchData } from './bench-data.js';
import { cpuMs, isMain, loadText, median, signIn, startServer, stopChild, verdict, wrkFigures, writeJsonFolder } from './bench-folder.js';

const TARGET = { speedup: 20, healthP99Ms: 20 };

function wrk(url, { connections = 1, seconds = 5, script, headers = {} } = {}) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '30s'];
  if (script) args.push('-s', script);
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  return new Promise((resolve, reject) => {
    const p = spawn('wrk', [...args, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    p.once('error', reject);
    p.once('exit', () => resolve(wrkFigures(out)));
  });
}

/** A wrk script sending each request to the next of `targets` ({ path, token }), round robin. */
function roundRobin(dir, name, targets) {
  const file = path.join(dir, `${name}.lua`);
  const list = (key) => `{${targets.map((t) => JSON.stringify(t[key])).join(',')}}`;
  writeFileSync(
    file,
    `local paths = ${list('path')}\nlocal tokens = ${list('token')}\nlocal i = 0\n` +
      `request = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i], { ["Authorization"] = "Bearer " .. tokens[i] })\nend\n`,
  );
  return file;
}

async function download(url, token, headers = {}, pid = undefined) {
  const t = performance.now();
  const cpu0 = pid === undefined ? NaN : cpuMs(pid);
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const bytes = (await res.arrayBuffer()).byteLength;
  if (res.status !== 200 && res.status !== 304) throw new Error(`${url}: ${res.status}`);
  return { ms: performance.now() - t, cpuMs: pid === undefined ? NaN : cpuMs(pid) - cpu0, bytes, status: res.status, etag: res.headers.get('etag') };
}

export async function pdfBench(options = {}) {
  const seconds = options.seconds ?? 5;
  const groups = options.groups ?? 40;
  const loadBefore = loadText();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-pdf-'));
  let server;
  try {
    const data = await benchData('demo');
    generateData(data, { customers: groups, months: 12, callsPerLine: 4, seed: 3 });
    const generated = data.billingGroups.filter((g) => g.id.startsWith('gen_'));
    for (const g of generated) {
      data.accounts.push({
        id: `usr_${g.id}`, accessId: `b${g.id.slice(-6)}`, billingGroupId: g.id, email: `${g.id}@example.jp`, name: g.id, role: 'admin', notify: false,
        status: 'active', passwordHash: null, temporaryPasswordHash: null, createdAt: '2024-01-01T00:00:00.000Z', failedLogins: { count: 0, since: null, lockedUntil: null },
      });
    }
    const tokens = await writeJsonFolder(dir, data, generated.map((g) => `usr_${g.id}`));
    const cold = generated.flatMap((g, i) => data.bills.filter((b) => b.billingGroupId === g.id).map((b) => ({ path: `/api/v1/bills/${b.month}/invoice.pdf`, token: tokens[i] })));
    server = await startServer(dir);
    const token = await signIn(server.url);
    const months = data.bills.filter((b) => b.billingGroupId === 'bg_a').map((b) => b.month).sort();

    // 1. first download (rendered by it) vs second (stored), one at a time
    const first = [];
    const second = [];
    const conditional = [];
    const pid = server.child.pid;
    for (const m of months) first.push(await download(`${server.url}/api/v1/bills/${m}/invoice.pdf`, token, {}, pid));
    for (const m of months) second.push(await download(`${server.url}/api/v1/bills/${m}/invoice.pdf`, token, {}, pid));
    for (const [i, m] of months.entries()) conditional.push(await download(`${server.url}/api/v1/bills/${m}/invoice.pdf`, token, { 'if-none-match': second[i].etag }, pid));
    const firstMs = median(first.map((x) => x.ms));
    const secondMs = median(second.map((x) => x.ms));
    const speedup = firstMs / secondMs;
    // the server's CPU time (all threads: the render runs in a worker), in steps of 10 ms: summed
    // over the months, so the steps average out
    const sum = (list) => list.reduce((a, x) => a + x.cpuMs, 0);
    const cpuSpeedup = sum(first) / Math.max(sum(second), 10);

    // 2. /health while 10 clients download PDFs: stored ones, then ones rendered by each request
    const stored = months.map((m) => ({ path: `/api/v1/bills/${m}/invoice.pdf`, token }));
    const healthAlone = await wrk(`${server.url}/api/v1/health`, { seconds });
    const during = async (targets, name) => {
      const pdfs = wrk(`${server.url}/`, { connections: 10, seconds: seconds + 1, script: roundRobin(dir, name, targets) });
      await new Promise((r) => setTimeout(r, 500)); // the downloads are under way
      const health = await wrk(`${server.url}/api/v1/health`, { seconds });
      return { health, pdfs: await pdfs };
    };
    const withStored = await during(stored, 'stored');
    const withRenders = await during(cold, 'cold');
    const loadAfter = loadText();

    const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '');
    console.log(`\ninvoice PDFs rendered once — real mypage-server (JSON engine), Node ${process.version}`);
    console.log(`conditions: ${loadBefore} before, ${loadAfter} after; wrk -t1, /health on 1 connection for ${seconds} s`);
    console.table([
      { download: `first (rendered by it), ${months.length} months of one group`, 'median ms': f1(firstMs), 'min / max ms': `${f1(Math.min(...first.map((x) => x.ms)))} / ${f1(Math.max(...first.map((x) => x.ms)))}`, bytes: first[0].bytes, 'server CPU ms (mean)': (sum(first) / first.length).toFixed(1) },
      { download: 'second (stored bytes, ETag + Content-Length)', 'median ms': f1(secondMs), 'min / max ms': `${f1(Math.min(...second.map((x) => x.ms)))} / ${f1(Math.max(...second.map((x) => x.ms)))}`, bytes: second[0].bytes, 'server CPU ms (mean)': (sum(second) / second.length).toFixed(1) },
      { download: 'second with If-None-Match (304)', 'median ms': f1(median(conditional.map((x) => x.ms))), 'min / max ms': `${f1(Math.min(...conditional.map((x) => x.ms)))} / ${f1(Math.max(...conditional.map((x) => x.ms)))}`, bytes: `${conditional.filter((x) => x.status === 304).length}× 304`, 'server CPU ms (mean)': (sum(conditional) / conditional.length).toFixed(1) },
    ]);
    const row = (label, r) => ({
      while: label,
      'GET /health p50 ms': f1(r.health.p50),
      'p99 ms': f1(r.health.p99),
      'req/s': f1(r.health.rps),
      'PDFs downloaded': r.pdfs ? `${r.pdfs.requests} (${f1(r.pdfs.rps)}/s${r.pdfs.failed ? `, ${r.pdfs.failed} failed` : ''})` : '',
    });
    console.table([row('nothing else', { health: healthAlone }), row('10 clients download stored PDFs', withStored), row('10 clients download PDFs rendered by the request', withRenders)]);
    const worst = Math.max(withStored.health.p99, withRenders.health.p99);
    console.table([
      { what: 'second download vs first render (wall time, median)', figure: `${speedup.toFixed(1)}× faster`, target: `≥ ${TARGET.speedup}×`, '': verdict(speedup >= TARGET.speedup) },
      { what: 'the same in server CPU time (less sensitive to the load)', figure: `${cpuSpeedup.toFixed(1)}× less`, target: `≥ ${TARGET.speedup}×`, '': verdict(cpuSpeedup >= TARGET.speedup) },
      { what: 'GET /health p99 while 10 clients download PDFs (worse of the two)', figure: `${f1(worst)} ms`, target: `≤ ${TARGET.healthP99Ms} ms`, '': verdict(worst <= TARGET.healthP99Ms) },
    ]);
    return { firstMs, secondMs, speedup, cpuSpeedup, healthAlone, withStored, withRenders };
  } finally {
    if (server) await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, groups: { type: 'string', default: '40' } } });
  await pdfBench({ seconds: Number(values.seconds), groups: Number(values.groups) });
  process.exit(0);
}
