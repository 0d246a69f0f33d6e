import type { LoginChallenge } from '@mypage/api';
import { CliError, ExitCode } from '../errors.js';
import type { IOStreams } from '../iostreams.js';
import type { Translate } from '../cmdutil.js';
import { runOtpCommand, type OtpContext } from './command.js';

/*
 * The one place that decides where a one-time password comes from (R-LOGIN-1), in this order:
 * `--otp CODE` / `MYPAGE_OTP`, `--otp-command CMD` / `MYPAGE_OTP_COMMAND`, a masked prompt when a
 * person is at a terminal. A new source (a mailbox reader, say) is one more entry in
 * `OTP_SOURCES`. No source at all is a typed outcome (`null` from resolveOtpSource) that callers
 * turn into "a login needs a person" (otpMissingError) or into "cannot log in again".
 */

export interface OtpSource {
  /** for messages and tests: `flag`, `env`, `command`, `prompt`, … */
  readonly kind: string;
  /** how many codes the login may ask for: a person may mistype, a flag or a command gets one try */
  readonly attempts: number;
  obtain(challenge: LoginChallenge, ctx: OtpContext): Promise<string>;
}

/** What the sources read: the global flags, the environment, the terminal. */
export interface OtpSettings {
  flags: { otp?: string; otpCommand?: string };
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
export const OTP_SOURCES: readonly SourceFactory[] = [direct, command, prompt];

/** The source this run would use, or null when a login would need a person who is not there. */
export function resolveOtpSource(s: OtpSettings, sources: readonly SourceFactory[] = OTP_SOURCES): OtpSource | null {
  for (const make of sources) {
    const source = make(s);
    if (source) return source;
  }
  return null;
}

export function otpMissingError(): CliError {
  return new CliError(
    'OTP_MISSING',
    'ワンタイムパスワードが必要です: --otp CODE、環境変数 MYPAGE_OTP、または --otp-command / MYPAGE_OTP_COMMAND を指定してください。',
    'A one-time password is needed and nobody is at a terminal: pass --otp CODE, set MYPAGE_OTP, or set --otp-command / MYPAGE_OTP_COMMAND (a command that prints the code, e.g. "mypage dev otp --email you@example.jp").',
    ExitCode.auth,
  );
}
