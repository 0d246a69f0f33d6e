import { Command, Argument } from 'commander';
import type { Factory } from '../factory.js';
import { need } from '../input.js';
import { printJson, printList } from '../output/print.js';
import { formatJst } from '../time.js';
import { examples } from './help.js';
import type { Inquiry } from '@mypage/api';

/* `mypage inquiry send|list|request-call-records|stop-paper-mail` — お問い合わせ (R-INQ-1..3). */

export interface InquirySendOptions {
  f: Factory;
  category?: string;
  subject?: string;
  body?: string;
}
export interface InquiryListOptions {
  f: Factory;
}
export interface RequestCallRecordsOptions {
  f: Factory;
  customerName?: string;
  contactName?: string;
  note?: string;
}
export interface StopPaperMailOptions {
  f: Factory;
  kind: 'opening-notice' | 'direct-debit';
  customerName?: string;
  contactName?: string;
  note?: string;
}

export function newInquiryCommand(f: Factory): Command {
  const cmd = new Command('inquiry').alias('inquiries').description('Inquiries to the provider (お問い合わせ); a receipt mail follows');
  cmd.addCommand(newInquirySendCommand(f));
  cmd.addCommand(newInquiryListCommand(f));
  cmd.addCommand(newRequestCallRecordsCommand(f));
  cmd.addCommand(newStopPaperMailCommand(f));
  return examples(cmd, [
    '$ mypage inquiry send --category other --subject "住所変更について" --body "…"',
    '$ mypage inquiry request-call-records --customer-name "日本 太郎" --contact-name "日本 花子"',
    '$ mypage inquiry stop-paper-mail direct-debit',
    '$ mypage inquiry list',
  ]);
}

function printInquiry(f: Factory, inq: Inquiry): void {
  if (f.io.json) return printJson(f.io, inq);
  f.io.info(f.t(`✓ お問い合わせを送信しました（${inq.id}：${inq.categoryLabel}／${inq.subject}）。受付メールが届きます。`, `✓ Inquiry sent (${inq.id}: ${inq.categoryLabel} / ${inq.subject}); a receipt mail follows.`));
  if (!f.io.isStdoutTTY) f.io.out(inq.id);
}

export function newInquirySendCommand(f: Factory, run: (o: InquirySendOptions) => Promise<void> = inquirySendRun): Command {
  const cmd = new Command('send')
    .description('Send an inquiry: category, subject, optional body (R-INQ-1)')
    .option('--category <id>', 'category id (see `mypage inquiry send --help`; e.g. call-records, other)')
    .option('--subject <text>', '件名')
    .option('--body <text>', '内容 (optional)')
    .action(async (o: { category?: string; subject?: string; body?: string }) => run({ f, ...o }));
  return examples(cmd, ['$ mypage inquiry send                       # prompts for category, subject and body', '$ mypage inquiry send --category other --subject "請求書について" --body "…" --json']);
}

export async function inquirySendRun(o: InquirySendOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  let category = o.category;
  if (!category && f.io.canPrompt()) {
    const categories = await f.io.spin(f.t('種別を取得中…', 'Fetching categories…'), () => client.inquiries.categories());
    const p = await f.io.prompts();
    category = await p.select({ message: f.t('種別', 'Category'), choices: categories.map((c) => ({ name: `${c.label} (${c.id})`, value: c.id })) });
  }
  category = await need(f, { value: category, flag: '--category', labelJa: '種別', labelEn: 'Category' });
  const subject = await need(f, { value: o.subject, flag: '--subject', labelJa: '件名', labelEn: 'Subject' });
  let body = o.body;
  if (body === undefined && f.io.canPrompt()) body = await (await f.io.prompts()).input({ message: f.t('内容（任意）', 'Body (optional)') });
  const c = category;
  const inq = await f.io.spin(f.t('送信中…', 'Sending…'), () => client.inquiries.send({ category: c, subject, ...(body ? { body } : {}) }));
  printInquiry(f, inq);
}

