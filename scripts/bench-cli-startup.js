#!/usr/bin/env node
// CLI start-up and exit (run by `npm run bench` through scripts/bench.js, or alone after a build:
// `node scripts/bench-cli-startup.js [--runs 15] [--baseline <root of another build>]`). Never fails on a number; prints a table.
//
// Wall time of whole processes, as a script calling the CLI in a loop sees it: `node -e 0` (the
// yardstick), `mypage --help`, and — against the reference server on the demo data, with a session
// stored by an earlier `mypage login` (file storage in a throw-away config folder) —
// `mypage contracts list` and `mypage bills show 2023-10 --json`. The runs of the four commands are
// interleaved so a change of the machine's load meets all of them; medians are compared. "exit
// after output" is the time from the last byte on stdout to the process's exit.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isMain, median, ROOT, startServer, stopChild } from './bench-folder.js';

const CLI = path.join(ROOT, 'bin', 'mypage.js');

/** One process: wall time (spawn → exit) and the time from its last stdout byte to its exit. */
function timeRun(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let lastOut = started;
    let bytes = 0;
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', (c) => {
      bytes += c.length;
      lastOut = performance.now();
    });
    child.stderr.on('data', (c) => (err += c));
    child.once('exit', (code) => {
      const ended = performance.now();
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${err}`));
      else resolve({ wall: ended - started, tail: bytes ? ended - lastOut : 0 });
    });
  });
}

/**
 * `baseline`: the repository root of another build (e.g. an older commit, `git archive` + build),
 * whose `bin/mypage.js` runs the same commands in the same rounds, for a before/after in one run.
 */
export async function cliStartup({ runs = 15, baseline } = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-cli-data-'));
  const configDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-cli-config-'));
  const { child, url } = await startServer(dataDir, ['--demo']);
  try {
    const base = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MYPAGE_'))), MYPAGE_SERVER: url, MYPAGE_CONFIG_DIR: configDir, NO_COLOR: '1' };
    // the stored session: one real login (password, OTP from the dev mailbox), kept in a 0600 file
    execFileSync(process.execPath, [CLI, 'login', '--insecure-storage'], {
      env: { ...base, MYPAGE_ACCESS_ID: 'm95au6', MYPAGE_PASSWORD: 'mypage2023', MYPAGE_OTP_COMMAND: `"${process.execPath}" "${CLI}" dev otp --email taro@example.jp` },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const cases = [
      ['node -e 0', ['-e', '0']],
      ['mypage --help', [CLI, '--help']],
      ['mypage contracts list', [CLI, 'contracts', 'list']],
      ['mypage bills show 2023-10 --json', [CLI, 'bills', 'show', '2023-10', '--json']],
    ];
    if (baseline) {
      const old = path.resolve(baseline, 'bin', 'mypage.js');
      cases.push(['baseline: mypage --help', [old, '--help']], ['baseline: mypage contracts list', [old, 'contracts', 'list']]);
    }
    const results = new Map(cases.map(([name]) => [name, []]));
    // one warm-up round (file cache), then interleaved rounds
    for (const [, args] of cases) await timeRun(args, base);
    for (let i = 0; i < runs; i++) for (const [name, args] of cases) results.get(name).push(await timeRun(args, base));
    const yard = median(results.get('node -e 0').map((r) => r.wall));
    const targets = { 'mypage --help': 1.3, 'mypage contracts list': 2.5 };
    console.log(`\nCLI start-up and exit (${runs} interleaved runs each, medians; ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    console.log('| command | wall | × node -e 0 | target | exit after output |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const [name] of cases) {
      const rs = results.get(name);
      const wall = median(rs.map((r) => r.wall));
      const tail = median(rs.map((r) => r.tail));
      console.log(`| ${name} | ${wall.toFixed(0)} ms | ${(wall / yard).toFixed(2)}× | ${targets[name] ? `≤ ${targets[name]}×` : '-'} | ${name === 'node -e 0' ? '-' : `${tail.toFixed(0)} ms`} |`);
    }
  } finally {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(configDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, baseline: { type: 'string' } } });
  await cliStartup({ runs: Number(values.runs), ...(values.baseline ? { baseline: values.baseline } : {}) });
}
