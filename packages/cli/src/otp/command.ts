import { spawn } from 'node:child_process';
import type { LoginChallenge } from '@mypage/api';
import { CliError, ExitCode } from '../errors.js';

/*
 * The `--otp-command` / `MYPAGE_OTP_COMMAND` source (R-LOGIN-1): the command runs through the
 * shell with the challenge in its environment; the first 6-digit number of its stdout is the code.
 */

export interface OtpContext {
  serverUrl: string;
  accessId: string;
  /** ISO instant taken just before the login request: mails older than this are stale */
  after: string;
}

export const OTP_COMMAND_TIMEOUT_MS = 120_000;

export async function runOtpCommand(baseEnv: NodeJS.ProcessEnv, command: string, challenge: LoginChallenge, ctx: OtpContext): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    MYPAGE_SERVER: ctx.serverUrl,
    MYPAGE_ACCESS_ID: ctx.accessId,
    MYPAGE_OTP_AFTER: ctx.after,
    MYPAGE_OTP_SENT_TO: challenge.sentTo,
    MYPAGE_OTP_CHALLENGE_ID: challenge.challengeId,
    MYPAGE_OTP_EXPIRES_AT: challenge.expiresAt,
  };
  // the command must not see a password it does not need, nor recurse into another OTP command
  delete env.MYPAGE_PASSWORD;
  delete env.MYPAGE_OTP_COMMAND;
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(command, { shell: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), OTP_COMMAND_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err = (err + c).slice(-2000)));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout: out, stderr: e.message });
    });
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c, stdout: out, stderr: err });
    });
  });
  const match = /(?<![0-9])([0-9]{6})(?![0-9])/.exec(stdout);
  if (code !== 0 || !match) {
    const why = code === null ? `stopped after ${OTP_COMMAND_TIMEOUT_MS / 1000} s` : code !== 0 ? `exit ${code}` : 'no 6-digit code in its output';
    const tail = stderrSummary(stderr);
    throw new CliError(
      'OTP_COMMAND_FAILED',
      `ワンタイムパスワードを取得するコマンドが失敗しました（${why}）。${tail}`,
      `The OTP command failed (${why}).${tail ? ` ${tail}` : ''}`,
      ExitCode.auth,
    );
  }
  return match[1]!;
}

/**
 * What the failed command said, in one line: its first line naming an error (a crashed script's
 * `Error: Cannot find module …`, our own `error: …`), else its last line; never a stack frame.
 */
export function stderrSummary(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^at\s/.test(l) && !/^Node\.js v\d/.test(l) && !/^[\^~\s]+$/.test(l) && !/^[{}]$/.test(l));
  const line = lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
