import { Command } from 'commander';
import { DEFAULT_PROFILE } from '../../config.js';
import type { Factory } from '../../factory.js';
import { printList } from '../../output/print.js';
import { examples } from '../help.js';
import type { Terminal } from '../../cmdutil.js';
import type { ConfigStore } from '../../config.js';

export interface ListOptions extends Terminal {
  config: () => Promise<ConfigStore>;
}

export function newListCommand(f: Factory, run: (o: ListOptions) => Promise<void> = listRun): Command {
  const cmd = new Command('list').alias('ls').description('List profiles').action(async () => run({ ...f.terminal(), config: () => f.config() }));
  return examples(cmd, ['$ mypage profiles list', '$ mypage profiles list --json']);
}

export async function listRun(o: ListOptions): Promise<void> {
  const config = await o.config();
  const current = config.currentProfile ?? DEFAULT_PROFILE;
  const rows = Object.entries(config.profiles())
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, p]) => ({ name, current: name === current, server: p.server ?? null, accessId: p.accessId ?? null, storage: p.storage ?? null }));
  await printList(o.io, rows, [
    { header: '', get: (r) => (r.current ? '*' : '') },
    { header: o.t('プロファイル', 'Profile'), get: (r) => r.name },
    { header: o.t('サーバー', 'Server'), get: (r) => r.server },
    { header: o.t('アクセスID', 'Access ID'), get: (r) => r.accessId },
    { header: o.t('保存先', 'Storage'), get: (r) => r.storage },
  ], rows, { empty: o.t('プロファイルはありません（mypage login で作成）。', 'No profiles (mypage login creates one).') });
}
