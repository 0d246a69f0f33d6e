import { Argument, Command, Option } from 'commander';
import type { Role, UserUpdate } from '@mypage/api';
import { CliError, ExitCode, usageError } from '../errors.js';
import type { Factory } from '../factory.js';
import { need } from '../input.js';
import { printJson, printList } from '../output/print.js';
import { examples } from './help.js';
import type { User } from '@mypage/api';

/* `mypage users list|add|update|remove` — ユーザ管理, admins only (R-USER-1..4). */

export interface UsersListOptions {
  f: Factory;
}
export interface UsersAddOptions {
  f: Factory;
  email?: string;
  name?: string;
  role?: Role;
  notify?: boolean;
}
export interface UsersUpdateOptions {
  f: Factory;
  id: string;
  patch: UserUpdate;
}
export interface UsersRemoveOptions {
  f: Factory;
  id: string;
  yes: boolean;
}

export function newUsersCommand(f: Factory): Command {
  const cmd = new Command('users').description('User management (ユーザ管理) — admins only');
  cmd.addCommand(newUsersListCommand(f));
  cmd.addCommand(newUsersAddCommand(f));
  cmd.addCommand(newUsersUpdateCommand(f));
  cmd.addCommand(newUsersRemoveCommand(f));
  return examples(cmd, [
    '$ mypage users list',
    '$ mypage users add --email hanako@example.jp --name "日本 花子" --role general --notify',
    '$ mypage users update usr_123 --role admin',
    '$ mypage users remove usr_123',
  ]);
}

const roleLabel = (f: Factory, r: Role) => (r === 'admin' ? f.t('管理者', 'admin') : f.t('一般', 'general'));

function printUser(f: Factory, u: User, verbJa: string, verbEn: string): void {
  if (f.io.json) return printJson(f.io, u);
  f.io.info(f.t(`✓ ユーザを${verbJa}しました: ${u.name} <${u.email}>（${u.id}、${roleLabel(f, u.role)}）`, `✓ User ${verbEn}: ${u.name} <${u.email}> (${u.id}, ${u.role})`));
  if (!f.io.isStdoutTTY) f.io.out(u.id);
}

export function newUsersListCommand(f: Factory, run: (o: UsersListOptions) => Promise<void> = usersListRun): Command {
  const cmd = new Command('list').alias('ls').description('Accounts of your billing group: email, name, role, notification (R-USER-2)').action(async () => run({ f }));
  return examples(cmd, ['$ mypage users list', '$ mypage users list --json']);
}

export async function usersListRun(o: UsersListOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  const users = await f.io.spin(f.t('ユーザを取得中…', 'Fetching users…'), () => client.users.list());
  await printList(f.io, users, [
    { header: 'ID', get: (u) => u.id },
    { header: f.t('アクセスID', 'Access ID'), get: (u) => u.accessId },
    { header: f.t('メールアドレス', 'Email'), get: (u) => u.email },
    { header: f.t('ユーザ名', 'Name'), get: (u) => u.name },
    { header: f.t('ユーザ種別', 'Role'), get: (u) => roleLabel(f, u.role) },
    { header: f.t('メール通知', 'Notify'), get: (u) => (u.notify ? f.t('あり', 'yes') : f.t('なし', 'no')) },
    { header: f.t('状態', 'Status'), get: (u) => (u.status === 'active' ? f.t('有効', 'active') : f.t('仮登録', 'pending')) },
  ]);
}

const roleOption = () => new Option('--role <role>', 'general (一般) or admin (管理者)').choices(['general', 'admin']);

export function newUsersAddCommand(f: Factory, run: (o: UsersAddOptions) => Promise<void> = usersAddRun): Command {
  const cmd = new Command('add')
    .description('Create an account; it gets a temporary password by mail (R-USER-1)')
    .option('--email <email>', 'メールアドレス')
    .option('--name <name>', 'ユーザ名')
    .addOption(roleOption())
    .option('--notify', 'mail notification on (メール通知あり)')
    .option('--no-notify', 'mail notification off')
    .action(async (o: { email?: string; name?: string; role?: Role; notify?: boolean }) => run({ f, ...o }));
  return examples(cmd, ['$ mypage users add                          # prompts for the fields', '$ mypage users add --email hanako@example.jp --name "日本 花子" --role general --no-notify --json']);
}

