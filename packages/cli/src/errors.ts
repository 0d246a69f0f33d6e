import { existsSync } from 'node:fs';
import type { Lang } from './lang.js';

/*
 * The one place that maps failures to exit codes and prints them (as gh's `main` does):
 * 0 ok, 1 error, 2 usage, 3 auth needed / session expired, 4 not found, 5 forbidden,
 * 6 a login needs a person, 7 `bills watch` found a rise past its threshold, 8 `bills archive
 * verify` found a missing, changed or unlisted file (D-11).
 * Errors print the server's Japanese message and the English one (order by `--lang`), never a
 * stack trace, never a secret.
 */

export const ExitCode = { ok: 0, error: 1, usage: 2, auth: 3, notFound: 4, forbidden: 5, /** D-11: a login needs a person (no OTP source, no terminal) */ needsPerson: 6, /** D-11: `bills watch` found a rise past its threshold */ billRise: 7, /** D-11 */ archiveFindings: 8, /** Ctrl-C / SIGTERM (128 + SIGINT, as shells report it) */ interrupted: 130 } as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error raised by the CLI itself (not by the server), with both languages. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    readonly code: string,
    readonly messageJa: string,
    readonly messageEn: string,
    readonly exitCode: ExitCodeValue = ExitCode.error,
    readonly hint?: string,
  ) {
    super(messageEn);
  }
}

/** Wrong or missing arguments/flags (exit 2). */
export function usageError(messageJa: string, messageEn: string, hint?: string): CliError {
  return new CliError('USAGE', messageJa, messageEn, ExitCode.usage, hint);
}

/** Shape of an SDK `MyPageError`, checked structurally so the SDK need not load to print an error. */
interface SdkErrorLike {
  code: string;
  status: number | null;
  messageJa: string;
  messageEn: string;
  requestId?: string;
  details?: { path: string; message: string; messageEn?: string }[];
  retryAfter?: number;
  attemptsLeft?: number;
}

function isSdkError(err: unknown): err is Error & SdkErrorLike {
  return err instanceof Error && typeof (err as Partial<SdkErrorLike>).code === 'string' && typeof (err as Partial<SdkErrorLike>).messageJa === 'string';
}

const AUTH_CODES = new Set(['LOGIN_THROTTLED', 'AUTH_REQUIRED', 'SESSION_EXPIRED', 'INVALID_CREDENTIALS', 'OTP_INCORRECT', 'OTP_EXPIRED', 'CREDENTIALS_MISSING', 'OTP_MISSING', 'OTP_COMMAND_FAILED', 'IMAP_AUTH_FAILED', 'IMAP_MAILBOX_NOT_FOUND', 'IMAP_OTP_TIMEOUT']);

/** Ctrl-C at a prompt (inquirer rejects with these). */
function isPromptCancel(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}

export function exitCodeOf(err: unknown): ExitCodeValue {
  if (err instanceof CliError) return err.exitCode;
  // Ctrl-C at a prompt is an interruption like Ctrl-C anywhere else: 130, as shells report it
  if (isPromptCancel(err)) return ExitCode.interrupted;
  if (isSdkError(err)) {
    if (err.code === 'INTERACTIVE_LOGIN_REQUIRED') return ExitCode.needsPerson;
    // the mailbox of --otp-imap (D-14): unreachable is like an unreachable server; a bad URL is usage
    if (err.code === 'IMAP_UNREACHABLE') return ExitCode.error;
    if (err.code === 'IMAP_URL_INVALID') return ExitCode.usage;
    if (AUTH_CODES.has(err.code) || err.status === 401) return ExitCode.auth;
    if (err.status === 404) return ExitCode.notFound;
    if (err.status === 403) return ExitCode.forbidden;
    return ExitCode.error;
  }
  return ExitCode.error;
}

/** What the run knew when it failed, for hints (e.g. which server it could not reach). */
export interface ErrorContext {
  server?: string;
  /** the server's English message (some hints depend on what it says) */
  messageEn?: string;
}

