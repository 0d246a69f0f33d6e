#!/usr/bin/env node
// Benchmarks of the reference server (run by `npm run bench` after the build). Never fails on a
// number (no timed assertions anywhere); prints tables. See docs/performance.md.
//
// Part 1 — throughput, with wrk (Debian package `wrk`): a bare Hono hello-world, started fresh
// beside each server measured, is the yardstick; then the server on the JSON engine (the real
// `bin/mypage-server.js` on a data folder prepared at the start: what `mypage-server` runs) and
// on the memory engine, each at demo scale and at 10,000 customers / ~1,000,000 call records.
// Reads: requests/s with p50/p99 and non-2xx; writes: inquiry POST latency one at a time, and 200
// POSTs at once (first and last answer), on new connections (cold) and on connections opened
// beforehand (warm; scripts/bench-burst.js).
// Part 2 — the heavy paths (CSV streaming, paging, bills, PDFs) on the memory engine in-process.
// Part 3 — entries with a target each, one script each (run alone too): bench-pdf.js (rendered-once
// PDFs, /health while PDFs download), bench-sjis.js (Shift_JIS vs UTF-8 CSV), bench-export.js
// (1,000,000 call records through the CLI).
// Part 4 — CLI start-up and exit against the reference server (scripts/bench-cli-startup.js).
//
// Every server process (hello-world's too) runs on one CPU and the load — wrk, the bursts, this
// process — on another (the first two this process may use; taskset; `--unpinned` leaves the placement to the kernel): left to it, a
// server and wrk moved between the cores, and one server served half the requests/s of another
// running the same code at the same moment (docs/performance.md, "How the ratios are measured").
// On a shared machine the host's speed changes from second to second, so each read is measured in
// turns with hello-world (`--turn` seconds each, alternating; `--rounds` × `--seconds` of each side
// in all): the ratio of the sums, the ratio of each round of `--seconds`, and requests per
// CPU-second of the server process against the same of hello-world (the cost of a request). A
// second hello-world measured the same way shows what the method leaves of the noise (≈ 1.00×).
//
//   node scripts/bench.js [--scales demo,large] [--seconds 5] [--turn 1] [--connections 20] [--rounds 3] [--unpinned] [--skip-heavy] [--skip-targets]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuMs, HELLO_WORLD_ARGS, inTurns, pct, prepareFolderApart, procMb, ROOT, signIn, stopChild, wrkFigures } from './bench-folder.js';
import { heavyPaths } from './bench-heavy.js';
import { pdfBench } from './bench-pdf.js';
import { sjisBench } from './bench-sjis.js';
import { exportBench } from './bench-export.js';
import { cliStartup } from './bench-cli-startup.js';
import { burst, postInquiry } from './bench-burst.js';

const { values } = parseArgs({
  options: {
    scales: { type: 'string', default: 'demo,large' },
    seconds: { type: 'string', default: '5' },
    turn: { type: 'string', default: '1' },
    connections: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
    unpinned: { type: 'boolean', default: false },
    'skip-heavy': { type: 'boolean', default: false },
    'skip-targets': { type: 'boolean', default: false },
  },
});
const scales = values.scales.split(',');
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Math.max(1, Number(values.rounds));
const turn = Number(values.turn);
// wrk takes whole seconds; a round is a whole number of turns
if (!Number.isInteger(turn) || turn < 1 || !Number.isInteger(seconds) || seconds % turn !== 0) {
  process.stderr.write('bench: --turn must be a whole number of seconds that divides --seconds\n');
  process.exit(2);
}
const perRound = seconds / turn;

if (spawnSync('wrk', ['--version']).error) {
  process.stderr.write('bench: wrk is not installed (Debian: apt-get install -y wrk)\n');
  process.exit(1);
}

/** The CPUs this process may run on ("0-1,4" in /proc/self/status). */
let status = '';
try {
  status = readFileSync('/proc/self/status', 'utf8');
} catch {
  // not Linux: no taskset either; the bench runs unpinned
}
const allowedCpus = (/^Cpus_allowed_list:\s*(\S+)$/m.exec(status)?.[1] ?? '')
  .split(',')
  .filter(Boolean)
  .flatMap((range) => {
    const [from, to = from] = range.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  });
