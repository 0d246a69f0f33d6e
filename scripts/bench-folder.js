// Shared by the bench entries that run the real `bin/mypage-server.js` on the JSON engine
// (bench-pdf.js, bench-sjis.js, bench-export.js): a data folder written fast, the server process,
// the bench account's login, the machine's load and a process's memory from /proc; and (bench.js)
// a whole scale's folder — ~130,000 files at the large scale — by `writeDataFolder`
// (mock-server/src/store/json/write-folder.ts), the engine's format without an fsync per file.
//   node scripts/bench-folder.js --scale large --data DIR      (prints what it wrote)
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIL_PATTERNS } from '../packages/api/dist/index.js';
import { parseArgs } from 'node:util';
import { JsonEngine, Sessions, systemClock, writeDataFolder } from '../mock-server/dist/index.js';
import { BENCH_USER, benchData } from './bench-data.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The JSON engine's own writer (so the files are exactly what the server reads), without the
 * fsync per file: a bench folder is thrown away after the run, and 1,000,000 call records or
 * thousands of small files would otherwise spend minutes in fsync on a shared disk.
 */
const unsyncedFs = {
  writeDurable: (file, text) => writeFile(file, text, { mode: 0o600 }),
  rename: (from, to) => rename(from, to),
  syncDir: async () => undefined,
  mkdir: async (dir) => void (await mkdir(dir, { recursive: true })),
  unlink: (file) => unlink(file),
};

/**
 * Writes `data` into `dir` in the JSON engine's format (mypage.json, groups/<id>.json,
 * calls/<month>/<group>.json) and returns the bearer tokens of sessions made for `sessionsFor`
 * (account ids), stored like the ones a login makes.
 */
export async function writeJsonFolder(dir, data, sessionsFor = []) {
  const store = await JsonEngine.open(dir, { fs: unsyncedFs });
  try {
    await store.load(data);
    const sessions = new Sessions(store, systemClock, 10 * 60_000);
    const tokens = [];
    for (const id of sessionsFor) tokens.push((await sessions.create(id)).token);
    return tokens;
  } finally {
    await store.close();
  }
}

/**
 * Adds call records to a folder written by writeJsonFolder, straight into the engine's file of
 * their group and month (`calls/<month>/<group>.json`, what the engine writes: `{"callRecords":
 * [...]}`), streamed in batches: a million rows never exist as objects at once, and no engine
 * indexes them (the server does when it loads the folder). `rows` are of one group and month.
 */
export async function addCallRows(dir, billingGroupId, month, rows) {
  const file = path.join(dir, 'calls', encodeURIComponent(month), `${encodeURIComponent(billingGroupId)}.json`);
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).callRecords ?? [] : [];
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(`${file}.tmp`, { mode: 0o600 });
  const write = (text) => (out.write(text) ? undefined : once(out, 'drain'));
  await write('{"callRecords":[');
  let first = true;
  let batch = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await write((first ? '' : ',') + batch.join(','));
    first = false;
    batch = [];
  };
  for (const r of kept) batch.push(JSON.stringify(r));
  for (const r of rows) {
    if (r.billingGroupId !== billingGroupId || r.month !== month) throw new Error(`a row of ${r.billingGroupId} ${r.month} in the file of ${billingGroupId} ${month}`);
    batch.push(JSON.stringify(r));
    if (batch.length >= 10_000) await flush();
  }
  await flush();
  await new Promise((resolve, reject) => out.end(']}', (error) => (error ? reject(error) : resolve())));
  await rename(`${file}.tmp`, file);
}

/** The real server on the JSON engine on `dir`; resolves once it listens. */
export function startServer(dir, extraArgs = []) {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'mypage-server.js'), '--dev', '--port', '0', '--data', dir, ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c) => (err = (err + c).slice(-4000)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`mypage-server exited (${code}): ${err}`)));
    child.stdout.on('data', (c) => {
      out += c;
      const m = /^mypage-server listening on (\S+)$/m.exec(out);
      if (m) {
        child.removeAllListeners('exit');
        child.stdout.resume();
        resolve({ child, url: m[1], startMs: performance.now() - started });
      }
    });
  });
}