/** What the next step is, for errors a person can fix. */
function hintFor(code: string, lang: Lang, ctx: ErrorContext = {}): string | undefined {
  switch (code) {
    case 'NETWORK_ERROR':
    case 'TIMEOUT': {
      const where = ctx.server ?? '';
      return lang === 'ja'
        ? `サーバー ${where} が動いているか確認してください（接続先は --server または MYPAGE_SERVER で指定します）。`
        : `Check that the server ${where} is running (choose it with --server or MYPAGE_SERVER).`;
    }
    case 'AUTH_REQUIRED':
      if (ctx.server && ctx.server !== 'http://127.0.0.1:8787') {
        return lang === 'ja'
          ? `サーバー ${ctx.server} 用の認証情報がありません: \`mypage --server ${ctx.server} login\` を実行するか、MYPAGE_ACCESS_ID・MYPAGE_PASSWORD・MYPAGE_OTP_COMMAND を設定してください。`
          : `No credentials for ${ctx.server}: run \`mypage --server ${ctx.server} login\`, or set MYPAGE_ACCESS_ID, MYPAGE_PASSWORD and MYPAGE_OTP_COMMAND.`;
      }
      return lang === 'ja'
        ? 'ログインしていません: `mypage login` を実行するか、MYPAGE_ACCESS_ID・MYPAGE_PASSWORD・MYPAGE_OTP_COMMAND を設定してください。'
        : 'Not logged in: run `mypage login`, or set MYPAGE_ACCESS_ID, MYPAGE_PASSWORD and MYPAGE_OTP_COMMAND.';
    case 'SESSION_EXPIRED':
      return lang === 'ja'
        ? 'セッションの有効期限が切れました: `mypage login` で再度ログインしてください（CI では MYPAGE_OTP_COMMAND を設定すると自動で再ログインします）。'
        : 'The session expired: run `mypage login` again (in CI, set MYPAGE_OTP_COMMAND and the CLI logs in again by itself).';
    case 'IMAP_AUTH_FAILED':
      return lang === 'ja'
        ? 'MYPAGE_IMAP_PASSWORD（アプリ パスワード）または MYPAGE_IMAP_ACCESS_TOKEN（期限切れでないもの）を確認してください。'
        : 'Check MYPAGE_IMAP_PASSWORD (an app password for Gmail) or MYPAGE_IMAP_ACCESS_TOKEN (not expired).';
    case 'IMAP_UNREACHABLE':
      return lang === 'ja' ? '--otp-imap / MYPAGE_OTP_IMAP のホストとポートを確認してください。' : 'Check the host and port in --otp-imap / MYPAGE_OTP_IMAP.';
    case 'IMAP_OTP_TIMEOUT':
      return lang === 'ja'
        ? 'ポータルに登録したメールアドレスがこのメールボックスに届くか、迷惑メールフォルダに振り分けられていないか確認してください（待ち時間は --otp-imap-timeout）。'
        : 'Check that the address registered at the portal delivers to this mailbox and that the mail is not filed as spam (wait longer with --otp-imap-timeout).';
    case 'CAPTCHA_FAILED':
      return lang === 'ja' ? 'ロボット認証のトークンは MYPAGE_CAPTCHA_TOKEN で渡します。' : 'The robot-check token is passed in MYPAGE_CAPTCHA_TOKEN.';
    case 'OTP_INCORRECT':
      return lang === 'ja'
        ? 'もう一度ログインすると新しいワンタイムパスワードがメールで届きます。'
        : 'Log in again: a new login mails a new one-time password.';
    case 'CALL_RECORDS_NOT_ENABLED': {
      // enabled from a later month: that month is the answer, not another application
      const from = /available from (\d{4}-\d{2})/.exec(ctx.messageEn ?? '')?.[1];
      if (from) return lang === 'ja' ? `${from} 分から表示できます: \`mypage calls list ${from}\`` : `Records start with ${from}: \`mypage calls list ${from}\`.`;
      return lang === 'ja' ? '`mypage inquiry request-call-records` で申し込めます。' : 'Apply with `mypage inquiry request-call-records`.';
    }
    default:
      return undefined;
  }
}

export interface ErrorReport {
  code: string;
  exitCode: number;
  /** `auth-required` and `session-expired` are told apart here (and by `code`). */
  kind: 'auth-required' | 'session-expired' | 'auth-failed' | 'usage' | 'not-found' | 'forbidden' | 'alarm' | 'error';
  message: string;
  messageEn: string;
  status?: number | null;
  requestId?: string;
  details?: { path: string; message: string; messageEn?: string }[];
  retryAfter?: number;
  attemptsLeft?: number;
  hint?: string;
}

function kindOf(code: string, exitCode: number): ErrorReport['kind'] {
  if (code === 'AUTH_REQUIRED' || code === 'CREDENTIALS_MISSING' || code === 'OTP_MISSING' || code === 'INTERACTIVE_LOGIN_REQUIRED') return 'auth-required';
  if (code === 'SESSION_EXPIRED') return 'session-expired';
  if (exitCode === ExitCode.auth) return 'auth-failed';
  if (exitCode === ExitCode.usage) return 'usage';
  if (exitCode === ExitCode.notFound) return 'not-found';
  if (exitCode === ExitCode.forbidden) return 'forbidden';
  if (exitCode === ExitCode.billRise) return 'alarm';
  return 'error';
}

