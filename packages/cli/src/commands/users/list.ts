import { Command } from 'commander';
import type { Role } from '@mypage/api';
import type { Factory } from '../../factory.js';
import { printList } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { roleLabel } from './print.js';

export interface ListOptions extends Terminal {
  client: ClientFactory;
}

export function newListCommand(f: Factory, run: (o: ListOptions) => Promise<void> = listRun): Command {
  const cmd = new Command('list').alias('ls').description('Accounts of your billing group: email, name, role, notification').action(async () => run({ ...f.terminal(), client: f.clientFactory() }));
  return examples(cmd, ['$ mypage users list', '$ mypage users list --json']);
}

export async function listRun(o: ListOptions): Promise<void> {
  const client = await o.client();
  const users = await o.io.spin(o.t('ユーザを取得中…', 'Fetching users…'), () => client.users.list());
  await printList(o.io, users, [
    { header: 'ID', get: (u) => u.id },
    { header: o.t('アクセスID', 'Access ID'), get: (u) => u.accessId },
    { header: o.t('メールアドレス', 'Email'), get: (u) => u.email },
    { header: o.t('ユーザ名', 'Name'), get: (u) => u.name, truncate: true },
    { header: o.t('ユーザ種別', 'Role'), get: (u) => roleLabel(o, u.role) },
    { header: o.t('メール通知', 'Notify'), get: (u) => (u.notify ? o.t('あり', 'yes') : o.t('なし', 'no')) },
    { header: o.t('状態', 'Status'), get: (u) => (u.status === 'active' ? o.t('有効', 'active') : o.t('仮登録', 'pending')) },
  ], users, { empty: o.t('ユーザはいません。', 'No users.') });
}
