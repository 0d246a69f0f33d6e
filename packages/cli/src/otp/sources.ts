import type { LoginChallenge } from '@mypage/api';
import { CliError, ExitCode } from '../errors.js';
import type { IOStreams } from '../iostreams.js';
import type { Translate } from '../cmdutil.js';
import { runOtpCommand, type OtpContext } from './command.js';
import { imapOtpSource } from './imap.js';

/*
 * The one place that decides where a one-time password comes from (R-LOGIN-1, D-14), in this
 * order: `--otp CODE` / `MYPAGE_OTP`, `--otp-command CMD` / `MYPAGE_OTP_COMMAND`, `--otp-imap URL`
 * / `MYPAGE_OTP_IMAP` (the mail read from a mailbox, imap.ts), a masked prompt when a person is at
 * a terminal. No source at all is a typed outcome (`null` from resolveOtpSource) that callers
 * turn into "a login needs a person" (otpMissingError, exit 6, D-11) or into "cannot log in again".
 */

export interface OtpSource {
  /** for messages and tests: `flag`, `env`, `command`, `prompt`, … */
  readonly kind: string;
  /** how many codes the login may ask for: a person may mistype, a flag or a command gets one try */
  readonly attempts: number;
  obtain(challenge: LoginChallenge, ctx: OtpContext): Promise<string>;
  /** called before the login request (the mailbox signs in first) */
  prepare?(): Promise<void>;
  /** called after the login, whatever happened */
  close?(): Promise<void>;
}

/** What the sources read: the global flags, the environment, the terminal. */
export interface OtpSettings {
  flags: { otp?: string; otpCommand?: string; otpImap?: string; otpImapTimeout?: string };
  env: NodeJS.ProcessEnv;
  io: IOStreams;
  t: Translate;
}

type SourceFactory = (s: OtpSettings) => OtpSource | null;

const direct: SourceFactory = ({ flags, env }) => {
  const code = flags.otp ?? env.MYPAGE_OTP;
  if (!code) return null;
  return { kind: flags.otp ? 'flag' : 'env', attempts: 1, obtain: async () => code.trim() };
};

const command: SourceFactory = ({ flags, env }) => {
  const cmd = flags.otpCommand ?? env.MYPAGE_OTP_COMMAND;
  if (!cmd) return null;
  return { kind: 'command', attempts: 1, obtain: (challenge, ctx) => runOtpCommand(env, cmd, challenge, ctx) };
};

const prompt: SourceFactory = ({ io, t }) => {
  if (!io.canPrompt()) return null;
  return {
    kind: 'prompt',
    attempts: 3,
    obtain: async (challenge) => {
      const p = await io.prompts();
      return p.password({
        message: t(`ワンタイムパスワード（${challenge.sentTo} に送信しました）`, `One-time password (mailed to ${challenge.sentTo})`),
        validate: (v) => /^\s*[0-9０-９]{6}\s*$/.test(v) || t('6桁の数字を入力してください', 'Enter the 6 digits'),
      });
    },
  };
};

/** In order of preference; the first that applies is used. */
export const OTP_SOURCES: readonly SourceFactory[] = [direct, command, imapOtpSource, prompt];

/** The source this run would use, or null when a login would need a person who is not there. */
export function resolveOtpSource(s: OtpSettings, sources: readonly SourceFactory[] = OTP_SOURCES): OtpSource | null {
  for (const make of sources) {
    const source = make(s);
    if (source) return source;
  }
  return null;
}

/** D-11: the code of the SDK's InteractiveLoginRequiredError, and exit 6. */
export const INTERACTIVE_LOGIN_REQUIRED = 'INTERACTIVE_LOGIN_REQUIRED';

/** A login needs a person who is not there (D-11): exit 6, naming the three ways to give the code. */
export function otpMissingError(): CliError {
  return new CliError(
    INTERACTIVE_LOGIN_REQUIRED,
    'ワンタイムパスワードが必要ですが、入力できる端末がありません: --otp CODE（MYPAGE_OTP）、--otp-command CMD（MYPAGE_OTP_COMMAND）、または --otp-imap URL（MYPAGE_OTP_IMAP と MYPAGE_IMAP_PASSWORD / MYPAGE_IMAP_ACCESS_TOKEN）のいずれかで渡してください。',
    'A one-time password is needed and nobody is at a terminal: give it with --otp CODE (MYPAGE_OTP), --otp-command CMD (MYPAGE_OTP_COMMAND, a command that prints the code, e.g. "mypage dev otp --email you@example.jp"), or --otp-imap URL (MYPAGE_OTP_IMAP, with MYPAGE_IMAP_PASSWORD or MYPAGE_IMAP_ACCESS_TOKEN: the CLI reads the mail itself).',
    ExitCode.needsPerson,
  );
}
