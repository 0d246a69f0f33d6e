import { describe, expect, it } from 'vitest';
import { CliError, errorReport, exitCodeOf } from '../errors.js';
import { imapOtpSettings } from './imap.js';

/* D-14: the settings of --otp-imap, and D-11 exit codes of the mailbox failures. */

const factory = (env: NodeJS.ProcessEnv = {}, flags: { otpImap?: string; otpImapTimeout?: string } = {}) => ({ env, flags });

describe('--otp-imap settings (D-14)', () => {
  it('none without --otp-imap / MYPAGE_OTP_IMAP', () => {
    expect(imapOtpSettings(factory({ MYPAGE_IMAP_PASSWORD: 'x' }))).toBeNull();
  });

  it('reads the URL from the flag or the environment, the secret only from the environment', () => {
    const f = factory({ MYPAGE_OTP_IMAP: 'imaps://ci@example.com@imap.example.com/INBOX', MYPAGE_IMAP_PASSWORD: 'app-pw', MYPAGE_OTP_IMAP_TIMEOUT: '30' });
    expect(imapOtpSettings(f)).toEqual({ url: 'imaps://ci@example.com@imap.example.com/INBOX', password: 'app-pw', timeoutMs: 30_000, deleteAfterRead: false });
    f.flags = { otpImap: 'imap://other@127.0.0.1:1143/OTP', otpImapTimeout: '5' };
    expect(imapOtpSettings(f)).toMatchObject({ url: 'imap://other@127.0.0.1:1143/OTP', timeoutMs: 5000 });
    const token = factory({ MYPAGE_OTP_IMAP: 'imaps://u@h/INBOX', MYPAGE_IMAP_ACCESS_TOKEN: 'ya29.t', MYPAGE_OTP_IMAP_DELETE: '1', MYPAGE_OTP_SENDER: 'otp@relay.example.jp' });
    expect(imapOtpSettings(token)).toEqual({ url: 'imaps://u@h/INBOX', accessToken: 'ya29.t', timeoutMs: 120_000, deleteAfterRead: true, sender: 'otp@relay.example.jp' });
  });

  it('without a password or token, or with a bad timeout, is a usage error (exit 2)', () => {
    const noSecret = (() => { try { imapOtpSettings(factory({ MYPAGE_OTP_IMAP: 'imaps://u@h/INBOX' })); } catch (e) { return e; } })() as CliError;
    expect(noSecret.exitCode).toBe(2);
    expect(noSecret.messageEn).toContain('MYPAGE_IMAP_PASSWORD');
    expect(() => imapOtpSettings(factory({ MYPAGE_OTP_IMAP: 'imaps://u@h/INBOX', MYPAGE_IMAP_PASSWORD: 'p', MYPAGE_OTP_IMAP_TIMEOUT: 'soon' }))).toThrow(/timeout/);
  });
});

describe('exit codes of the mailbox and of a login that needs a person (D-11)', () => {
  const sdkLike = (code: string) => Object.assign(new Error(code), { code, status: null, messageJa: 'ja', messageEn: 'en' });
  it('maps each failure to its own code and exit', () => {
    expect(exitCodeOf(sdkLike('INTERACTIVE_LOGIN_REQUIRED'))).toBe(6);
    expect(exitCodeOf(sdkLike('IMAP_AUTH_FAILED'))).toBe(3);
    expect(exitCodeOf(sdkLike('IMAP_OTP_TIMEOUT'))).toBe(3);
    expect(exitCodeOf(sdkLike('IMAP_UNREACHABLE'))).toBe(1);
    expect(exitCodeOf(sdkLike('IMAP_URL_INVALID'))).toBe(2);
    expect(errorReport(sdkLike('IMAP_OTP_TIMEOUT'), 'en').hint).toContain('--otp-imap-timeout');
  });
});
