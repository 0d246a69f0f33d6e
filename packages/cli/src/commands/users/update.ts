import { Command } from 'commander';
import type { Role, UserUpdate } from '@mypage/api';
import { usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { printUser, roleOption } from './print.js';

export interface UpdateOptions extends Terminal {
  client: ClientFactory;
  id: string;
  patch: UserUpdate;
}

export function newUpdateCommand(f: Factory, run: (o: UpdateOptions) => Promise<void> = updateRun): Command {
  const cmd = new Command('update')
    .description('Update an account: email, name, role, notification')
    .argument('<id>', 'user id (see `mypage users list`)')
    .option('--email <email>', 'メールアドレス')
    .option('--name <name>', 'ユーザ名')
    .addOption(roleOption())
    .option('--notify', 'mail notification on')
    .option('--no-notify', 'mail notification off')
    .action(async (id: string, o: { email?: string; name?: string; role?: Role; notify?: boolean }) => {
      const patch: UserUpdate = { ...(o.email ? { email: o.email } : {}), ...(o.name ? { name: o.name } : {}), ...(o.role ? { role: o.role } : {}), ...(o.notify !== undefined ? { notify: o.notify } : {}) };
      if (Object.keys(patch).length === 0) throw usageError('変更する項目を指定してください（--email, --name, --role, --notify/--no-notify）。', 'Nothing to change: pass --email, --name, --role or --notify/--no-notify.');
      return run({ ...f.terminal(), client: f.clientFactory(), id, patch });
    });
  return examples(cmd, ['$ mypage users update usr_123 --role admin', '$ mypage users update usr_123 --no-notify --json']);
}

export async function updateRun(o: UpdateOptions): Promise<void> {
  const client = await o.client();
  const user = await o.io.spin(o.t('更新中…', 'Updating…'), () => client.users.update(o.id, o.patch));
  printUser(o, user, '更新', 'updated');
}
