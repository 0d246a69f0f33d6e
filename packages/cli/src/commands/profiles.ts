import { Command } from 'commander';
import { DEFAULT_PROFILE, isValidProfileName } from '../config.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import type { Factory } from '../factory.js';
import { printJson, printList } from '../output/print.js';
import { examples } from './help.js';

/* `mypage profiles list|use|remove` — several logins side by side (R-CON-2 decision). */

export interface ProfilesListOptions {
  f: Factory;
}
export interface ProfilesUseOptions {
  f: Factory;
  name: string;
}
export interface ProfilesRemoveOptions {
  f: Factory;
  name: string;
}

export function newProfilesCommand(f: Factory): Command {
  const cmd = new Command('profiles').description('Named logins (one per billing group), each with its own server and credentials');
  cmd.addCommand(newProfilesListCommand(f));
  cmd.addCommand(newProfilesUseCommand(f));
  cmd.addCommand(newProfilesRemoveCommand(f));
  return examples(cmd, ['$ mypage profiles list', '$ mypage profiles use office', '$ mypage profiles remove old']);
}

export function newProfilesListCommand(f: Factory, run: (o: ProfilesListOptions) => Promise<void> = profilesListRun): Command {
  const cmd = new Command('list').alias('ls').description('List profiles').action(async () => run({ f }));
  return examples(cmd, ['$ mypage profiles list', '$ mypage profiles list --json']);
}

export async function profilesListRun(o: ProfilesListOptions): Promise<void> {
  const { f } = o;
  const config = await f.config();
  const current = config.currentProfile ?? DEFAULT_PROFILE;
  const rows = Object.entries(config.profiles())
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, p]) => ({ name, current: name === current, server: p.server ?? null, accessId: p.accessId ?? null, storage: p.storage ?? null }));
  await printList(f.io, rows, [
    { header: '', get: (r) => (r.current ? '*' : '') },
    { header: f.t('プロファイル', 'Profile'), get: (r) => r.name },
    { header: f.t('サーバー', 'Server'), get: (r) => r.server },
    { header: f.t('アクセスID', 'Access ID'), get: (r) => r.accessId },
    { header: f.t('保存先', 'Storage'), get: (r) => r.storage },
  ]);
}

export function newProfilesUseCommand(f: Factory, run: (o: ProfilesUseOptions) => Promise<void> = profilesUseRun): Command {
  const cmd = new Command('use')
    .description('Make a profile the current one')
    .argument('<name>', 'profile name')
    .action(async (name: string) => run({ f, name }));
  return examples(cmd, ['$ mypage profiles use office']);
}

export async function profilesUseRun(o: ProfilesUseOptions): Promise<void> {
  const { f, name } = o;
  if (!isValidProfileName(name)) throw usageError(`プロファイル名が正しくありません: ${name}`, `Invalid profile name: ${name}`);
  const config = await f.config();
  if (!config.profile(name)) {
    throw new CliError('PROFILE_NOT_FOUND', `プロファイル ${name} はありません。`, `No profile named ${name} (create it with: mypage --profile ${name} login).`, ExitCode.notFound);
  }
  config.setCurrent(name);
  await config.save();
  if (f.io.json) return printJson(f.io, { currentProfile: name });
  f.io.info(f.t(`✓ 現在のプロファイル: ${name}`, `✓ Current profile: ${name}`));
}

export function newProfilesRemoveCommand(f: Factory, run: (o: ProfilesRemoveOptions) => Promise<void> = profilesRemoveRun): Command {
  const cmd = new Command('remove')
    .alias('rm')
    .description('Remove a profile and its stored credentials')
    .argument('<name>', 'profile name')
    .action(async (name: string) => run({ f, name }));
  return examples(cmd, ['$ mypage profiles remove old']);
}

export async function profilesRemoveRun(o: ProfilesRemoveOptions): Promise<void> {
  const { f, name } = o;
  const config = await f.config();
  const profile = config.profile(name);
  if (!profile) throw new CliError('PROFILE_NOT_FOUND', `プロファイル ${name} はありません。`, `No profile named ${name}.`, ExitCode.notFound);
  const store = f.session().storeFor(profile);
  let credentialsRemoved = false;
  if (store) {
    try {
      credentialsRemoved = await store.delete(name);
    } catch (err) {
      f.io.warn(f.t(`警告: 認証情報を削除できませんでした（${(err as Error).message}）`, `warning: could not remove the stored credentials (${(err as Error).message})`));
    }
  }
  config.removeProfile(name);
  await config.save();
  if (f.io.json) return printJson(f.io, { removed: name, credentialsRemoved });
  f.io.info(f.t(`✓ プロファイル ${name} を削除しました`, `✓ Removed profile ${name}`));
}
