import { Argument, Command } from 'commander';
import { CliError, ExitCode, usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printJson } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

export interface RemoveOptions extends Terminal {
  client: ClientFactory;
  id: string;
  yes: boolean;
}

export function newRemoveCommand(f: Factory, run: (o: RemoveOptions) => Promise<void> = removeRun): Command {
  const cmd = new Command('remove')
    .alias('rm')
    .description('Delete an account (asks for confirmation; --yes to skip it)')
    .addArgument(new Argument('<id>', 'user id'))
    .option('-y, --yes', 'do not ask for confirmation', false)
    .action(async (id: string, o: { yes: boolean }) => run({ ...f.terminal(), client: f.clientFactory(), id, yes: o.yes }));
  return examples(cmd, ['$ mypage users remove usr_123', '$ mypage users remove usr_123 --yes --json']);
}

export async function removeRun(o: RemoveOptions): Promise<void> {
  if (!o.yes) {
    if (!o.io.canPrompt()) {
      throw usageError('削除の確認ができません: --yes を指定してください。', 'Refusing to delete without confirmation: pass --yes (no terminal to ask on).');
    }
    const p = await o.io.prompts();
    const ok = await p.confirm({ message: o.t(`ユーザ ${o.id} を削除しますか？`, `Delete user ${o.id}?`), default: false });
    if (!ok) throw new CliError('CANCELLED', '中止しました。', 'Cancelled.', ExitCode.error);
  }
  const client = await o.client();
  await o.io.spin(o.t('削除中…', 'Deleting…'), () => client.users.delete(o.id));
  if (o.io.json) return printJson(o.io, { removed: o.id });
  o.io.info(o.t(`✓ ユーザ ${o.id} を削除しました`, `✓ Removed user ${o.id}`));
}
