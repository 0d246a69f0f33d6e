import { Command } from 'commander';
import type { Role, User, UserUpdate } from '@mypage/api';
import { usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { bothLanguages, checks } from '../../input.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { printUser, roleLabel, roleOption } from './print.js';
import { describeUser, resolveUser } from './resolve.js';

export interface UpdateOptions extends Terminal {
  client: ClientFactory;
  /** the user: ID (`usr_…`), email or access ID */
  user: string;
  /** the flags given; empty: ask at a terminal what to change */
  patch: UserUpdate;
}

const FLAGS = '--email, --name, --role general|admin, --notify / --no-notify';

export function newUpdateCommand(f: Factory, run: (o: UpdateOptions) => Promise<void> = updateRun): Command {
  const cmd = new Command('update')
    .description('Update an account: email, name, role, notification (no flags: asks at a terminal what to change)')
    .argument('<user>', 'the user: ID (usr_…), email or access ID (see `mypage users list`)')
    .option('--email <email>', 'メールアドレス')
    .option('--name <name>', 'ユーザ名')
    .addOption(roleOption())
    .option('--notify', 'mail notification on')
    .option('--no-notify', 'mail notification off')
    .action(async (user: string, o: { email?: string; name?: string; role?: Role; notify?: boolean }) => {
      const patch: UserUpdate = { ...(o.email ? { email: o.email } : {}), ...(o.name ? { name: o.name } : {}), ...(o.role ? { role: o.role } : {}), ...(o.notify !== undefined ? { notify: o.notify } : {}) };
      return run({ ...f.terminal(), client: f.clientFactory(), user, patch });
    });
  return examples(cmd, [
    '$ mypage users update hanako@example.jp --role admin',
    '$ mypage users update hn42kq --no-notify --json',
    '$ mypage users update usr_123                 # at a terminal: asks what to change',
  ]);
}

export async function updateRun(o: UpdateOptions): Promise<void> {
  let patch = o.patch;
  if (Object.keys(patch).length === 0 && !o.io.canPrompt()) {
    throw usageError(`変更する項目を指定してください: ${FLAGS}（端末がないため入力を求められません）。`, `Nothing to change: pass ${FLAGS} (no terminal to ask on).`);
  }
  const client = await o.client();
  const user = await resolveUser(o, client, o.user);
  if (Object.keys(patch).length === 0) {
    patch = await askChanges(o, user);
    if (Object.keys(patch).length === 0) {
      o.io.info(o.t(`変更はありません: ${describeUser(o, user)}`, `Nothing changed: ${describeUser(o, user)}`));
      return;
    }
  }
  const p = patch;
  const updated = await o.io.spin(o.t('更新中…', 'Updating…'), () => client.users.update(user.id, p));
  printUser(o, updated, '更新', 'updated');
}

/** R-USER-2 at a terminal: each field with its current value as the default; only what changed is sent. */
async function askChanges(o: Terminal, user: User): Promise<UserUpdate> {
  const p = await o.io.prompts();
  const check = await checks();
  const { textProblem } = await import('@mypage/api');
  o.io.info(o.t(`${describeUser(o, user)} — Enter で現在の値のままにします。`, `${describeUser(o, user)} — press Enter to keep a value.`));
  const email = await p.input({
    message: o.t('メールアドレス', 'Email'),
    default: user.email,
    validate: (v) => {
      const problem = check.email(v);
      return problem ? bothLanguages(o, problem) : true;
    },
  });
  const name = await p.input({
    message: o.t('ユーザ名', 'Name'),
    default: user.name,
    // UserCreateSchema: one line of plain text, 1–50 characters
    validate: (v) => {
      const t = v.trim();
      if (t === '') return bothLanguages(o, ['ユーザ名を入力してください。', 'name is required']);
      if (t.length > 50) return bothLanguages(o, ['ユーザ名は50文字以内で入力してください。', 'name must be at most 50 characters']);
      if (textProblem(v) !== null) return bothLanguages(o, ['ユーザ名に使用できない文字（制御文字など）が含まれています。', 'name must not contain control characters']);
      return true;
    },
  });
  const others = (['general', 'admin'] as const).filter((r) => r !== user.role);
  const role = await p.select<Role>({
    message: o.t('ユーザ種別', 'Role'),
    choices: [user.role, ...others].map((r) => ({ name: r === user.role ? o.t(`${roleLabel(o, r)}（現在）`, `${roleLabel(o, r)} (current)`) : roleLabel(o, r), value: r })),
  });
  const notify = await p.confirm({ message: o.t('メール通知しますか', 'Mail notifications?'), default: user.notify });
  return {
    ...(email.trim() !== user.email ? { email: email.trim() } : {}),
    ...(name.trim() !== user.name ? { name: name.trim() } : {}),
    ...(role !== user.role ? { role } : {}),
    ...(notify !== user.notify ? { notify } : {}),
  };
}