export function errorReport(err: unknown, lang: Lang, ctx: ErrorContext = {}): ErrorReport {
  const exitCode = exitCodeOf(err);
  if (err instanceof CliError) {
    const hint = err.hint ?? hintFor(err.code, lang);
    return { code: err.code, exitCode, kind: kindOf(err.code, exitCode), message: err.messageJa, messageEn: err.messageEn, ...(hint ? { hint } : {}) };
  }
  if (isSdkError(err)) {
    const hint = hintFor(err.code, lang, { ...ctx, messageEn: err.messageEn });
    return {
      code: err.code,
      exitCode,
      kind: kindOf(err.code, exitCode),
      message: err.messageJa,
      messageEn: err.messageEn,
      status: err.status,
      ...(err.requestId ? { requestId: err.requestId } : {}),
      ...(err.details ? { details: err.details } : {}),
      ...(err.retryAfter !== undefined ? { retryAfter: err.retryAfter } : {}),
      // the run ends here, and with it the OTP challenge: a new login sends a new code, so the
      // server's "tries left" for this challenge would mislead
      ...(err.attemptsLeft !== undefined && err.code !== 'OTP_INCORRECT' ? { attemptsLeft: err.attemptsLeft } : {}),
      ...(hint ? { hint } : {}),
    };
  }
  if (isPromptCancel(err)) {
    // Ctrl-C at a prompt
    return { code: 'CANCELLED', exitCode, kind: 'error', message: '中止しました。', messageEn: 'Cancelled.' };
  }
  const fsErr = err as NodeJS.ErrnoException;
  if (err instanceof Error && typeof fsErr.code === 'string' && typeof fsErr.syscall === 'string') {
    // a file the command reads or writes: say which, in words
    const where = fsErr.path ?? '';
    const dir = where.replace(/\/[^/]*$/, '') || '/';
    const [ja, en] =
      fsErr.code === 'ENOENT' && !existsSync(dir)
        ? [`フォルダがありません: ${dir}`, `No such folder: ${dir}`]
        : fsErr.code === 'ENOENT'
          ? [`ファイルを作成できません: ${where}`, `Cannot create a file there: ${where}`]
        : fsErr.code === 'EACCES' || fsErr.code === 'EPERM'
          ? [`書き込みの権限がありません: ${dir}`, `Permission denied: ${dir}`]
          : fsErr.code === 'ENOSPC'
            ? ['ディスクの空きがありません。', 'No space left on the device.']
            : [`ファイルを扱えません（${fsErr.code}）: ${where}`, `File error (${fsErr.code}): ${where}`];
    return { code: `FILE_${fsErr.code}`, exitCode, kind: 'error', message: ja, messageEn: en };
  }
  // An unexpected failure: one line, no stack trace (set MYPAGE_DEBUG=1 to see it).
  const text = err instanceof Error ? err.message : String(err);
  return { code: 'UNEXPECTED', exitCode, kind: 'error', message: `予期しないエラーが発生しました: ${text}`, messageEn: `Unexpected error: ${text}` };
}

/** The human form: both languages, the chosen one first, then field details and a hint. */
export function formatErrorText(report: ErrorReport, lang: Lang): string {
  const ja = `エラー: ${report.message}`;
  const en = `error: ${report.messageEn}`;
  const lines = lang === 'ja' ? [ja, en] : [en, ja];
  if (report.message === report.messageEn) lines.splice(1, 1);
  lines[0] += ` (${report.code})`;
  for (const d of report.details ?? []) {
    const m = lang === 'ja' ? d.message : (d.messageEn ?? d.message);
    lines.push(`  - ${d.path}: ${m}`);
  }
  if (report.attemptsLeft !== undefined) lines.push(lang === 'ja' ? `  残り ${report.attemptsLeft} 回入力できます。` : `  ${report.attemptsLeft} tries left.`);
  if (report.retryAfter !== undefined) {
    const sec = report.retryAfter;
    const min = Math.ceil(sec / 60);
    const ja = sec >= 60 ? `  約 ${min} 分後（${sec} 秒後）に再度お試しください。` : `  ${sec} 秒後に再度お試しください。`;
    const en = sec >= 60 ? `  Try again in about ${min} min (${sec} s).` : `  Try again in ${sec} s.`;
    lines.push(...(lang === 'ja' ? [ja, en] : [en, ja]));
  }
  if (report.hint) lines.push(report.hint);
  if (report.requestId) lines.push(`request id: ${report.requestId}`);
  return lines.join('\n') + '\n';
}
