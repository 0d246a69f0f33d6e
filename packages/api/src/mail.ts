/**
 * How the server's mails (D-4) carry their codes, so tools can read them from a mailbox: the
 * dev mailbox in demos and tests, or a real IMAP mailbox in a CI job's `--otp-command`.
 * The mail texts follow the guide; these patterns are part of the contract.
 */
export const MAIL_PATTERNS = {
  /** login OTP mail (R-LOGIN-1): a line `ワンタイムパスワード：123456` */
  otp: /ワンタイムパスワード\s*[:：]\s*([0-9]{6})/,
  /** registration mail (R-REG-4): `…/regist/new/<32 hex>` */
  registrationUrl: /(\S*\/regist\/new\/([0-9A-F]{32}))/,
  /** registration mail: `アクセス ID : m95au6` */
  accessId: /アクセス\s*ID\s*[:：]\s*([a-z0-9]{6})/,
  /** registration mail: `仮パスワード : 533ne4p3` */
  temporaryPassword: /仮パスワード\s*[:：]\s*([a-z0-9]{8})/,
  /** password-reset mail (R-LOGIN-5): `…/recovery/password/<32 hex>` */
  passwordResetUrl: /(\S*\/recovery\/password\/([0-9A-F]{32}))/,
} as const;

/** Subjects of the mails the server sends, so a mailbox can be searched by subject. */
export const MAIL_SUBJECTS = {
  registration: '【日本メディアシステム】マイページ仮登録完了のお知らせ',
  otp: '【日本メディアシステム】ログイン用ワンタイムパスワードのお知らせ',
  accessId: '【日本メディアシステム】アクセスIDのお知らせ',
  passwordReset: '【日本メディアシステム】パスワード再設定のご案内',
  userCreated: '【日本メディアシステム】マイページ仮登録完了のお知らせ',
  inquiryReceipt: '【日本メディアシステム】お問い合わせ受付のお知らせ',
  invoicePublished: '【日本メディアシステム】請求書/口座振替案内書掲載のお知らせ',
  noticePublished: '【日本メディアシステム】開通案内掲載のお知らせ',
  newsPosted: '【日本メディアシステム】お知らせ更新のご案内',
  emailChanged: '【日本メディアシステム】メールアドレス変更のお知らせ',
} as const;

/** The token at the end of a registration or reset URL, or the input itself if it is a bare token. */
export function linkToken(urlOrToken: string): string {
  const m = /([0-9A-Fa-f]{32})\/?\s*$/.exec(urlOrToken.trim());
  return m ? m[1]!.toUpperCase() : urlOrToken.trim();
}
