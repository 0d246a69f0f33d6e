import { Command } from 'commander';
import { isValidProfileName } from '../../config.js';
import { CliError, ExitCode, usageError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printJson } from '../../output/print.js';
import { examples } from '../help.js';
import type { Terminal } from '../../cmdutil.js';
import type { ConfigStore } from '../../config.js';

export interface UseOptions extends Terminal {
  config: () => Promise<ConfigStore>;
  name: string;
}

export function newUseCommand(f: Factory, run: (o: UseOptions) => Promise<void> = useRun): Command {
  const cmd = new Command('use')
    .description('Make a profile the current one')
    .argument('<name>', 'profile name')
    .action(async (name: string) => run({ ...f.terminal(), config: () => f.config(), name }));
  return examples(cmd, ['$ mypage profiles use office']);
}

export async function useRun(o: UseOptions): Promise<void> {
  const { name } = o;
  if (!isValidProfileName(name)) throw usageError(`プロファイル名が正しくありません: ${name}`, `Invalid profile name: ${name}`);
  const config = await o.config();
  if (!config.profile(name)) {
    throw new CliError('PROFILE_NOT_FOUND', `プロファイル ${name} はありません。`, `No profile named ${name} (create it with: mypage --profile ${name} login).`, ExitCode.notFound);
  }
  config.setCurrent(name);
  await config.save();
  if (o.io.json) return printJson(o.io, { currentProfile: name });
  o.io.info(o.t(`✓ 現在のプロファイル: ${name}`, `✓ Current profile: ${name}`));
}
