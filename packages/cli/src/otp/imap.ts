import type { ImapOtpSource } from '@mypage/sdk/imap';
import { usageError } from '../errors.js';
import type { OtpSettings, OtpSource } from './sources.js';

/*
 * `--otp-imap imaps://user@imap.example.com/INBOX` / MYPAGE_OTP_IMAP (D-14): the OTP of a login
 * read from a real mailbox, for jobs with nobody at a terminal. The secret comes only from the
 * environment: MYPAGE_IMAP_PASSWORD (password or app password) or MYPAGE_IMAP_ACCESS_TOKEN
 * (OAuth2, XOAUTH2 — Gmail, Microsoft 365). Optional: --otp-imap-timeout / MYPAGE_OTP_IMAP_TIMEOUT
 * (seconds to wait for the mail, default 120), MYPAGE_OTP_IMAP_DELETE=1 (delete the mail once
 * read instead of marking it seen), MYPAGE_OTP_SENDER (default info-mediahikari@n-media.co.jp).
 * The IMAP library loads only when a login actually uses this source.
 */

export interface ImapOtpSettings {
  url: string;
  password?: string;
  accessToken?: string;
  timeoutMs: number;
  deleteAfterRead: boolean;
  sender?: string;
}

export const DEFAULT_OTP_IMAP_TIMEOUT_S = 120;

/** The mailbox settings of this run, or null when no `--otp-imap` / MYPAGE_OTP_IMAP is given. */
export function imapOtpSettings({ flags, env }: Pick<OtpSettings, 'flags' | 'env'>): ImapOtpSettings | null {
  const url = (flags.otpImap ?? env.MYPAGE_OTP_IMAP)?.trim();
  if (!url) return null;
  const password = env.MYPAGE_IMAP_PASSWORD || undefined;
  const accessToken = env.MYPAGE_IMAP_ACCESS_TOKEN || undefined;
  if (!password && !accessToken) {
    throw usageError(
      '--otp-imap にはメールボックスのパスワード（環境変数 MYPAGE_IMAP_PASSWORD）または OAuth2 アクセストークン（MYPAGE_IMAP_ACCESS_TOKEN）が必要です。',
      '--otp-imap needs the mailbox password in MYPAGE_IMAP_PASSWORD or an OAuth2 access token in MYPAGE_IMAP_ACCESS_TOKEN.',
    );
  }
  const rawTimeout = flags.otpImapTimeout ?? env.MYPAGE_OTP_IMAP_TIMEOUT;
  const seconds = rawTimeout === undefined || rawTimeout === '' ? DEFAULT_OTP_IMAP_TIMEOUT_S : Number(rawTimeout);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 900) {
    throw usageError(`待ち時間が正しくありません: ${rawTimeout}（1〜900 秒）`, `Invalid --otp-imap-timeout: ${rawTimeout} (1–900 seconds)`);
  }
  const sender = env.MYPAGE_OTP_SENDER?.trim();
  return {
    url,
    ...(password ? { password } : {}),
    ...(accessToken && !password ? { accessToken } : {}),
    timeoutMs: Math.round(seconds * 1000),
    deleteAfterRead: env.MYPAGE_OTP_IMAP_DELETE === '1' || env.MYPAGE_OTP_IMAP_DELETE === 'true',
    ...(sender ? { sender } : {}),
  };
}

/**
 * The mailbox as an OTP source: `prepare()` connects and signs in BEFORE the login request (a wrong
 * mailbox password fails before the portal mails an OTP; mails already there are older than this
 * login's), `obtain()` waits for this login's mail, `close()` signs out.
 */
export function imapOtpSource(s: OtpSettings): OtpSource | null {
  const settings = imapOtpSettings(s);
  if (!settings) return null;
  let mailbox: ImapOtpSource | undefined;
  const open = async (): Promise<ImapOtpSource> => {
    if (mailbox) return mailbox;
    const { ImapOtpSource } = await import('@mypage/sdk/imap');
    const source = new ImapOtpSource({
      url: settings.url,
      ...(settings.password ? { password: settings.password } : {}),
      ...(settings.accessToken ? { accessToken: settings.accessToken } : {}),
      timeoutMs: settings.timeoutMs,
      deleteAfterRead: settings.deleteAfterRead,
      ...(settings.sender ? { sender: settings.sender } : {}),
    });
    s.io.info(s.t(`メールボックス ${source.mailbox.user} でワンタイムパスワードを待ちます…`, `Waiting for the one-time password in the mailbox ${source.mailbox.user}…`));
    mailbox = source;
    await source.open();
    return source;
  };
  return {
    kind: 'imap',
    attempts: 1,
    prepare: async () => void (await open()),
    obtain: async (challenge) => (await open()).otp(challenge),
    close: async () => {
      const m = mailbox;
      mailbox = undefined;
      await m?.close();
    },
  };
}
