import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { printList } from '../../output/print.js';
import { formatJst } from '../../time.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

export interface ListOptions extends Terminal {
  client: ClientFactory;
}

export function newListCommand(f: Factory, run: (o: ListOptions) => Promise<void> = listRun): Command {
  const cmd = new Command('list').alias('ls').description('Inquiries sent by your billing group, newest first').action(async () => run({ ...f.terminal(), client: f.clientFactory() }));
  return examples(cmd, ['$ mypage inquiry list', '$ mypage inquiry list --json']);
}

export async function listRun(o: ListOptions): Promise<void> {
  const client = await o.client();
  const items = await o.io.spin(o.t('お問い合わせを取得中…', 'Fetching inquiries…'), () => client.inquiries.list());
  await printList(o.io, items, [
    { header: 'ID', get: (i) => i.id },
    { header: o.t('送信日時', 'Sent'), get: (i) => formatJst(i.createdAt).replace(/ JST$/, '') },
    { header: o.t('種別', 'Category'), get: (i) => i.categoryLabel },
    { header: o.t('件名', 'Subject'), get: (i) => i.subject, truncate: true },
    { header: o.t('状態', 'Status'), get: (i) => (i.status === 'resolved' ? o.t('対応済み', 'resolved') : o.t('受付', 'received')) },
    { header: o.t('適用開始', 'From'), get: (i) => i.effectiveFrom },
  ], items, { empty: o.t('お問い合わせはありません。', 'No inquiries.') });
}