const [LOAD_CPU, SERVER_CPU] = allowedCpus;
/** Sets this process's CPUs (all its threads; children started later inherit them). */
const pinSelf = (cpus) => spawnSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' }).status === 0;
// the servers' CPU tried first (a listed CPU can be offline), then this process moved to the load's
const pinned = !values.unpinned && SERVER_CPU !== undefined && pinSelf(SERVER_CPU) && pinSelf(LOAD_CPU);
if (!values.unpinned && !pinned) process.stderr.write('bench: cannot pin processes to CPUs (taskset, 2 cores needed); they run where the kernel puts them\n');

// --- helpers ------------------------------------------------------------------------------------
/** A node process on `args`, on the servers' CPU when pinned (taskset execs node: the pid is node's). */
function startChild(args, env = {}) {
  const [command, argv] = pinned ? ['taskset', ['-c', SERVER_CPU, process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const started = performance.now();
  let err = '';
  child.stderr.on('data', (c) => (err = (err + c).slice(-4000)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}): ${err}`)));
    child.stdout.on('data', (c) => {
      out += c;
      const ready = /^READY (.*)$/m.exec(out);
      const listening = /^mypage-server listening on (\S+)$/m.exec(out);
      if (ready || listening) {
        child.removeAllListeners('exit');
        resolve({ child, url: ready ? JSON.parse(ready[1]).url : listening[1], info: ready ? JSON.parse(ready[1]) : {}, startMs: performance.now() - started });
      }
    });
  });
}
function wrk(url, headers = {}, duration = seconds) {
  const args = ['-t1', `-c${connections}`, `-d${duration}s`, '--latency'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  const run = spawnSync('wrk', [...args, url], { encoding: 'utf8' });
  const figures = wrkFigures(run.stdout ?? '');
  // one failed run would make every sum of its read NaN: stop with wrk's own words instead
  if (run.status !== 0 || !(figures.requests > 0)) throw new Error(`bench: wrk on ${url} failed (exit ${run.status}): ${(run.stderr || run.stdout || '').trim().slice(0, 500)}`);
  return figures;
}

const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : '');

// --- part 1 -------------------------------------------------------------------------------------
/**
 * A fresh hello-world (HELLO_WORLD_ARGS: it does not age), warmed up as each read is (see
 * `paired`). Each server gets its own, started right after it and stopped with it, so that
 * yardstick and server are of one age as well.
 */
async function startHello() {
  const server = await startChild(HELLO_WORLD_ARGS);
  wrk(`${server.url}/`);
  return server;
}
/** One turn of wrk on `url` with the CPU time the server process `pid` spent on it. */
function turnOf(url, pid, headers) {
  const c0 = cpuMs(pid);
  const r = wrk(url, headers, turn);
  return { ...r, cpuMs: cpuMs(pid) - c0 };
}
/**
 * The read in turns with the hello-world `yardstick` (`inTurns`), after one run of the read that
 * is not counted (warm-up): a server just started runs its first seconds of requests at half speed
 * or less, while V8 compiles the request path and finishes the garbage collection of its start-up.
 */
function paired(yardstick, url, pid, headers) {
  wrk(url, headers);
  const hello = () => turnOf(`${yardstick.url}/`, yardstick.child.pid);
  return inTurns({ turns: rounds * perRound, perRound, hello, read: () => turnOf(url, pid, headers), readCpuMs: () => cpuMs(pid) });
}
// Every JSON folder is written before anything is measured, and the machine is then left alone
// for `SETTLE_MS`: a server measured right after its 10,000 customers' folder was written (130,000
// files, by a process that first generated them) needed about a fifth more CPU per request, for
// minutes, than the same server on the same data written earlier (docs/performance.md, "What the
// bench pays").
const SETTLE_MS = 30_000;
const jsonFolders = scales.map((scale) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-json-'));
  return { dir, ...prepareFolderApart(scale, dir) };
});
await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
// The method's own noise: two fresh hello-worlds, the second measured as a read is, at the start.
// Its ratio would be 1.00× on a machine of steady speed; how far it lands from that is the error
// the turns leave at that moment (not the drift between runs, nor what a server with a large heap
// does differently).
const calibrationHello = await startHello();
const twin = await startChild(HELLO_WORLD_ARGS);
const calibration = paired(calibrationHello, `${twin.url}/`, twin.child.pid);
await stopChild(twin.child);
await stopChild(calibrationHello.child);

const rows = [];
const load = [os.loadavg()[0]];
/** The real `mypage-server` (JSON engine) on `dir`. */
const startJsonServer = (dir) => startChild([path.join(ROOT, 'bin', 'mypage-server.js'), '--dev', '--port', '0', '--data', dir]);
/** `mypage-server` on a fresh demo folder, signed in: the POSTs of a larger scale are compared with its. */
async function demoServerBeside() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-beside-'));
  prepareFolderApart('demo', dir);
  const server = await startJsonServer(dir);
  const token = await signIn(server.url);
  return {
    url: server.url,
    token,
    stop: async () => {
      await stopChild(server.child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
for (const [index, scale] of scales.entries()) {
  const { calls, genMs, flushMs, writeMs } = jsonFolders[index];
  for (const engine of ['json', 'memory']) {
    const dir = engine === 'json' ? jsonFolders[index].dir : mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-memory-'));
    const prepMs = engine === 'json' ? writeMs : 0;
    const server =
      engine === 'json'
        ? await startJsonServer(dir)
        : await startChild([path.join(ROOT, 'scripts', 'bench-server.js'), '--scale', scale, '--data', dir]);
    process.stderr.write(`bench: ${engine} ${scale} listening\n`);
    const token = await signIn(server.url);
    const yardstick = await startHello();
    const auth = { authorization: `Bearer ${token}` };
    const month = '2023-10';
    const label = `${engine} ${scale}`;
    const pid = server.child.pid;
    const health = paired(yardstick, `${server.url}/api/v1/health`, pid);
    const bill = paired(yardstick, `${server.url}/api/v1/bills/${month}`, pid, auth);
    const contracts = paired(yardstick, `${server.url}/api/v1/contracts`, pid, auth);
    load.push(os.loadavg()[0]);
    process.stderr.write(`bench: ${engine} ${scale} reads done\n`);
    // 50 inquiry POSTs one after another. At a larger scale on the JSON engine they are sent in
    // turns of 10 with 50 to a JSON server on a fresh demo folder, started for this: a POST's time
    // is mostly the disk's fsync, which drifts over minutes, so the ratio compares POSTs of the same
    // minutes, made on the same history (every inquiry POST rewrites its group's file, inquiries included).
    const one = [];
    const demoBeside = [];
    const beside = engine === 'json' && scale !== 'demo' ? await demoServerBeside() : undefined;
    for (let i = 0; i < 50; i++) {
      if (beside && i % 10 === 0) for (let k = 0; k < 10; k++) demoBeside.push(await postInquiry(beside.url, beside.token, i + k));
      one.push(await postInquiry(server.url, token, i));
    }
    if (beside) await beside.stop();
    const failed = [...one, ...demoBeside].filter((r) => !r.ok).length;
    if (failed > 0) throw new Error(`bench: ${failed} of the inquiry POSTs one after another were not acknowledged`);
    // 200 POSTs at once, cold (a new connection each) and warm (connections opened first), each
    // right after the same 200 to the hello-world: what the client and the machine cost at that moment.
    const helloCold = await burst(yardstick.url, token, { warmPath: '/' });
    const cold = await burst(server.url, token, { first: 1000 });
    const helloWarm = await burst(yardstick.url, token, { warm: true, warmPath: '/' });
    const warm = await burst(server.url, token, { warm: true, first: 2000 });
    rows.push({
      label, scale, engine, calls, genMs, prepMs, flushMs, startMs: engine === 'json' ? server.startMs : server.info.startMs, rss: procMb(server.child.pid),
      health, bill, contracts,
      postP50: pct(one.map((r) => r.ms), 50), postP99: pct(one.map((r) => r.ms), 99),
      demoBesideP50: demoBeside.length > 0 ? pct(demoBeside.map((r) => r.ms), 50) : NaN,
      cold, warm, helloCold, helloWarm,
    });
    await stopChild(yardstick.child);
    await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
// the other parts measure with every CPU, as before
if (pinned && !pinSelf(allowedCpus.join(','))) process.stderr.write('bench: could not give this process its CPUs back; parts 2–4 run on one CPU\n');

console.log(`\nmypage reference server — throughput (Node ${process.version}, ${os.cpus().length} cores, load average ${load.map((l) => l.toFixed(1)).join(' → ')}, wrk -t1 -c${connections}, ${rounds} round(s) of ${seconds} s in turns of ${turn} s, ${pinned ? `servers on CPU ${SERVER_CPU}, load on CPU ${LOAD_CPU}` : 'unpinned'})`);
const helloRates = [calibration, ...rows.flatMap((r) => [r.health, r.bill, r.contracts])].map((r) => r.helloRps);
console.log(`bare Hono hello-world, in turns of ${turn} s with each read: ${Math.min(...helloRates).toFixed(0)}–${Math.max(...helloRates).toFixed(0)} req/s over a read's turns`);
const spread = (r) => `rounds ${Math.min(...r.rounds).toFixed(2)}–${Math.max(...r.rounds).toFixed(2)}`;
console.log(`a second hello-world measured as a read at the start (the method's error then; 1.00× on a steady machine): ${calibration.ratio.toFixed(2)}× (${spread(calibration)}; cpu ${calibration.cpuRatio.toFixed(2)}×)`);
console.log(`each cell: req/s over all turns (its ratio to hello-world's over its turns, the lowest–highest ratio of a round of ${seconds} s; the ratio of requests per server CPU-second), p50 of the median turn, p99 of the worst turn`);
const read = (r) => `${r.rps.toFixed(0)} (${r.ratio.toFixed(2)}×, ${spread(r)}; cpu ${r.cpuRatio.toFixed(2)}×, ${f1(r.spillMs)} ms of it in hello-world's turns) p50 ${f1(r.p50)} p99 ${f1(r.p99)} ms${r.failed ? ` non-2xx ${r.failed}` : ''}`;
console.table(
  rows.map((r) => ({
    'engine / scale': r.label,
    'GET /health req/s': read(r.health),
    'GET /bills/2023-10 req/s': read(r.bill),
    'GET /contracts req/s': read(r.contracts),
  })),
);
const demoPost = Object.fromEntries(rows.filter((r) => r.scale === 'demo').map((r) => [r.engine, r.postP50]));
console.table(
  rows.map((r) => ({
    'engine / scale': r.label,
    'call records': r.calls.toLocaleString('en'),
    'POST /inquiries p50 ms': `${f1(r.postP50)}${
      Number.isFinite(r.demoBesideP50)
        ? ` (${(r.postP50 / r.demoBesideP50).toFixed(2)}× a fresh demo's ${f1(r.demoBesideP50)} in the same minutes)`
        : r.scale !== 'demo' && demoPost[r.engine]
          ? ` (${(r.postP50 / demoPost[r.engine]).toFixed(2)}× demo)`
          : ''
    }`,
    'p99 ms': f1(r.postP99),
    '200 at once: ok cold / warm': `${r.cold.ok} / ${r.warm.ok}`,
    'cold first / last ms (hello-world)': `${f1(r.cold.firstMs)} / ${f1(r.cold.allMs)} (${f1(r.helloCold.firstMs)} / ${f1(r.helloCold.allMs)})`,
    'warm first / last ms (hello-world)': `${f1(r.warm.firstMs)} / ${f1(r.warm.allMs)} (${f1(r.helloWarm.firstMs)} / ${f1(r.helloWarm.allMs)})`,
    'start ms': f1(r.startMs),
    'RSS MB': f1(r.rss),
    'folder written / flushed ms': r.prepMs ? `${f1(r.prepMs)} / ${f1(r.flushMs)}` : '',
  })),
);

// --- part 2 -------------------------------------------------------------------------------------
if (!values['skip-heavy']) await heavyPaths();

// --- part 3: the targets of rendered-once PDFs, Shift_JIS and the 1,000,000-row export ---------
if (!values['skip-targets']) for (const bench of [pdfBench, sjisBench, exportBench]) await bench({ seconds });

// --- part 4: CLI start-up and exit ---------------------------------------------------------------
await cliStartup();
process.exit(0);
