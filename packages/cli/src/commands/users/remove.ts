import { Argument, Command } from 'commander';
import { CliError, ExitCode, usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printJson } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import { describeUser, resolveUser } from './resolve.js';

export interface RemoveOptions extends Terminal {
  client: ClientFactory;
  /** the user: ID (`usr_…`), email or access ID */
  user: string;
  yes: boolean;
}

export function newRemoveCommand(f: Factory, run: (o: RemoveOptions) => Promise<void> = removeRun): Command {
  const cmd = new Command('remove')
    .alias('rm')
    .description('Delete an account (asks for confirmation, naming the user; --yes to skip it)')
    .addArgument(new Argument('<user>', 'the user: ID (usr_…), email or access ID'))
    .option('-y, --yes', 'do not ask for confirmation', false)
    .action(async (user: string, o: { yes: boolean }) => run({ ...f.terminal(), client: f.clientFactory(), user, yes: o.yes }));
  return examples(cmd, ['$ mypage users remove hanako@example.jp', '$ mypage users remove hn42kq --yes --json', '$ mypage users remove usr_123']);
}

export async function removeRun(o: RemoveOptions): Promise<void> {
  if (!o.yes && !o.io.canPrompt()) {
    throw usageError('削除の確認ができません: --yes を指定してください。', 'Refusing to delete without confirmation: pass --yes (no terminal to ask on).');
  }
  const client = await o.client();
  const user = await resolveUser(o, client, o.user);
  if (!o.yes) {
    const p = await o.io.prompts();
    const ok = await p.confirm({ message: o.t(`ユーザ ${describeUser(o, user)} を削除しますか？`, `Delete user ${describeUser(o, user)}?`), default: false });
    if (!ok) throw new CliError('CANCELLED', '中止しました。', 'Cancelled.', ExitCode.error);
  }
  await o.io.spin(o.t('削除中…', 'Deleting…'), () => client.users.delete(user.id));
  if (o.io.json) return printJson(o.io, { removed: user.id });
  o.io.info(o.t(`✓ ユーザを削除しました: ${describeUser(o, user)}`, `✓ Removed user ${describeUser(o, user)}`));
}
