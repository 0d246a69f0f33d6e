import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { contractNumberCheck, need, postalCodeCheck } from '../../input.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { done } from './done.js';

export interface EmailOptions extends Terminal {
  client: ClientFactory;
  contract?: string;
  postalCode?: string;
  name?: string;
}

export function newEmailCommand(f: Factory, run: (o: EmailOptions) => Promise<void> = emailRun): Command {
  const cmd = new Command('email')
    .description('Forgot the registered email: verify contract number, postal code and name; the answer says whom to contact')
    .option('--contract <number>', '契約番号')
    .option('--postal-code <code>', '郵便番号')
    .option('--name <name>', 'お客様名')
    .action(async (o: { contract?: string; postalCode?: string; name?: string }) => run({ ...f.terminal(), client: f.anonymousClientFactory(), ...o }));
  return examples(cmd, ['$ mypage recover email --contract CAF0000000001 --postal-code 534-0024 --name "日本 太郎"']);
}

export async function emailRun(o: EmailOptions): Promise<void> {
  const contractNumber = await need(o, { value: o.contract, flag: '--contract', labelJa: '契約番号', labelEn: 'Contract number', check: await contractNumberCheck() });
  const postalCode = await need(o, { value: o.postalCode, flag: '--postal-code', labelJa: '郵便番号', labelEn: 'Postal code', check: await postalCodeCheck() });
  const customerName = await need(o, { value: o.name, flag: '--name', labelJa: 'お客様名', labelEn: 'Customer name' });
  const client = await o.client();
  done(o, await o.io.spin(o.t('確認中…', 'Checking…'), () => client.recovery.email({ contractNumber, postalCode, customerName })), 'Your contract was confirmed. The registered email address cannot be shown here: to check or change it, contact the billing desk of 日本メディアシステム (info-mediahikari@n-media.co.jp, 9:00–17:30 JST, except weekends, holidays and the summer and winter breaks).');
}
