import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { need } from '../../input.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { printInquiry } from './print.js';

export interface SendOptions extends Terminal {
  client: ClientFactory;
  category?: string;
  subject?: string;
  body?: string;
}

export function newSendCommand(f: Factory, run: (o: SendOptions) => Promise<void> = sendRun): Command {
  const cmd = new Command('send')
    .description('Send an inquiry: category, subject, optional body')
    .option('--category <id>', 'category id (see `mypage inquiry send --help`; e.g. call-records, other)')
    .option('--subject <text>', '件名')
    .option('--body <text>', '内容 (optional)')
    .action(async (o: { category?: string; subject?: string; body?: string }) => run({ ...f.terminal(), client: f.clientFactory(), ...o }));
  return examples(cmd, ['$ mypage inquiry send                       # prompts for category, subject and body', '$ mypage inquiry send --category other --subject "請求書について" --body "…" --json']);
}

export async function sendRun(o: SendOptions): Promise<void> {
  const client = await o.client();
  let category = o.category;
  if (!category && o.io.canPrompt()) {
    const categories = await o.io.spin(o.t('種別を取得中…', 'Fetching categories…'), () => client.inquiries.categories());
    const p = await o.io.prompts();
    category = await p.select({ message: o.t('種別', 'Category'), choices: categories.map((c) => ({ name: `${c.label} (${c.id})`, value: c.id })) });
  }
  category = await need(o, { value: category, flag: '--category', labelJa: '種別', labelEn: 'Category' });
  const subject = await need(o, { value: o.subject, flag: '--subject', labelJa: '件名', labelEn: 'Subject' });
  let body = o.body;
  if (body === undefined && o.io.canPrompt()) body = await (await o.io.prompts()).input({ message: o.t('内容（任意）', 'Body (optional)') });
  const c = category;
  const inq = await o.io.spin(o.t('送信中…', 'Sending…'), () => client.inquiries.send({ category: c, subject, ...(body ? { body } : {}) }));
  printInquiry(o, inq);
}