export const stopChild = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });

/** The bench account's token through the real login (password, OTP from the dev mailbox). */
export async function signIn(url) {
  const post = async (p, body) => {
    const res = await fetch(url + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const challenge = await post('/api/v1/auth/login', { accessId: BENCH_USER.accessId, password: BENCH_USER.password });
  const mails = (await (await fetch(`${url}/api/v1/dev/mailbox?to=${BENCH_USER.email}`)).json()).items;
  const otp = MAIL_PATTERNS.otp.exec(mails[mails.length - 1].text)[1];
  return (await post('/api/v1/auth/otp', { challengeId: challenge.challengeId, otp, captchaToken: 'x' })).token;
}

/** A field of /proc/<pid>/status in MB (VmRSS: resident now, VmHWM: the peak so far). */
export function procMb(pid, field = 'VmRSS') {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
  } catch {
    return NaN; // the process has ended
  }
}

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
/**
 * CPU time a process has used so far, all its threads (user + system, ms; /proc/<pid>/stat, in
 * steps of 1000/CLK_TCK ms). On a machine shared with other work the wall time of a request
 * mostly measures the waiting; its CPU time much less so.
 */
export function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS; // utime, stime (fields 14, 15)
  } catch {
    return NaN;
  }
}

/** Resets a process's peak RSS (VmHWM) to its current RSS (Linux: clear_refs 5); false if refused. */
export function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** "load 7.9 / 6.1 / 4.2" (1, 5, 15 minutes) on N cores. */
export const loadText = () => `load average ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} on ${os.cpus().length} cores`;

export const median = (list) => {
  const s = [...list].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const pct = (list, p) => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor((p / 100) * list.length))];
export const verdict = (ok) => (ok ? 'met' : 'NOT met');

