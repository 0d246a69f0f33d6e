import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { need } from '../../input.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { printInquiry } from './print.js';

export interface RequestCallRecordsOptions extends Terminal {
  client: ClientFactory;
  customerName?: string;
  contactName?: string;
  note?: string;
}

export function newRequestCallRecordsCommand(f: Factory, run: (o: RequestCallRecordsOptions) => Promise<void> = requestCallRecordsRun): Command {
  const cmd = new Command('request-call-records')
    .description('Apply for call records: category 通話明細記録について, subject 通話明細記録の希望; records start the month after')
    .option('--customer-name <name>', '顧客名 (契約者名)')
    .option('--contact-name <name>', 'ご担当者名')
    .option('--note <text>', 'extra text for the body')
    .action(async (o: { customerName?: string; contactName?: string; note?: string }) => run({ ...f.terminal(), client: f.clientFactory(), ...o }));
  return examples(cmd, ['$ mypage inquiry request-call-records --customer-name "日本 太郎" --contact-name "日本 花子"']);
}

export async function requestCallRecordsRun(o: RequestCallRecordsOptions): Promise<void> {
  const customerName = await need(o, { value: o.customerName, flag: '--customer-name', labelJa: '顧客名', labelEn: 'Customer name' });
  const contactName = await need(o, { value: o.contactName, flag: '--contact-name', labelJa: 'ご担当者名', labelEn: 'Contact name' });
  const client = await o.client();
  const inq = await o.io.spin(o.t('送信中…', 'Sending…'), () => client.inquiries.requestCallRecords({ customerName, contactName, ...(o.note ? { note: o.note } : {}) }));
  printInquiry(o, inq);
}
