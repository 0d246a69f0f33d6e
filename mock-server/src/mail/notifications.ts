import { jaDate, jaMonth, MAIL_SUBJECTS, type Inquiry } from '@mypage/api';
import type { RepositorySet } from '../store/repositories.js';
import type { Mailer, OutgoingMail } from './mailer.js';
import { FOOTER, GREETING } from './templates.js';

/*
 * Notification mails (R-USER-4, D-6) and the inquiry receipt (R-INQ-1), in the guide's tone.
 * Every mail comes from MAIL_FROM (D-4) through the Mailer.
 */

const letter = (name: string, lines: string[]) =>
  [`${name} 様`, '', GREETING, '', '【ご案内内容】', '', ...lines, '', ...FOOTER].join('\n');

export function invoicePublishedMail(to: string, name: string, month: string, portalUrl: string): OutgoingMail {
  return {
    to,
    subject: MAIL_SUBJECTS.invoicePublished,
    text: letter(name, [
      `${jaMonth(month)}分の請求書/口座振替案内書をマイページに掲載いたしました。`,
      'マイページの「請求情報」からご確認・ダウンロードいただけます。',
      '',
      `▼マイページ: ${portalUrl}/login`,
    ]),
  };
}

export function noticePublishedMail(to: string, name: string, contractNumber: string, date: string, portalUrl: string): OutgoingMail {
  return {
    to,
    subject: MAIL_SUBJECTS.noticePublished,
    text: letter(name, [
      `契約番号 ${contractNumber} の開通案内（${jaDate(date)}分）をマイページに掲載いたしました。`,
      'マイページのご契約内容の「開通案内ダウンロード」からご確認いただけます。',
      '',
      `▼マイページ: ${portalUrl}/login`,
    ]),
  };
}

export function newsPostedMail(to: string, name: string, title: string, portalUrl: string): OutgoingMail {
  return {
    to,
    subject: MAIL_SUBJECTS.newsPosted,
    text: letter(name, [`マイページのお知らせを更新いたしました。`, '', `「${title}」`, '', `▼マイページ: ${portalUrl}/login`]),
  };
}

export function inquiryReceiptMail(to: string, name: string, inquiry: Inquiry): OutgoingMail {
  const note =
    inquiry.kind === 'call-records'
      ? ['※通話明細記録のお申込みは、受付処理の翌月の通話明細記録より閲覧が可能です。']
      : inquiry.kind === 'general'
        ? []
        : ['※紙発送の停止は、受付処理の次月の送付より適用されます。停止後もマイページにてPDFをダウンロードいただけます。'];
  return {
    to,
    subject: MAIL_SUBJECTS.inquiryReceipt,
    text: letter(name, [
      'お問い合わせを受け付けました。内容を確認のうえ、担当者よりご連絡いたします。',
      '',
      `受付番号：${inquiry.id}`,
      `種別：${inquiry.categoryLabel}`,
      `件名：${inquiry.subject}`,
      '内容：',
      inquiry.body || '（なし）',
      ...(note.length ? ['', ...note] : []),
    ]),
  };
}

/** R-USER-4 / D-6: active accounts of the group (or of every group) whose notification is on. */
export async function notifyRecipients(repos: RepositorySet, billingGroupId: string | null): Promise<{ email: string; name: string }[]> {
  return (await repos.accounts.notifiable(billingGroupId)).map((a) => ({ email: a.email, name: a.name }));
}

/** Send one mail per recipient; answers the addresses mailed. */
export async function notifyAll(
  mailer: Mailer,
  recipients: { email: string; name: string }[],
  build: (to: string, name: string) => OutgoingMail,
): Promise<string[]> {
  for (const r of recipients) await mailer.send(build(r.email, r.name));
  return recipients.map((r) => r.email);
}
