// Bench entry of `npm run bench`: a month of 1,000,000 call records exported through the CLI
// (`mypage calls export … -o file.csv`, the built bin/mypage.js) from the real mypage-server on
// the JSON engine. Prints the CLI's peak RSS, the server's RSS growth during the export, and the
// time per row at 1,000,000 against the same at 100,000 rows, each with its target. Never fails
// on a number. See docs/performance.md.
//   node scripts/bench-export.js [--rows 1000000] [--small 100000] [--repeat 2] [--encoding utf8|utf8-bom|sjis]
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_USER, benchData } from './bench-data.js';
import { addCallRows, cpuMs, isMain, loadText, median, procMb, resetPeak, ROOT, startServer, stopChild, verdict, writeJsonFolder } from './bench-folder.js';

const CLI = path.join(ROOT, 'bin', 'mypage.js');
const TARGET = { cliMb: 150, serverGrowthMb: 100, perRowRatio: 1.2 };
// bg_a's months with call records (R-CALL-1: from 2023-12); the demo data has 48 rows in each
export const MONTHS = { tiny: '2024-04', small: '2024-05', large: '2024-06' };
const USAGE = ['ひかり電話・県内', 'ひかり電話・県内', 'ひかり電話・県内', 'ひかり電話・県間', 'PSTN・県内', 'PSTN・県間', '移動体', '移動体'];

/** `count` call records of bg_a spread over `month` (deterministic). */
export function* callRows(month, count, contracts) {
  const start = Date.parse(`${month}-01T00:00:00+09:00`);
  const step = Math.floor((29 * 86_400_000) / count);
  for (let i = 0; i < count; i++) {
    const usageType = USAGE[i % USAGE.length];
    const seconds = 5 + ((i * 7919) % 1800);
    yield {
      id: `bench-${month}-${String(i).padStart(7, '0')}`,
      billingGroupId: 'bg_a',
      contractNumber: contracts[i % contracts.length],
      month,
      startedAt: new Date(start + i * step).toISOString(),
      usageType,
      from: i % 2 ? '0611115555' : '0611116666',
      to: usageType === '移動体' ? `090${String((i * 104729) % 1e8).padStart(8, '0')}` : `0${usageType.endsWith('県内') ? '6' : '3'}${String((i * 15485863) % 1e8).padStart(8, '0')}`,
      durationSeconds: seconds,
      charge: Math.ceil(seconds / 180) * (usageType === '移動体' ? 16 : 8),
    };
  }
}

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err = (err + c).slice(-4000)));
    // VmHWM is the kernel's own peak: sampling it misses at most the last interval before exit
    let peak = 0;
    let cpu = NaN; // the last sample before the exit (misses at most its last 20 ms)
    const sampler = setInterval(() => {
      const hwm = procMb(child.pid, 'VmHWM');
      if (Number.isFinite(hwm)) peak = Math.max(peak, hwm);
      const c = cpuMs(child.pid);
      if (Number.isFinite(c)) cpu = c;
    }, 20);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(sampler);
      const ms = performance.now() - t;
      if (code !== 0) reject(new Error(`mypage ${args.join(' ')} exited ${code}: ${err}`));
      else resolve({ ms, cpuMs: cpu, peakMb: peak, out });
    });
  });
}

async function countLines(file) {
  let lines = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  return lines;
}

