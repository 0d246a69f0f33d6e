import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, cliEnv, devOtpCommand, tempDir } from './helpers/cli.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * Ctrl-C in the middle of `calls export`: the built CLI, a real server slowed down by a fault
 * switch on the second month, a real SIGINT. No temp or partial file is left, and the exit code
 * says the run was interrupted.
 */

let server: RunningServer;
let work: string;
let configDir: string;

beforeAll(async () => {
  server = await startServerProcess({ args: ['--fault', 'GET /api/v1/bills/2024-01/call-records.csv=latency:20000'] });
  work = tempDir('mypage-cli-interrupt-');
  configDir = tempDir('mypage-cli-interrupt-config-');
});

afterAll(async () => {
  await server?.stop();
  for (const d of [work, configDir]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('Ctrl-C during a download', () => {
  it('calls export: SIGINT while a month is on its way removes the temp file and exits 130 with "Cancelled"', async () => {
    const child = spawn(process.execPath, [CLI_BIN, 'calls', 'export', '--from', '2023-12', '--to', '2024-01', '-o', 'calls.csv'], {
      cwd: work,
      env: cliEnv({
        MYPAGE_SERVER: server.url,
        MYPAGE_CONFIG_DIR: configDir,
        MYPAGE_ACCESS_ID: 'm95au6',
        MYPAGE_PASSWORD: 'mypage2023',
        MYPAGE_OTP_COMMAND: devOtpCommand('taro@example.jp'),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    // the first month is in the temp file; the second is held back by the server
    const deadline = Date.now() + 30_000;
    while (!readdirSync(work).some((n) => n.endsWith('.tmp'))) {
      if (Date.now() > deadline) throw new Error(`no temp file appeared:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    const result = await exited;
    expect(result, stderr).toEqual({ code: 130, signal: null });
    expect(stderr).toContain('Cancelled.');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(work)).toEqual([]);
  }, 60_000);
});
