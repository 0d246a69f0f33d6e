import { describe, expect, it } from 'vitest';
import { CliError, errorReport, exitCodeOf, formatErrorText } from './errors.js';

/** Shaped like the SDK's MyPageError (checked structurally, so the SDK need not load). */
function sdkError(code: string, status: number | null, messageJa: string, messageEn: string) {
  return Object.assign(new Error(`${messageEn} (${messageJa})`), { code, status, messageJa, messageEn });
}

describe('errors → exit codes and messages', () => {
  it.each([
    ['AUTH_REQUIRED', 401, 3],
    ['SESSION_EXPIRED', 401, 3],
    ['INVALID_CREDENTIALS', 401, 3],
    ['OTP_EXPIRED', 410, 3],
    ['BILL_NOT_FOUND', 404, 4],
    ['ADMIN_ONLY', 403, 5],
    ['CALL_RECORDS_NOT_ENABLED', 403, 5],
    ['CUSTOMER_NOT_FOUND', 422, 1],
    ['NETWORK_ERROR', null, 1],
  ] as const)('%s (%s) exits %i', (code, status, exit) => {
    expect(exitCodeOf(sdkError(code, status, 'ja', 'en'))).toBe(exit);
  });

  it('tells "never logged in" from "session expired"', () => {
    expect(errorReport(sdkError('AUTH_REQUIRED', 401, 'ログインしてください。', 'Log in first.'), 'en').kind).toBe('auth-required');
    expect(errorReport(sdkError('SESSION_EXPIRED', 401, '…', '…'), 'en').kind).toBe('session-expired');
  });

  it('prints both languages, the chosen one first, with the code', () => {
    const r = errorReport(sdkError('BILL_NOT_FOUND', 404, '指定の請求月のご請求はありません。', 'No bill for that month.'), 'ja');
    expect(formatErrorText(r, 'ja')).toBe('エラー: 指定の請求月のご請求はありません。 (BILL_NOT_FOUND)\nerror: No bill for that month.\n');
    expect(formatErrorText(r, 'en')).toBe('error: No bill for that month. (BILL_NOT_FOUND)\nエラー: 指定の請求月のご請求はありません。\n');
  });

  it('a usage error is exit 2; Ctrl-C at a prompt is "Cancelled"; a file error names the folder', () => {
    expect(exitCodeOf(new CliError('USAGE', 'ja', 'en', 2))).toBe(2);
    const cancelled = Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    expect(errorReport(cancelled, 'en')).toMatchObject({ code: 'CANCELLED', messageEn: 'Cancelled.' });
    const fsErr = Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT', syscall: 'open', path: '/no/such/dir/x.csv.tmp' });
    expect(errorReport(fsErr, 'en')).toMatchObject({ code: 'FILE_ENOENT', messageEn: 'No such folder: /no/such/dir' });
  });

  it('a server that cannot be reached is named, with the flag and variable that choose it', () => {
    const r = errorReport(sdkError('NETWORK_ERROR', null, 'サーバーに接続できませんでした。', 'Could not reach the server.'), 'en', { server: 'http://127.0.0.1:1' });
    expect(formatErrorText(r, 'en')).toContain('Check that the server http://127.0.0.1:1 is running (choose it with --server or MYPAGE_SERVER).');
  });

  it('an unexpected error is one line, without a stack trace', () => {
    const text = formatErrorText(errorReport(new TypeError('boom'), 'en'), 'en');
    expect(text).toContain('Unexpected error: boom');
    expect(text).not.toMatch(/\n\s+at /);
  });
});

describe('usage errors from the command line', () => {
  it('name the help of the command that refused them, and keep a suggestion off the message line', async () => {
    const { runInProcess } = await import('./testing.js');
    const bad = await runInProcess(['bills', 'download', '--bogus'], { configDir: '/nonexistent/mypage-config' });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("error: Unknown option '--bogus' (USAGE)\n");
    expect(bad.err).toContain('mypage bills download --help');
    const typo = await runInProcess(['--json', 'contrats'], { configDir: '/nonexistent/mypage-config' });
    expect(typo.code).toBe(2);
    const e = JSON.parse(typo.err).error;
    expect(e.messageEn).toBe("Unknown command 'contrats'");
    expect(e.hint).toBe('Did you mean contracts?  (mypage --help)');
  });

  it('Ctrl-C at a prompt exits 130 (interrupted), not 1 — as the exit-code table says', () => {
    const cancel = Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' });
    expect(exitCodeOf(cancel)).toBe(130);
    expect(errorReport(cancel, 'en')).toMatchObject({ code: 'CANCELLED', exitCode: 130, messageEn: 'Cancelled.' });
  });

  it('LOGIN_THROTTLED: exit 3 (the login was refused) and the wait in both languages, in minutes', () => {
    const err = sdkError('LOGIN_THROTTLED', 429, 'ログインの試行回数が多すぎます。', 'Too many login attempts.');
    Object.assign(err, { retryAfter: 899 });
    expect(exitCodeOf(err)).toBe(3);
    const text = formatErrorText(errorReport(err, 'en'), 'en');
    expect(text).toContain('Try again in about 15 min (899 s).');
    expect(text).toContain('約 15 分後（899 秒後）に再度お試しください。');
  });

  it('-o /proc/x.csv: a folder that exists but takes no file is not called missing ("No such folder: /proc")', () => {
    const fsErr = Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT', syscall: 'open', path: '/proc/x.csv' });
    expect(errorReport(fsErr, 'en')).toMatchObject({ code: 'FILE_ENOENT', messageEn: 'Cannot create a file there: /proc/x.csv' });
  });

  it('calls list of a month before call records start names the first month instead of telling to apply again', () => {
    const early = sdkError('CALL_RECORDS_NOT_ENABLED', 403, '通話明細は2023年12月分からご覧いただけます。', 'Call records are available from 2023-12.');
    expect(errorReport(early, 'en').hint).toBe('Records start with 2023-12: `mypage calls list 2023-12`.');
    const never = sdkError('CALL_RECORDS_NOT_ENABLED', 403, '通話明細の利用申込みがありません。', 'Call records are not enabled for this month.');
    expect(errorReport(never, 'en').hint).toBe('Apply with `mypage inquiry request-call-records`.');
  });

  it('wrong OTPs to the end of a login: no "2 tries left" (the challenge ends with the run), but that a new login mails a new code', () => {
    const err = Object.assign(sdkError('OTP_INCORRECT', 401, 'ワンタイムパスワードが正しくありません。', 'The one-time password is incorrect.'), { attemptsLeft: 2 });
    const text = formatErrorText(errorReport(err, 'en'), 'en');
    expect(text).not.toContain('tries left');
    expect(text).toContain('a new login mails a new one-time password');
  });
});

