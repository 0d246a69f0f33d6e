import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { CLI_BIN, cliEnv, runCli, tempDir } from './helpers/cli.js';
import { REPO_ROOT } from './helpers/server-process.js';

/*
 * Start-up stays light (only commander is imported before a command runs), `mypage server`
 * starts the reference server, and `npm run demo`'s script does its whole tour without a terminal.
 */

const dist = path.join(REPO_ROOT, 'packages', 'cli', 'dist');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Modules imported statically (at start-up) from dist/index.js, following local chunks. */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gm)) {
    const spec = m[1]!;
    if (spec.startsWith('./')) for (const p of staticImports(path.join(path.dirname(file), spec), seen)) packages.add(p);
    else packages.add(spec);
  }
  return packages;
}

/**
 * One run of scripts/demo.js (what `npm run demo` runs after the build) for the tests that read
 * what it did: its tour starts a server and a dozen CLI processes, the same each time. It runs
 * headless: cliEnv reaches no Secret Service.
 */
let demo: Promise<{ code: number | null; out: string; err: string; cwd: string }> | undefined;
function demoRun() {
  demo ??= new Promise((resolve) => {
    const cwd = tempDir('mypage-demo-run-');
    dirs.push(cwd);
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'demo.js')], { cwd, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('close', (code) => resolve({ code, out, err, cwd }));
  });
  return demo;
}

describe('CLI start-up and extras', () => {
  it('imports nothing up front but the root help; the program imports only commander and Node built-ins (prompts, spinners, tables, SDK load lazily)', () => {
    const builtin = (s: string) => s.startsWith('node:') || ['fs', 'fs/promises', 'os', 'path', 'url', 'child_process', 'stream', 'events', 'crypto', 'stream/promises', 'tty'].includes(s);
    expect([...staticImports(path.join(dist, 'index.js'))].filter((s) => !builtin(s))).toEqual([]);
    const program = readdirSync(dist).filter((n) => /^run-[\w-]+\.js$/.test(n));
    expect(program).toHaveLength(1);
    expect([...staticImports(path.join(dist, program[0]!))].filter((s) => !builtin(s))).toEqual(['commander']);
    const all = readdirSync(dist)
      .filter((n) => n.endsWith('.js'))
      .map((n) => readFileSync(path.join(dist, n), 'utf8'))
      .join('\n');
    for (const lazy of ['ora', '@inquirer/prompts', 'cli-table3', '@mypage/sdk', '@napi-rs/keyring', 'iconv-lite']) {
      expect(all).toMatch(new RegExp(`import\\(["']${lazy.replace('/', '\\/')}["']\\)`));
    }
  });

  it('`mypage --help` answers without loading the SDK', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: mypage');
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 error, 2 usage, 3 login needed / session expired, 4 not found, 5 forbidden,');
    expect(r.stdout).toContain('7 bills watch found a rise, 8 bills archive verify found a missing or changed file, 130 interrupted.');
  });

  it('`mypage server --dev --demo --port 0` starts the reference server', async () => {
    const data = tempDir('mypage-cli-server-');
    dirs.push(data);
    const child = spawn(process.execPath, [CLI_BIN, 'server', '--dev', '--demo', '--port', '0', '--data', data], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no listening line:\n${out}`)), 20_000);
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const health = await fetch(`${url}/api/v1/health`);
    expect(health.status).toBe(200);
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  });

  it('scripts/demo.js: server, login via --otp-command, contracts, latest bill, invoice PDF and CSV, server stopped', async () => {
    const r = await demoRun();
    const cwd = r.cwd;
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('CAF0000000001');
    expect(r.out).toContain('mediaITサポート24');
    const pdf = path.join(cwd, 'demo-output', 'invoice-2024-06.pdf');
    const csv = path.join(cwd, 'demo-output', 'calls-2023-12_2024-06.csv');
    expect(existsSync(pdf)).toBe(true);
    expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = iconv.decode(readFileSync(csv), 'utf8');
    expect(text.split('\r\n')[0]).toBe('日時,利用種類,通話元,通話先,通話時間,料金,契約番号'); // every contract: 契約番号 after the six
    expect(r.err).not.toContain('mypage2023');
  }, 90_000);

  it('npm run demo: what it prints is true — whoami names the credentials.json login wrote; the closing hint works headless and names the OTP source', async () => {
    // login's confirmation is on stderr, whoami's table on stdout
    const r = await demoRun();
    const out = `${r.out}\n${r.err}`;
    const saved = /credentials in (\S+credentials\.json)/.exec(out)?.[1];
    expect(saved, out).toBeDefined();
    expect(out).toMatch(new RegExp(`^Credentials\t${saved!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    expect(out).not.toContain('environment (MYPAGE_ACCESS_ID');
    expect(out).toContain('node bin/mypage.js login --access-id m95au6 --insecure-storage');
    expect(out).toContain('node bin/mypage.js dev otp --email taro@example.jp');
    expect(out).toContain('node bin/mypage.js dev mail');
  }, 90_000);
});
