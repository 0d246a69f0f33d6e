import { Command } from 'commander';
import type { Mail } from '@mypage/api';
import { CliError, ExitCode } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printJson, printList } from '../../output/print.js';
import { visible } from '../../output/visible.js';
import { formatJst } from '../../time.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

/*
 * `mypage dev mail [<id>]` — the mails a dev-mode server "sent" (D-4): registration (URL, access ID,
 * temporary password), password reset, login OTP, receipts. Without an id: the list, oldest first
 * (`--to` one address); with an id, or `--last`, one mail whole. Text from the server is printed
 * with its control characters made visible.
 */

export interface MailOptions extends Terminal {
  client: ClientFactory;
  id?: string;
  to?: string;
  /** show the newest mail (to `--to`) instead of the list */
  last: boolean;
}

export function newMailCommand(f: Factory, run: (o: MailOptions) => Promise<void> = mailRun): Command {
  const cmd = new Command('mail')
    .description('List the mails of a dev-mode server (registration, password reset, OTP, …) or show one')
    .argument('[id]', 'a mail to show whole (the ID column of the list)')
    .option('--to <email>', 'only mails to this address')
    .option('--last', 'show the newest mail (to --to) instead of listing', false)
    .action(async (id: string | undefined, o: { to?: string; last: boolean }) =>
      run({ ...f.terminal(), client: f.anonymousClientFactory(), ...(id ? { id } : {}), ...(o.to ? { to: o.to } : {}), last: o.last }),
    );
  return examples(cmd, [
    '$ mypage dev mail                               # every mail, oldest first',
    '$ mypage dev mail --to hanako@example.jp --last # e.g. the registration mail: URL, access ID, temporary password',
    '$ mypage dev mail mail-000003',
  ]);
}

export async function mailRun(o: MailOptions): Promise<void> {
  const client = await o.client();
  if (o.id) return showMail(o, await o.io.spin(o.t('メールを取得中…', 'Fetching the mail…'), () => client.dev.mail(o.id!)));
  const mails = await o.io.spin(o.t('メールを取得中…', 'Fetching the mails…'), () => client.dev.mailbox(o.to ? { to: o.to } : {}));
  if (o.last) {
    const newest = mails.at(-1);
    if (!newest) throw noMail(o);
    return showMail(o, newest);
  }
  if (mails.length === 0 && !o.io.json) {
    o.io.info(o.t(`メールはありません${o.to ? `（${o.to} 宛）` : ''}。`, `No mails${o.to ? ` to ${o.to}` : ''} in the dev mailbox.`));
    return;
  }
  await printList(o.io, mails, [
    { header: 'ID', get: (m) => m.id },
    { header: o.t('送信日時', 'Sent'), get: (m) => formatJst(m.sentAt) },
    { header: o.t('宛先', 'To'), get: (m) => m.to },
    { header: o.t('件名', 'Subject'), get: (m) => m.subject },
  ]);
}

function noMail(o: MailOptions): CliError {
  return new CliError('MAIL_NOT_FOUND', `メールはありません${o.to ? `（${o.to} 宛）` : ''}。`, `No mails${o.to ? ` to ${o.to}` : ''} in the dev mailbox.`, ExitCode.notFound);
}

function showMail(o: Terminal, m: Mail): void {
  if (o.io.json) return printJson(o.io, m);
  const head = [
    [o.t('差出人', 'From'), m.from],
    [o.t('宛先', 'To'), m.to],
    [o.t('送信日時', 'Date'), formatJst(m.sentAt)],
    [o.t('件名', 'Subject'), m.subject],
  ];
  o.io.out(`${head.map(([k, v]) => `${k}: ${visible(v!, false)}`).join('\n')}\n\n${visible(m.text).replace(/\n$/, '')}`);
}
