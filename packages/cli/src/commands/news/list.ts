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
  const cmd = new Command('list').alias('ls').description('お知らせ, newest first').action(async () => run({ ...f.terminal(), client: f.clientFactory() }));
  return examples(cmd, ['$ mypage news list', '$ mypage news list --json']);
}

export async function listRun(o: ListOptions): Promise<void> {
  const client = await o.client();
  const items = await o.io.spin(o.t('お知らせを取得中…', 'Fetching news…'), () => client.news.list());
  // a terminal that reports its width gets the body cut to fit; one that does not, its first 60 characters
  const cut = o.io.isTableOutput() && o.io.terminalWidth() === undefined;
  await printList(
    o.io,
    items,
    [
      { header: o.t('掲載日時', 'Published'), get: (n) => formatJst(n.publishedAt).replace(/ JST$/, '') },
      { header: o.t('タイトル', 'Title'), get: (n) => n.title, truncate: true },
      { header: o.t('内容', 'Body'), get: (n) => (cut && n.body.length > 60 ? `${n.body.slice(0, 60)}…` : n.body), truncate: true },
    ],
    items,
    { empty: o.t('お知らせはありません。', 'No news.') },
  );
}
