import { describe, expect, it } from 'vitest';
import type { LoginChallenge } from '@mypage/api';
import { fakeIO } from '../testing.js';
import { otpMissingError, resolveOtpSource, type OtpSettings } from './sources.js';

const challenge: LoginChallenge = { challengeId: 'ch_1', sentTo: 't***@example.jp', expiresAt: '2023-12-01T10:29:00+09:00', captcha: { provider: 'none' } };
const ctx = { serverUrl: 'http://127.0.0.1:9', accessId: 'm95au6', after: '2023-12-01T01:19:00.000Z' };
const t = (_ja: string, en: string) => en;

function settings(over: { flags?: OtpSettings['flags']; env?: NodeJS.ProcessEnv; tty?: boolean; answers?: string[] } = {}): OtpSettings {
  const answers = [...(over.answers ?? [])];
  const prompter = { input: async () => '', password: async () => answers.shift() ?? '', select: async () => '', confirm: async () => true };
  return { flags: over.flags ?? {}, env: over.env ?? {}, io: fakeIO({ tty: over.tty ?? false, prompter: prompter as never }).io, t };
}

describe('where the OTP comes from (R-LOGIN-1): one resolver', () => {
  it('prefers --otp, then MYPAGE_OTP (one try each, the code trimmed)', async () => {
    const env = resolveOtpSource(settings({ env: { MYPAGE_OTP: ' 222222 ' } }))!;
    expect(env.kind).toBe('env');
    expect(await env.obtain(challenge, ctx)).toBe('222222');
    const flag = resolveOtpSource(settings({ flags: { otp: '333333' }, env: { MYPAGE_OTP: '222222' } }))!;
    expect(flag.kind).toBe('flag');
    expect(flag.attempts).toBe(1);
    expect(await flag.obtain(challenge, ctx)).toBe('333333');
  });

  it('a direct code wins over a command, and a command over the prompt', () => {
    expect(resolveOtpSource(settings({ env: { MYPAGE_OTP: '1', MYPAGE_OTP_COMMAND: 'x' }, tty: true }))!.kind).toBe('env');
    expect(resolveOtpSource(settings({ flags: { otpCommand: 'x' }, tty: true }))!.kind).toBe('command');
    expect(resolveOtpSource(settings({ env: { MYPAGE_OTP_COMMAND: 'x' } }))!.attempts).toBe(1);
  });

  it('asks a person at a terminal, who may mistype up to three times', async () => {
    const s = resolveOtpSource(settings({ tty: true, answers: ['654321'] }))!;
    expect(s.kind).toBe('prompt');
    expect(s.attempts).toBe(3);
    expect(await s.obtain(challenge, ctx)).toBe('654321');
  });

  it('no terminal and no source is a typed outcome (null), not a thrown error', () => {
    expect(resolveOtpSource(settings())).toBeNull();
  });

  it('a new source plugs in as one more entry, in its place in the order', async () => {
    const mailbox = () => ({ kind: 'mailbox', attempts: 1, obtain: async () => '777777' });
    const s = resolveOtpSource(settings(), [mailbox]);
    expect(s?.kind).toBe('mailbox');
    expect(await s!.obtain(challenge, ctx)).toBe('777777');
  });

  it('the error for a missing source is exit 6 (D-11), naming --otp, --otp-command and --otp-imap', () => {
    const err = otpMissingError();
    expect(err.exitCode).toBe(6);
    expect(err.code).toBe('INTERACTIVE_LOGIN_REQUIRED');
    for (const way of ['--otp ', '--otp-command', '--otp-imap', 'MYPAGE_OTP_COMMAND', 'MYPAGE_IMAP_PASSWORD']) expect(err.messageEn).toContain(way);
    expect(err.messageJa).toContain('--otp-imap');
  });

  it('--otp-imap / MYPAGE_OTP_IMAP is the source after a code and a command, before the prompt (D-14)', () => {
    const mailbox = { MYPAGE_OTP_IMAP: 'imaps://ci@example.com@imap.example.com/INBOX', MYPAGE_IMAP_PASSWORD: 'app-pw' };
    const s = resolveOtpSource(settings({ env: mailbox, tty: true }))!;
    expect(s.kind).toBe('imap');
    expect(s.attempts).toBe(1);
    expect(typeof s.prepare).toBe('function');
    expect(resolveOtpSource(settings({ env: { ...mailbox, MYPAGE_OTP_COMMAND: 'x' } }))!.kind).toBe('command');
    expect(resolveOtpSource(settings({ flags: { otpImap: 'imap://u@127.0.0.1:1143/INBOX' }, env: { MYPAGE_IMAP_PASSWORD: 'p' } }))!.kind).toBe('imap');
  });
});
