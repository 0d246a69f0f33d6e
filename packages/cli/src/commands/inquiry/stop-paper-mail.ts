import { Command, Argument } from 'commander';
import type { Factory } from '../../factory.js';
import { need } from '../../input.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { printInquiry } from './print.js';

export interface StopPaperMailOptions extends Terminal {
  client: ClientFactory;
  kind: 'opening-notice' | 'direct-debit';
  customerName?: string;
  contactName?: string;
  note?: string;
}

export function newStopPaperMailCommand(f: Factory, run: (o: StopPaperMailOptions) => Promise<void> = stopPaperMailRun): Command {
  const cmd = new Command('stop-paper-mail')
    .description('Stop paper mailing of opening notices or direct-debit notices (not general invoices); PDFs stay downloadable')
    .addArgument(new Argument('<kind>', 'opening-notice (開通案内) or direct-debit (口座振替案内書)').choices(['opening-notice', 'direct-debit']))
    .option('--customer-name <name>', 'お客様名 for the body (asked at a terminal)')
    .option('--contact-name <name>', 'ご担当者名 for the body (asked at a terminal)')
    .option('--note <text>', 'extra text for the body')
    .action(async (kind: 'opening-notice' | 'direct-debit', o: { customerName?: string; contactName?: string; note?: string }) => run({ ...f.terminal(), client: f.clientFactory(), kind, ...o }));
  return examples(cmd, [
    '$ mypage inquiry stop-paper-mail opening-notice --customer-name "日本 太郎" --contact-name "日本 花子"',
    '$ mypage inquiry stop-paper-mail direct-debit     # asks for お客様名 and ご担当者名 at a terminal',
  ]);
}

export async function stopPaperMailRun(o: StopPaperMailOptions): Promise<void> {
  const client = await o.client();
  // the guide's body names both (as request-call-records does): asked at a terminal, flags otherwise
  const customerName = await need(o, { value: o.customerName, flag: '--customer-name', labelJa: 'お客様名', labelEn: 'Customer name' });
  const contactName = await need(o, { value: o.contactName, flag: '--contact-name', labelJa: 'ご担当者名', labelEn: 'Contact name' });
  const body = { customerName, contactName, ...(o.note ? { note: o.note } : {}) };
  const inq = await o.io.spin(o.t('送信中…', 'Sending…'), () => client.inquiries.stopPaperMail(o.kind, body));
  printInquiry(o, inq);
}
