import { Command } from 'commander';
import type { Factory } from '../factory.js';
import { printList } from '../output/print.js';
import { formatJst } from '../time.js';
import { examples } from './help.js';

/* `mypage news list` — お知らせ on the home screen (R-HOME-1). */

export interface NewsListOptions {
  f: Factory;
}

export function newNewsCommand(f: Factory): Command {
  const cmd = new Command('news').description('Notices from the provider (お知らせ)');
  cmd.addCommand(newNewsListCommand(f));
  return examples(cmd, ['$ mypage news list']);
}

export function newNewsListCommand(f: Factory, run: (o: NewsListOptions) => Promise<void> = newsListRun): Command {
  const cmd = new Command('list').alias('ls').description('お知らせ, newest first').action(async () => run({ f }));
  return examples(cmd, ['$ mypage news list', '$ mypage news list --json']);
}

export async function newsListRun(o: NewsListOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  const items = await f.io.spin(f.t('お知らせを取得中…', 'Fetching news…'), () => client.news.list());
  await printList(f.io, items, [
    { header: f.t('掲載日時', 'Published'), get: (n) => formatJst(n.publishedAt).replace(/ JST$/, '') },
    { header: f.t('タイトル', 'Title'), get: (n) => n.title },
    { header: f.t('内容', 'Body'), get: (n) => (f.io.isTableOutput() && n.body.length > 60 ? `${n.body.slice(0, 60)}…` : n.body) },
  ]);
}