export async function usersAddRun(o: UsersAddOptions): Promise<void> {
  const { f } = o;
  const email = await need(f, { value: o.email, flag: '--email', labelJa: 'メールアドレス', labelEn: 'Email' });
  const name = await need(f, { value: o.name, flag: '--name', labelJa: 'ユーザ名', labelEn: 'Name' });
  let role = o.role;
  let notify = o.notify;
  if ((role === undefined || notify === undefined) && f.io.canPrompt()) {
    const p = await f.io.prompts();
    role ??= await p.select<Role>({ message: f.t('ユーザ種別', 'Role'), choices: [{ name: f.t('一般', 'general'), value: 'general' }, { name: f.t('管理者', 'admin'), value: 'admin' }] });
    notify ??= await p.confirm({ message: f.t('メール通知しますか', 'Mail notifications?'), default: true });
  }
  if (role === undefined) throw usageError('ユーザ種別が指定されていません: --role general|admin を指定してください。', 'Missing role: pass --role general or --role admin.');
  if (notify === undefined) throw usageError('メール通知が指定されていません: --notify または --no-notify を指定してください。', 'Missing notification setting: pass --notify or --no-notify.');
  const client = await f.client();
  const r = role;
  const n = notify;
  const user = await f.io.spin(f.t('作成中…', 'Creating…'), () => client.users.create({ email, name, role: r, notify: n }));
  printUser(f, user, '作成', 'created');
}

export function newUsersUpdateCommand(f: Factory, run: (o: UsersUpdateOptions) => Promise<void> = usersUpdateRun): Command {
  const cmd = new Command('update')
    .description('Update an account: email, name, role, notification (R-USER-2)')
    .argument('<id>', 'user id (see `mypage users list`)')
    .option('--email <email>', 'メールアドレス')
    .option('--name <name>', 'ユーザ名')
    .addOption(roleOption())
    .option('--notify', 'mail notification on')
    .option('--no-notify', 'mail notification off')
    .action(async (id: string, o: { email?: string; name?: string; role?: Role; notify?: boolean }) => {
      const patch: UserUpdate = { ...(o.email ? { email: o.email } : {}), ...(o.name ? { name: o.name } : {}), ...(o.role ? { role: o.role } : {}), ...(o.notify !== undefined ? { notify: o.notify } : {}) };
      if (Object.keys(patch).length === 0) throw usageError('変更する項目を指定してください（--email, --name, --role, --notify/--no-notify）。', 'Nothing to change: pass --email, --name, --role or --notify/--no-notify.');
      return run({ f, id, patch });
    });
  return examples(cmd, ['$ mypage users update usr_123 --role admin', '$ mypage users update usr_123 --no-notify --json']);
}

export async function usersUpdateRun(o: UsersUpdateOptions): Promise<void> {
  const { f } = o;
  const client = await f.client();
  const user = await f.io.spin(f.t('更新中…', 'Updating…'), () => client.users.update(o.id, o.patch));
  printUser(f, user, '更新', 'updated');
}

export function newUsersRemoveCommand(f: Factory, run: (o: UsersRemoveOptions) => Promise<void> = usersRemoveRun): Command {
  const cmd = new Command('remove')
    .alias('rm')
    .description('Delete an account (asks for confirmation; --yes to skip it)')
    .addArgument(new Argument('<id>', 'user id'))
    .option('-y, --yes', 'do not ask for confirmation', false)
    .action(async (id: string, o: { yes: boolean }) => run({ f, id, yes: o.yes }));
  return examples(cmd, ['$ mypage users remove usr_123', '$ mypage users remove usr_123 --yes --json']);
}

export async function usersRemoveRun(o: UsersRemoveOptions): Promise<void> {
  const { f } = o;
  if (!o.yes) {
    if (!f.io.canPrompt()) {
      throw usageError('削除の確認ができません: --yes を指定してください。', 'Refusing to delete without confirmation: pass --yes (no terminal to ask on).');
    }
    const p = await f.io.prompts();
    const ok = await p.confirm({ message: f.t(`ユーザ ${o.id} を削除しますか？`, `Delete user ${o.id}?`), default: false });
    if (!ok) throw new CliError('CANCELLED', '中止しました。', 'Cancelled.', ExitCode.error);
  }
  const client = await f.client();
  await f.io.spin(f.t('削除中…', 'Deleting…'), () => client.users.delete(o.id));
  if (f.io.json) return printJson(f.io, { removed: o.id });
  f.io.info(f.t(`✓ ユーザ ${o.id} を削除しました`, `✓ Removed user ${o.id}`));
}
