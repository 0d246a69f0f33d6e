import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAIL_PATTERNS, MAIL_SUBJECTS, type Mail } from '@mypage/api';

/*
 * Starts the real reference server (`node bin/mypage-server.js`, the built output) for
 * end-to-end tests of the server, the SDK and the CLI: real process, real HTTP on 127.0.0.1.
 */

export type { Mail };

export interface RunningServer {
  url: string;
  /** the server's process id (a test may SIGKILL it; stop() still cleans up) */
  pid: number;
  operatorToken: string;
  dataDir: string;
  stop(): Promise<void>;
  /** The dev mailbox (`GET /api/v1/dev/mailbox?to=`), oldest first. */
  mailbox(to?: string): Promise<Mail[]>;
  /** The OTP of the newest login mail to `email` (MAIL_PATTERNS.otp). */
  latestOtp(email: string): Promise<string>;
}

export interface StartOptions {
  /** Extra flags, after the defaults (`--port 0 --dev --demo --data <tmp>`). */
  args?: string[];
  env?: Record<string, string>;
  /** default true */
  demo?: boolean;
  /** default true */
  dev?: boolean;
  /** default: a fresh temporary folder, removed by stop() */
  dataDir?: string;
  /**
   * scrypt N of the server's password hashes (`--scrypt-n`); default 2^14, an eighth of
   * production's 2^17, so a suite of logins does not pay 128 MiB hashes (infra/secrets.test.ts
   * proves the production cost; `npm run security` measures it).
   */
  scryptN?: number;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER_BIN = path.join(REPO_ROOT, 'bin', 'mypage-server.js');

const START_TIMEOUT_MS = 20_000;

export async function startServerProcess(opts: StartOptions = {}): Promise<RunningServer> {
  if (!existsSync(path.join(REPO_ROOT, 'mock-server', 'dist', 'main.js'))) {
    throw new Error('mock-server/dist/main.js is missing: run `npm run build` first');
  }
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'mypage-server-test-'));
  const args = [SERVER_BIN, '--port', '0', '--data', dataDir];
  if (opts.dev ?? true) args.push('--dev');
  if (opts.demo ?? true) args.push('--demo');
  args.push('--scrypt-n', String(opts.scryptN ?? 2 ** 14));
  args.push(...(opts.args ?? []));

  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8000);
  });

  const { url, operatorToken } = await new Promise<{ url: string; operatorToken: string }>((resolve, reject) => {
    let stdout = '';
    let url: string | undefined;
    const wantToken = opts.dev ?? true;
    const timer = setTimeout(() => fail(new Error(`server did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`server exited early (code ${code}, signal ${signal})`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      url ??= /^mypage-server listening on (http:\/\/\S+)$/m.exec(stdout)?.[1];
      const token = /^operator token: (\S+)$/m.exec(stdout)?.[1];
      if (url && (token || !wantToken)) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        resolve({ url, operatorToken: token ?? opts.env?.MYPAGE_OPERATOR_TOKEN ?? '' });
      }
    });
  });

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= stopChild(child).finally(() => {
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    });
    return stopped;
  };

  const mailbox = async (to?: string): Promise<Mail[]> => {
    const query = to ? `?to=${encodeURIComponent(to)}` : '';
    const res = await fetch(`${url}/api/v1/dev/mailbox${query}`);
    if (!res.ok) throw new Error(`dev mailbox answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { items: Mail[] }).items;
  };

  const latestOtp = async (email: string): Promise<string> => {
    const mails = (await mailbox(email)).filter((m) => m.subject === MAIL_SUBJECTS.otp);
    const otp = mails.length > 0 ? MAIL_PATTERNS.otp.exec(mails[mails.length - 1]!.text)?.[1] : undefined;
    if (!otp) throw new Error(`no OTP mail to ${email} in the dev mailbox`);
    return otp;
  };

  return { url, pid: child.pid!, operatorToken, dataDir, stop, mailbox, latestOtp };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
