import { spawn } from 'node:child_process';
import type { LoginChallenge } from '@mypage/api';
import { CliError, ExitCode } from './errors.js';
import type { Factory } from './factory.js';

/*
 * Where the one-time password comes from (R-LOGIN-1, D-14): `--otp CODE`, `MYPAGE_OTP`,
 * `--otp-command CMD` / `MYPAGE_OTP_COMMAND` (run through the shell; the first 6-digit number
 * of its stdout is the code), `--otp-imap URL` / `MYPAGE_OTP_IMAP` (the mail read from a real
 * mailbox, otp-imap.ts), or a masked prompt when a person is present. Otherwise fail fast with
 * exit 6 (D-11: a login needs a person), naming the three ways.
 */

export interface OtpContext {
  serverUrl: string;
  accessId: string;
  /** ISO instant taken just before the login request: mails older than this are stale */
  after: string;
  /** the mailbox source of `--otp-imap`, opened before the login request */
  imap?: { otp(challenge: LoginChallenge): Promise<string> };
}

export const OTP_COMMAND_TIMEOUT_MS = 120_000;

/** D-11: the code of the SDK's InteractiveLoginRequiredError, and exit 6. */
export const INTERACTIVE_LOGIN_REQUIRED = 'INTERACTIVE_LOGIN_REQUIRED';

export function otpMissingError(): CliError {
  return new CliError(
    INTERACTIVE_LOGIN_REQUIRED,
    'ワンタイムパスワードが必要ですが、入力できる端末がありません: --otp CODE（MYPAGE_OTP）、--otp-command CMD（MYPAGE_OTP_COMMAND）、または --otp-imap URL（MYPAGE_OTP_IMAP と MYPAGE_IMAP_PASSWORD / MYPAGE_IMAP_ACCESS_TOKEN）のいずれかで渡してください。',
    'A one-time password is needed and nobody is at a terminal: give it with --otp CODE (MYPAGE_OTP), --otp-command CMD (MYPAGE_OTP_COMMAND, a command that prints the code), or --otp-imap URL (MYPAGE_OTP_IMAP, with MYPAGE_IMAP_PASSWORD or MYPAGE_IMAP_ACCESS_TOKEN: the CLI reads the mail itself).',
    ExitCode.needsPerson,
  );
}

/** A code, a command or a mailbox is configured: a login needs nobody at the terminal. */
export function hasOtpSource(f: Factory): boolean {
  return Boolean(f.globals.otp ?? f.env.MYPAGE_OTP ?? f.globals.otpCommand ?? f.env.MYPAGE_OTP_COMMAND ?? f.globals.otpImap ?? f.env.MYPAGE_OTP_IMAP);
}

export async function obtainOtp(f: Factory, challenge: LoginChallenge, ctx: OtpContext): Promise<string> {
  const direct = f.globals.otp ?? f.env.MYPAGE_OTP;
  if (direct) return direct.trim();
  const command = f.globals.otpCommand ?? f.env.MYPAGE_OTP_COMMAND;
  if (command) return runOtpCommand(f, command, challenge, ctx);
  if (ctx.imap) return ctx.imap.otp(challenge);
  if (f.io.canPrompt()) {
    const p = await f.io.prompts();
    return p.password({
      message: f.t(`ワンタイムパスワード（${challenge.sentTo} に送信しました）`, `One-time password (mailed to ${challenge.sentTo})`),
      validate: (v) => /^\s*[0-9０-９]{6}\s*$/.test(v) || f.t('6桁の数字を入力してください', 'Enter the 6 digits'),
    });
  }
  throw otpMissingError();
}

export async function runOtpCommand(f: Factory, command: string, challenge: LoginChallenge, ctx: OtpContext): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...f.env,
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
