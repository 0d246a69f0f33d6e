import { jstDateTime, MAIL_SUBJECTS } from '@mypage/api';
import type { OutgoingMail } from './mailer.js';

/*
 * The account mails (D-4), in Japanese as in the guide (chapters 2 and 3). How tools read them
 * is fixed by `MAIL_PATTERNS` in packages/api/src/mail.ts: change a line here only together with
 * that contract. Every mail comes from info-mediahikari@n-media.co.jp (R-REG-6, set by the outbox).
 */

/** Opening line and signature of every mail (D-4); notifications.ts uses them too. */
export const GREETING = '平素より弊社サービス等をご利用頂き、厚く御礼申し上げます。';
export const FOOTER: readonly string[] = [
  'ログインできないなどお困りの場合は、対象サービスをお申込みいただいた弊社窓口までお問い合わせください。',
  '',
  '本メールは送信専用のメールアドレスで送信しております。',
  '本メールに返信いただいてもご回答いたしかねますので、あらかじめご了承ください。',
  '',
  '日本メディアシステム料金担当',
  '受付時間：午前9時～午後5時30分（土日祝日・夏季、冬季休暇を除く）',
  'E-mail：info-mediahikari@n-media.co.jp',
];

/** `2024-01-25 10:00` in Japan time (R-FMT-10). */
const jstMinute = (at: Date) => jstDateTime(at).slice(0, 16);

const mail = (to: string, subject: string, lines: string[], secrets?: string[]): OutgoingMail => ({
  to,
  subject,
  text: [...lines, '', ...FOOTER].join('\n'),
  ...(secrets ? { secrets } : {}),
});

/** Registration (R-REG-4) and accounts created by an admin (R-USER-1): URL, access ID, temporary password. */
export function registrationMail(args: {
  to: string;
  url: string;
  accessId: string;
  temporaryPassword: string;
  expiresAt: Date;
  createdByAdmin?: boolean;
}): OutgoingMail {
  return mail(args.to, args.createdByAdmin ? MAIL_SUBJECTS.userCreated : MAIL_SUBJECTS.registration, [
    GREETING,
    '',
    '【ご案内内容】',
    args.createdByAdmin
      ? '管理者によりマイページのアカウントが作成され、仮登録処理が完了したため'
      : '日本メディアシステムマイページへの仮登録処理が完了したため',
    '仮パスワードを発行いたしました。',
    '仮パスワードを変更の上、以下 URL よりログインいただきますようお願いいたします。',
    '',
    '▼お客様ログイン情報',
    `ログイン URL : ${args.url}`,
    `アクセス ID : ${args.accessId}`,
    `仮パスワード : ${args.temporaryPassword}`,
    '',
    '▼パスワードの設定について',
    '以下にご注意下さい。',
    '※不正ログイン防止のため、推測されにくいパスワードをご入力ください。',
    '※半角 8 文字以上 32 文字以下で、英小文字・数字の 2 種類を含める必要があります。',
    `※上記 URL の有効期間は 10 日です（${jstMinute(args.expiresAt)} まで）。10 日経過した場合は無効となりますのでご注意ください。`,
    '※アクセスIDは変更することなく、ログイン時に毎回必要になりますので、本メールを破棄しないようお願いいたします。',
  ], [args.url, args.temporaryPassword]);
}

/** Login OTP (R-LOGIN-1, R-FMT-7). */
export function otpMail(args: { to: string; otp: string; expiresAt: Date }): OutgoingMail {
  return mail(args.to, MAIL_SUBJECTS.otp, [
    GREETING,
    '',
    '【ご案内内容】',
    'ご登録を頂いているアカウントにて、ログイン認証のためのワンタイムパスワードが発行されました。',
    '表示された画面のワンタイムパスワード入力欄に下記の数字を半角で入力しログインして下さい。',
    '',
    `ワンタイムパスワード：${args.otp}`,
    '',
    `※上記確認コードの有効期限は10分です（${jstMinute(args.expiresAt)} まで）。10分経過した場合は無効となりますのでご注意ください。`,
  ], [args.otp]);
}

/** Forgot access ID (R-LOGIN-5): every account registered with this address. */
export function accessIdMail(args: { to: string; accessIds: string[] }): OutgoingMail {
  return mail(args.to, MAIL_SUBJECTS.accessId, [
    GREETING,
    '',
    '【ご案内内容】',
    'アクセスIDのお問い合わせを受け付けました。',
    'このメールアドレスでご登録頂いているアカウントのアクセスIDは以下のとおりです。',
    '',
    ...args.accessIds.map((id) => `アクセス ID : ${id}`),
    '',
    '※お心当たりのない場合は、本メールを破棄してください。',
  ]);
}

/** Forgot password (R-LOGIN-5): a reset link with the same 10-day / single-use rules as R-REG-4. */
export function passwordResetMail(args: { to: string; url: string; accessId: string; expiresAt: Date }): OutgoingMail {
  return mail(args.to, MAIL_SUBJECTS.passwordReset, [
    GREETING,
    '',
    '【ご案内内容】',
    'パスワード再設定のお申し込みを受け付けました。',
    '以下 URL にアクセスし、アクセスIDと新しいパスワードを入力してください。',
    '',
    `パスワード再設定 URL : ${args.url}`,
    `アクセス ID : ${args.accessId}`,
    '',
    '※半角 8 文字以上 32 文字以下で、英小文字・数字の 2 種類を含める必要があります。',
    `※上記 URL の有効期間は 10 日です（${jstMinute(args.expiresAt)} まで）。一度ご利用になると無効となります。`,
    '※パスワードを再設定すると、ログイン中のすべての画面からログアウトされます。',
    '※お心当たりのない場合は、本メールを破棄してください。パスワードは変更されません。',
  ], [args.url]);
}