export function newInquiryListCommand(f: Factory, run: (o: InquiryListOptions) => Promise<void> = inquiryListRun): Command {
  const cmd = new Command('list').alias('ls').description('Inquiries sent by your billing group, newest first').action(async () => run({ f }));
  return examples(cmd, ['$ mypage inquiry list', '$ mypage inquiry list --json']);
}

export async function inquiryListRun(o: InquiryListOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  const items = await f.io.spin(f.t('お問い合わせを取得中…', 'Fetching inquiries…'), () => client.inquiries.list());
  await printList(f.io, items, [
    { header: 'ID', get: (i) => i.id },
    { header: f.t('送信日時', 'Sent'), get: (i) => formatJst(i.createdAt).replace(/ JST$/, '') },
    { header: f.t('種別', 'Category'), get: (i) => i.categoryLabel },
    { header: f.t('件名', 'Subject'), get: (i) => i.subject },
    { header: f.t('状態', 'Status'), get: (i) => (i.status === 'resolved' ? f.t('対応済み', 'resolved') : f.t('受付', 'received')) },
    { header: f.t('適用開始', 'From'), get: (i) => i.effectiveFrom },
  ]);
}

export function newRequestCallRecordsCommand(f: Factory, run: (o: RequestCallRecordsOptions) => Promise<void> = requestCallRecordsRun): Command {
  const cmd = new Command('request-call-records')
    .description('Apply for call records: category 通話明細記録について, subject 通話明細記録の希望 (R-INQ-3); records start the month after')
    .option('--customer-name <name>', '顧客名 (契約者名)')
    .option('--contact-name <name>', 'ご担当者名')
    .option('--note <text>', 'extra text for the body')
    .action(async (o: { customerName?: string; contactName?: string; note?: string }) => run({ f, ...o }));
  return examples(cmd, ['$ mypage inquiry request-call-records --customer-name "日本 太郎" --contact-name "日本 花子"']);
}

export async function requestCallRecordsRun(o: RequestCallRecordsOptions): Promise<void> {
  const { f } = o;
  const customerName = await need(f, { value: o.customerName, flag: '--customer-name', labelJa: '顧客名', labelEn: 'Customer name' });
  const contactName = await need(f, { value: o.contactName, flag: '--contact-name', labelJa: 'ご担当者名', labelEn: 'Contact name' });
  const client = await f.client();
  const inq = await f.io.spin(f.t('送信中…', 'Sending…'), () => client.inquiries.requestCallRecords({ customerName, contactName, ...(o.note ? { note: o.note } : {}) }));
  printInquiry(f, inq);
}

export function newStopPaperMailCommand(f: Factory, run: (o: StopPaperMailOptions) => Promise<void> = stopPaperMailRun): Command {
  const cmd = new Command('stop-paper-mail')
    .description('Stop paper mailing of opening notices or direct-debit notices (R-INQ-2; not general invoices); PDFs stay downloadable')
    .addArgument(new Argument('<kind>', 'opening-notice (開通案内) or direct-debit (口座振替案内書)').choices(['opening-notice', 'direct-debit']))
    .option('--customer-name <name>', 'お客様名 for the body (as the guide asks)')
    .option('--contact-name <name>', 'ご担当者名 for the body')
    .option('--note <text>', 'extra text for the body')
    .action(async (kind: 'opening-notice' | 'direct-debit', o: { customerName?: string; contactName?: string; note?: string }) => run({ f, kind, ...o }));
  return examples(cmd, [
    '$ mypage inquiry stop-paper-mail opening-notice --customer-name "日本 太郎" --contact-name "日本 花子"',
    '$ mypage inquiry stop-paper-mail direct-debit --json',
  ]);
}

export async function stopPaperMailRun(o: StopPaperMailOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  const body = { ...(o.customerName ? { customerName: o.customerName } : {}), ...(o.contactName ? { contactName: o.contactName } : {}), ...(o.note ? { note: o.note } : {}) };
  const inq = await f.io.spin(f.t('送信中…', 'Sending…'), () => client.inquiries.stopPaperMail(o.kind, body));
  printInquiry(f, inq);
}
