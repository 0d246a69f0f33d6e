import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { REPO_ROOT, startServerProcess, type RunningServer } from './server-process.js';

/*
 * Runs the BUILT CLI (`node bin/mypage.js`) as a child process, with no terminal: real process,
 * real HTTP to a server started by startServerProcess().
 */

export const CLI_BIN = path.join(REPO_ROOT, 'bin', 'mypage.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws with the output when it is not) */
  json<T = any>(): T;
  /** the `{ error }` JSON a failing `--json` command prints on stderr */
  error(): { code: string; exitCode: number; kind: string; message: string; messageEn: string; hint?: string };
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** written to stdin, then closed */
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

/** Environment of a CLI child: none of the caller's MYPAGE_* settings, no keychain unless asked. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MYPAGE_')) env[k] = v;
  // no Secret Service unless a test brings one: keeps tests from touching a real keyring
  env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/mypage-test-bus';
  env.LANG = 'en_US.UTF-8';
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  env.NO_COLOR = '1';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runCli(args: string[], opts: RunOptions = {}): Promise<CliResult> {
  if (!existsSync(path.join(REPO_ROOT, 'packages', 'cli', 'dist', 'index.js'))) {
    throw new Error('packages/cli/dist/index.js is missing: run `npm run build` first');
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: cliEnv(opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mypage ${args.join(' ')} did not finish in ${opts.timeoutMs ?? 60_000} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        json() {
          try {
            return JSON.parse(stdout);
          } catch {
            throw new Error(`not JSON (exit ${code}):\nstdout:\n${stdout}\nstderr:\n${stderr}`);
          }
        },
        error() {
          try {
            // notes and warnings may come first; the error object is the last thing printed
            return JSON.parse(stderr.slice(stderr.lastIndexOf('{\n  "error"'))).error;
          } catch {
            throw new Error(`no JSON error (exit ${code}):\nstdout:\n${stdout}\nstderr:\n${stderr}`);
          }
        },
      });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** `--otp-command` that reads the dev mailbox through the CLI itself. */
export function devOtpCommand(email: string): string {
  return `"${process.execPath}" "${CLI_BIN}" dev otp --email ${email}`;
}

/**
 * For one test file: a reference server (built, real process) and a config folder in which the
 * demo admin (taro@example.jp) has logged in through the CLI (credentials in the 0600 file).
 * `env()` is what a `runCli` of that user needs; both are removed after the file.
 */
export function useDemoAdminCli(prefix: string): { env: () => { MYPAGE_SERVER: string; MYPAGE_CONFIG_DIR: string } } {
  let server: RunningServer | undefined;
  let configDir: string | undefined;
  const env = () => ({ MYPAGE_SERVER: server!.url, MYPAGE_CONFIG_DIR: configDir! });
  beforeAll(async () => {
    server = await startServerProcess();
    configDir = tempDir(prefix);
    const login = await runCli(['--json', 'login', '--insecure-storage', '--otp-command', devOtpCommand('taro@example.jp')], {
      env: { ...env(), MYPAGE_ACCESS_ID: 'm95au6', MYPAGE_PASSWORD: 'mypage2023' },
    });
    expect(login.code, login.stderr).toBe(0);
  });
  afterAll(async () => {
    await server?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });
  return { env };
}
