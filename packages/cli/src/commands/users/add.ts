import { Command } from 'commander';
import type { Role } from '@mypage/api';
import { usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { need } from '../../input.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { printUser, roleOption } from './print.js';

export interface AddOptions extends Terminal {
  client: ClientFactory;
  email?: string;
  name?: string;
  role?: Role;
  notify?: boolean;
}

export function newAddCommand(f: Factory, run: (o: AddOptions) => Promise<void> = addRun): Command {
  const cmd = new Command('add')
    .description('Create an account; it gets a temporary password by mail')
    .option('--email <email>', 'メールアドレス')
    .option('--name <name>', 'ユーザ名')
    .addOption(roleOption())
    .option('--notify', 'mail notification on (メール通知あり)')
    .option('--no-notify', 'mail notification off')
    .action(async (o: { email?: string; name?: string; role?: Role; notify?: boolean }) => run({ ...f.terminal(), client: f.clientFactory(), ...o }));
  return examples(cmd, ['$ mypage users add                          # prompts for the fields', '$ mypage users add --email hanako@example.jp --name "日本 花子" --role general --no-notify --json']);
}

export async function addRun(o: AddOptions): Promise<void> {
  const email = await need(o, { value: o.email, flag: '--email', labelJa: 'メールアドレス', labelEn: 'Email' });
  const name = await need(o, { value: o.name, flag: '--name', labelJa: 'ユーザ名', labelEn: 'Name' });
  let role = o.role;
  let notify = o.notify;
  if ((role === undefined || notify === undefined) && o.io.canPrompt()) {
    const p = await o.io.prompts();
    role ??= await p.select<Role>({ message: o.t('ユーザ種別', 'Role'), choices: [{ name: o.t('一般', 'general'), value: 'general' }, { name: o.t('管理者', 'admin'), value: 'admin' }] });
    notify ??= await p.confirm({ message: o.t('メール通知しますか', 'Mail notifications?'), default: true });
  }
  if (role === undefined) throw usageError('ユーザ種別が指定されていません: --role general|admin を指定してください。', 'Missing role: pass --role general or --role admin.');
  if (notify === undefined) throw usageError('メール通知が指定されていません: --notify または --no-notify を指定してください。', 'Missing notification setting: pass --notify or --no-notify.');
  const client = await o.client();
  const r = role;
  const n = notify;
  const user = await o.io.spin(o.t('作成中…', 'Creating…'), () => client.users.create({ email, name, role: r, notify: n }));
  printUser(o, user, '作成', 'created');
}