export async function exportBench(options = {}) {
  const rows = options.rows ?? 1_000_000;
  const small = options.small ?? 100_000;
  const repeat = options.repeat ?? 2;
  const encoding = options.encoding ?? 'utf8';
  const loadBefore = loadText();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-export-'));
  const work = mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-export-out-'));
  let server;
  try {
    let t = performance.now();
    const data = await benchData('demo');
    const contracts = data.contracts.filter((c) => c.billingGroupId === 'bg_a' && c.contractNumber.startsWith('CAF')).map((c) => c.contractNumber);
    await writeJsonFolder(dir, data);
    await addCallRows(dir, 'bg_a', MONTHS.small, callRows(MONTHS.small, small, contracts));
    await addCallRows(dir, 'bg_a', MONTHS.large, callRows(MONTHS.large, rows, contracts));
    const folderMs = performance.now() - t;
    const folderMb = statSync(path.join(dir, 'calls', MONTHS.large, 'bg_a.json')).size / 1048576;
    process.stderr.write(`bench-export: data folder written in ${(folderMs / 1000).toFixed(1)} s (${MONTHS.large}: ${folderMb.toFixed(0)} MB)\n`);

    server = await startServer(dir);
    process.stderr.write(`bench-export: server started in ${(server.startMs / 1000).toFixed(1)} s, RSS ${procMb(server.child.pid).toFixed(0)} MB\n`);
    const env = { ...process.env, MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: path.join(work, 'config'), MYPAGE_ACCESS_ID: BENCH_USER.accessId, MYPAGE_PASSWORD: BENCH_USER.password, LANG: 'en_US.UTF-8', NO_COLOR: '1' };
    for (const k of Object.keys(env)) if (k.startsWith('MYPAGE_') && !['MYPAGE_SERVER', 'MYPAGE_CONFIG_DIR', 'MYPAGE_ACCESS_ID', 'MYPAGE_PASSWORD'].includes(k)) delete env[k];
    await runCli(['login', '--insecure-storage', '--otp-command', `"${process.execPath}" "${CLI}" dev otp --email ${BENCH_USER.email}`], env);

    const runs = { tiny: [], small: [], large: [] };
    for (let r = 0; r < repeat; r++) {
      for (const size of ['tiny', 'small', 'large']) {
        const file = path.join(work, `calls-${size}.csv`);
        const pid = server.child.pid;
        const before = procMb(pid);
        const resetOk = resetPeak(pid);
        let sampled = before;
        const sampler = setInterval(() => (sampled = Math.max(sampled, procMb(pid))), 50);
        const serverCpu0 = cpuMs(pid);
        const cli = await runCli(['calls', 'export', '--from', MONTHS[size], '--encoding', encoding, '-o', file, '--clobber'], env);
        clearInterval(sampler);
        const peak = resetOk ? Math.max(procMb(pid, 'VmHWM'), sampled) : sampled;
        const lines = await countLines(file);
        runs[size].push({ ...cli, serverCpuMs: cpuMs(pid) - serverCpu0, lines, records: lines - 1, bytes: statSync(file).size, serverBefore: before, serverPeak: peak, growth: peak - before });
        rmSync(file, { force: true });
        process.stderr.write(`bench-export: ${MONTHS[size]} ${lines - 1} rows in ${(cli.ms / 1000).toFixed(1)} s, CLI peak ${cli.peakMb.toFixed(0)} MB, server +${(peak - before).toFixed(0)} MB\n`);
      }
    }
    const loadAfter = loadText();

    const fixedMs = median(runs.tiny.map((x) => x.ms));
    const line = (size) => {
      const list = runs[size];
      const ms = median(list.map((x) => x.ms));
      const records = list[0].records;
      return {
        month: MONTHS[size],
        rows: records.toLocaleString('en'),
        MB: (list[0].bytes / 1048576).toFixed(1),
        's (median)': (ms / 1000).toFixed(2),
        'µs/row': ((ms * 1000) / records).toFixed(2),
        'µs/row less start-up': size === 'tiny' ? '' : (((ms - fixedMs) * 1000) / records).toFixed(2),
        'rows/s': Math.round(records / (ms / 1000)).toLocaleString('en'),
        'CPU s, CLI / server (median)': `${(median(list.map((x) => x.cpuMs)) / 1000).toFixed(1)} / ${(median(list.map((x) => x.serverCpuMs)) / 1000).toFixed(1)}`,
        'CLI peak RSS MB': list.map((x) => x.peakMb.toFixed(0)).join(' / '),
        'server RSS before MB': list.map((x) => x.serverBefore.toFixed(0)).join(' / '),
        'server growth MB': list.map((x) => x.growth.toFixed(0)).join(' / '),
      };
    };
    const smallMs = median(runs.small.map((x) => x.ms));
    const largeMs = median(runs.large.map((x) => x.ms));
    const perRow = (ms, n) => ms / n;
    const ratioRaw = perRow(largeMs, runs.large[0].records) / perRow(smallMs, runs.small[0].records);
    const ratioNet = perRow(largeMs - fixedMs, runs.large[0].records) / perRow(smallMs - fixedMs, runs.small[0].records);
    // the same per CPU time (CLI and server together, less the 48-row month's): much less sensitive to the load
    const cpuOf = (size) => median(runs[size].map((x) => x.cpuMs + x.serverCpuMs));
    const ratioCpu = (cpuOf('large') - cpuOf('tiny')) / runs.large[0].records / ((cpuOf('small') - cpuOf('tiny')) / runs.small[0].records);
    const cliPeak = Math.max(...runs.large.map((x) => x.peakMb));
    const growth = Math.max(...runs.large.map((x) => x.growth));

    console.log(`\n1,000,000-row export through the CLI — mypage calls export --encoding ${encoding} -o file, real mypage-server (JSON engine), Node ${process.version}`);
    console.log(`conditions: ${loadBefore} before, ${loadAfter} after; ${repeat} runs per month, alternating; data folder written in ${(folderMs / 1000).toFixed(1)} s, server start ${(server.startMs / 1000).toFixed(1)} s`);
    console.table(['tiny', 'small', 'large'].map(line));
    console.table([
      { what: `CLI peak RSS, ${rows.toLocaleString('en')} rows`, figure: `${cliPeak.toFixed(0)} MB`, target: `≤ ${TARGET.cliMb} MB`, '': verdict(cliPeak <= TARGET.cliMb) },
      { what: `server RSS growth, ${rows.toLocaleString('en')} rows`, figure: `${growth.toFixed(0)} MB`, target: `≤ ${TARGET.serverGrowthMb} MB`, '': verdict(growth <= TARGET.serverGrowthMb) },
      { what: `time per row, ${rows.toLocaleString('en')} vs ${small.toLocaleString('en')} rows (whole command)`, figure: `${ratioRaw.toFixed(2)}×`, target: `≤ ${TARGET.perRowRatio}×`, '': verdict(ratioRaw <= TARGET.perRowRatio) },
      { what: 'time per row, less the start-up (a 48-row month)', figure: `${ratioNet.toFixed(2)}×`, target: `≤ ${TARGET.perRowRatio}×`, '': verdict(ratioNet <= TARGET.perRowRatio) },
      { what: 'CPU time per row (CLI + server), less the 48-row month', figure: `${ratioCpu.toFixed(2)}×`, target: `≤ ${TARGET.perRowRatio}×`, '': verdict(ratioCpu <= TARGET.perRowRatio) },
    ]);
    return { runs, ratioRaw, ratioNet, ratioCpu, cliPeak, growth };
  } finally {
    if (server) await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      small: { type: 'string', default: '100000' },
      repeat: { type: 'string', default: '2' },
      encoding: { type: 'string', default: 'utf8' },
    },
  });
  await exportBench({ rows: Number(values.rows), small: Number(values.small), repeat: Number(values.repeat), encoding: values.encoding });
  process.exit(0);
}
