import { Command } from 'commander';
import { CliError, ExitCode } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { printJson } from '../../output/print.js';
import { examples } from '../help.js';
import type { Terminal } from '../../cmdutil.js';
import type { ConfigStore, Profile } from '../../config.js';
import type { CredentialStore } from '../../credentials/types.js';

export interface RemoveOptions extends Terminal {
  config: () => Promise<ConfigStore>;
  /** the credential store a profile's `storage` names */
  storeFor: (profile: Profile | undefined) => CredentialStore | null;
  name: string;
}

export function newRemoveCommand(f: Factory, run: (o: RemoveOptions) => Promise<void> = removeRun): Command {
  const cmd = new Command('remove')
    .alias('rm')
    .description('Remove a profile and its stored credentials')
    .argument('<name>', 'profile name')
    .action(async (name: string) => run({ ...f.terminal(), config: () => f.config(), storeFor: (p) => f.storeFor(p), name }));
  return examples(cmd, ['$ mypage profiles remove old']);
}

export async function removeRun(o: RemoveOptions): Promise<void> {
  const { name } = o;
  const config = await o.config();
  const profile = config.profile(name);
  if (!profile) throw new CliError('PROFILE_NOT_FOUND', `プロファイル ${name} はありません。`, `No profile named ${name}.`, ExitCode.notFound);
  const store = o.storeFor(profile);
  let credentialsRemoved = false;
  if (store) {
    try {
      credentialsRemoved = await store.delete(name);
    } catch (err) {
      o.io.warn(o.t(`警告: 認証情報を削除できませんでした（${(err as Error).message}）`, `warning: could not remove the stored credentials (${(err as Error).message})`));
    }
  }
  config.removeProfile(name);
  await config.save();
  if (o.io.json) return printJson(o.io, { removed: name, credentialsRemoved });
  o.io.info(o.t(`✓ プロファイル ${name} を削除しました`, `✓ Removed profile ${name}`));
}
