import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyPageClient } from '@mypage/sdk';
import { ImapOtpError, ImapOtpSource, withImapOtp } from '@mypage/sdk/imap';
import { startDovecot, type RunningDovecot } from './helpers/dovecot.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * D-14: the SDK's IMAP OTP source against a real Dovecot, with the OTP mails sent by the real
 * reference server over SMTP (--smtp-url) and delivered by LMTP — the path a mail takes in life.
 * Demo admin of group A (D-7): m95au6 / mypage2023, mail to taro@example.jp.
 */

const ADMIN = { accessId: 'm95au6', password: 'mypage2023', email: 'taro@example.jp' };
const MAILBOX_PASSWORD = 'imap-secret-pw-1';
const TOKEN_USER = { user: 'oauth@example.jp', password: 'ya29.test-access-token' };

let dovecot: RunningDovecot;
let server: RunningServer;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: ADMIN.email, password: MAILBOX_PASSWORD }, TOKEN_USER] });
  server = await startServerProcess({ args: ['--smtp-url', dovecot.smtpUrl] });
});
afterAll(async () => {
  await server?.stop();
  await dovecot?.stop();
});

const client = () => new MyPageClient({ baseUrl: server.url, timeoutMs: 10_000 });
const imapOpts = (extra: Partial<ConstructorParameters<typeof ImapOtpSource>[0]> = {}) => ({
  url: dovecot.imapUrl(ADMIN.email),
  password: MAILBOX_PASSWORD,
  timeoutMs: 20_000,
  pollIntervalMs: 1000,
  ...extra,
});

function otpMail(from: string, code: string): string {
  return [
    `From: ${from}`,
    `To: ${ADMIN.email}`,
    'Subject: =?UTF-8?B?' + Buffer.from('【日本メディアシステム】ログイン用ワンタイムパスワードのお知らせ').toString('base64') + '?=',
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(`ワンタイムパスワード：${code}\n`).toString('base64'),
    '',
  ].join('\r\n');
}

describe('IMAP OTP source against a real Dovecot (D-14)', () => {
  it('logs in with the OTP read from the mailbox, and marks that mail seen', async () => {
    const before = dovecot.count(ADMIN.email);
    const c = client();
    const session = await withImapOtp(imapOpts(), (otp) => c.auth.login({ ...ADMIN, otp }));
    expect(session.token).toBeTruthy();
    const after = dovecot.count(ADMIN.email);
    expect(after.total).toBe(before.total + 1);
    expect(after.unseen).toBe(before.unseen); // the new mail was read
  });

  it('ignores a stale OTP mail of an earlier login and waits for this login’s mail', async () => {
    // an earlier login whose code nobody used: its mail stays unseen in the folder
    await client().auth.login({ ...ADMIN, otp: async () => { throw new Error('abandoned'); } }).catch(() => undefined);
    // this login's mail is slow: when the source first looks, only the stale mail is there
    dovecot.deliveryDelayMs = 2000;
    try {
      const c = client();
      // the stale code would be refused by the server (another challenge): success proves the new one was taken
      const session = await withImapOtp(imapOpts(), (otp) => c.auth.login({ ...ADMIN, otp }));
      expect(session.token).toBeTruthy();
    } finally {
      dovecot.deliveryDelayMs = 0;
    }
  });

  it('ignores a mail from another sender with a six-digit code, even when it is the newest', async () => {
    const source = new ImapOtpSource(imapOpts());
    await source.open();
    try {
      const c = client();
      const session = await c.auth.login({
        ...ADMIN,
        otp: async (challenge) => {
          await dovecot.deliver('phisher@example.com', ADMIN.email, otpMail('Support <phisher@example.com>', '999999'));
          return source.otp(challenge);
        },
      });
      expect(session.token).toBeTruthy();
    } finally {
      await source.close();
    }
  });

  it('without open() first, takes the mail that arrived since the source was made (and not an older one)', async () => {
    const source = new ImapOtpSource(imapOpts());
    try {
      const c = client();
      const session = await c.auth.login({ ...ADMIN, otp: source.otp }); // the mail is there before the source connects
      expect(session.token).toBeTruthy();
    } finally {
      await source.close();
    }
  });

  it('deletes the mail once read when asked (deleteAfterRead)', async () => {
    const before = dovecot.count(ADMIN.email);
    const c = client();
    await withImapOtp(imapOpts({ deleteAfterRead: true }), (otp) => c.auth.login({ ...ADMIN, otp }));
    expect(dovecot.count(ADMIN.email).total).toBe(before.total);
  });

  it('signs in with an OAuth2 access token (XOAUTH2)', async () => {
    await dovecot.deliver('info-mediahikari@n-media.co.jp', TOKEN_USER.user, otpMail('info-mediahikari@n-media.co.jp', '111111'));
    const source = new ImapOtpSource({ url: dovecot.imapUrl(TOKEN_USER.user), accessToken: TOKEN_USER.password, timeoutMs: 1500, pollIntervalMs: 500 });
    await source.open();
    try {
      await dovecot.deliver('info-mediahikari@n-media.co.jp', TOKEN_USER.user, otpMail('日本メディアシステム <info-mediahikari@n-media.co.jp>', '222222'));
      expect(await source.otp()).toBe('222222'); // the newer one; 111111 came before open()
    } finally {
      await source.close();
    }
  });

  it('a wrong mailbox password fails fast with IMAP_AUTH_FAILED, before any OTP mail is sent', async () => {
    const sent = dovecot.deliveries.length;
    const started = Date.now();
    const c = client();
    const err = await withImapOtp(imapOpts({ password: 'wrong-password-77' }), (otp) => c.auth.login({ ...ADMIN, otp })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImapOtpError);
    expect((err as ImapOtpError).code).toBe('IMAP_AUTH_FAILED');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(dovecot.deliveries.length).toBe(sent);
    expect(JSON.stringify(err) + String(err)).not.toContain('wrong-password-77');
  });

  it('no mail within the timeout fails with IMAP_OTP_TIMEOUT, naming neither password nor code', async () => {
    const source = new ImapOtpSource(imapOpts({ timeoutMs: 1500 }));
    // opened first, as a login does: mails of the earlier tests (delivered moments ago) are not this one's
    await source.open();
    const started = Date.now();
    const err = await source.otp().catch((e: unknown) => e);
    await source.close();
    expect((err as ImapOtpError).code).toBe('IMAP_OTP_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(String(err)).not.toContain(MAILBOX_PASSWORD);
    expect(String(err)).toContain('info-mediahikari@n-media.co.jp');
  });

  it('a mailbox nobody listens on fails with IMAP_UNREACHABLE', async () => {
    const source = new ImapOtpSource({ url: 'imap://x@127.0.0.1:1/INBOX', password: 'p', connectTimeoutMs: 3000 });
    const err = await source.open().catch((e: unknown) => e);
    expect((err as ImapOtpError).code).toBe('IMAP_UNREACHABLE');
  });

  it('a folder that does not exist fails with IMAP_MAILBOX_NOT_FOUND', async () => {
    const source = new ImapOtpSource(imapOpts({ url: dovecot.imapUrl(ADMIN.email, 'NoSuchFolder') }));
    const err = await source.open().catch((e: unknown) => e);
    expect((err as ImapOtpError).code).toBe('IMAP_MAILBOX_NOT_FOUND');
  });
});