/** The figures of wrk's `--latency` output; `failed` counts non-2xx answers and socket errors. */
export function wrkFigures(out) {
  const ms = (label) => {
    const m = new RegExp(`^\\s+${label}(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2]] : NaN;
  };
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out)?.slice(1).reduce((s, x) => s + Number(x), 0) ?? 0;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  return {
    requests,
    // the run's length, as wrk measured it (requests / requests per second; 0 for a run without any)
    seconds: requests > 0 ? requests / rps : 0,
    rps,
    p50: ms(50),
    p99: ms(99),
    failed: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) + errors,
  };
}

/**
 * A read against the yardstick (hello-world), measured in turns: `turns` short runs of each,
 * in the order H R, R H, H R, … so that a change of the host's speed — on a shared machine it
 * halves and doubles within seconds — falls on both sides alike, and a steady drift nearly cancels
 * (fully for an even number of turns).
 * `hello()` and `read()` each run one turn of load and return its wrk figures with `cpuMs`, the
 * CPU time of the process(es) that served it. `readCpuMs()`, when given, is the read's server's CPU
 * time so far: what it spends during hello-world's turns (garbage collection or compiling left over
 * from its own turn, which on a shared CPU slows hello-world's) is charged to the read's CPU figure
 * and returned as `spillMs`. The ratios are of sums over all turns (requests per
 * second, requests per CPU-second); `rounds` are the same ratio over each `perRound` turns in a
 * row (its spread says how much the host moved); p50 is the median turn's, p99 the worst turn's.
 * See docs/performance.md, "How the ratios are measured".
 */
export function inTurns({ turns, perRound, hello, read, readCpuMs = () => 0 }) {
  const h = [];
  const r = [];
  let spillMs = 0;
  const helloTurn = () => {
    const c0 = readCpuMs();
    h.push(hello());
    spillMs += readCpuMs() - c0;
  };
  for (let i = 0; i < turns; i++) {
    if (i % 2 === 0) helloTurn(), r.push(read());
    else r.push(read()), helloTurn();
  }
  const sum = (list, key) => list.reduce((s, x) => s + x[key], 0);
  const rate = (list) => sum(list, 'requests') / sum(list, 'seconds');
  const perCpu = (list, extraMs = 0) => sum(list, 'requests') / ((sum(list, 'cpuMs') + extraMs) / 1000);
  const rounds = [];
  for (let i = 0; i < turns; i += perRound) rounds.push(rate(r.slice(i, i + perRound)) / rate(h.slice(i, i + perRound)));
  return {
    rps: rate(r),
    helloRps: rate(h),
    ratio: rate(r) / rate(h),
    rounds,
    cpuRatio: perCpu(r, spillMs) / perCpu(h),
    spillMs,
    p50: median(r.map((x) => x.p50)),
    p99: Math.max(...r.map((x) => x.p99)),
    failed: sum(r, 'failed'),
  };
}

/**
 * The yardstick of every bench: node's arguments for a bare Hono hello-world (one GET route
 * answering a short text, and a POST route for the bursts of bench-burst.js) that prints
 * `READY {"url":…}` once it listens and closes on SIGTERM. `--no-memory-reducer` keeps it at its
 * best: a hello-world kept for minutes got 10–15 % slower per request from the moment V8's memory
 * reducer ran its first full collection (a GC V8 starts when a process's allocation slows, as it
 * does in the idle half of every pair of turns), and so flattered every server measured after
 * that. The flag changes nothing else: a hello-world so run measures as a fresh one does, for
 * minutes (1.00×). docs/performance.md, "The yardstick aged".
 */
export const HELLO_WORLD_ARGS = [
  '--no-memory-reducer',
  '--input-type=module',
  '-e',
  `import { serve } from '@hono/node-server'; import { Hono } from 'hono';
const app = new Hono(); app.get('/', (c) => c.text('Hello Hono!'));
app.post('/api/v1/inquiries', async (c) => c.json({ received: (await c.req.json()).subject }, 201));
const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => process.stdout.write('READY ' + JSON.stringify({ url: 'http://127.0.0.1:' + info.port }) + '\\n'));
process.once('SIGTERM', () => s.close(() => process.exit(0)));`,
];

/** True when `metaUrl` is the script node was started with (run alone rather than imported). */
export const isMain = (metaUrl) => process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(metaUrl);

/** Generates the scale's data and writes it into `dir` (empty or absent); returns counts and times. */
export async function prepareFolder(scale, dir) {
  const t0 = performance.now();
  const data = await benchData(scale);
  const genMs = performance.now() - t0;
  const t1 = performance.now();
  const { files } = writeDataFolder(dir, data);
  const writeMs = performance.now() - t1;
  const t2 = performance.now();
  flushToDisk(dir);
  return { calls: data.callRecords.length, customers: data.billingGroups.length, files, genMs, writeMs, flushMs: performance.now() - t2 };
}

/**
 * Puts a folder written without fsyncs on the disk before a server is measured on it. A folder the
 * server wrote itself is on disk already (every commit is fsynced); left in the page cache, the
 * large scale's 650 MB would be written back by the kernel 30 s later, in the middle of the
 * measurements, and every fsync of the server's own commits would queue behind it. `sync -f` is
 * syncfs(2) on the folder's file system (GNU coreutils); elsewhere plain `sync`.
 */
export function flushToDisk(dir) {
  if (spawnSync('sync', ['-f', dir], { stdio: 'ignore' }).status !== 0) spawnSync('sync', { stdio: 'ignore' });
}

/**
 * prepareFolder in a process of its own: the benchmark that measures the server is also the
 * client of its bursts, and must not carry the large scale's 1,000,000 generated records (their
 * heap, and the major garbage collection that frees it, would land in the client's timings).
 */
export function prepareFolderApart(scale, dir) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--scale', scale, '--data', dir, '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench-folder.js --scale ${scale} exited (${r.status})`);
  return JSON.parse(r.stdout);
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'large' }, data: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (!values.data) throw new Error('--data DIR is required');
  const r = await prepareFolder(values.scale, values.data);
  if (values.json) console.log(JSON.stringify(r));
  else console.log(`${values.scale}: ${r.customers} billing groups, ${r.calls} call records, ${r.files} files; generated in ${r.genMs.toFixed(0)} ms, written in ${r.writeMs.toFixed(0)} ms, flushed to disk in ${r.flushMs.toFixed(0)} ms`);
}
