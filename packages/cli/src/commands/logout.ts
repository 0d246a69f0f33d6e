import { Command } from 'commander';
import type { Factory } from '../factory.js';
import { envCredentials } from '../session.js';
import { printJson } from '../output/print.js';
import { examples } from './help.js';

export interface LogoutOptions {
  f: Factory;
  keepCredentials: boolean;
}

export function newLogoutCommand(f: Factory, run: (o: LogoutOptions) => Promise<void> = logoutRun): Command {
  const cmd = new Command('logout')
    .description('End the session (R-LOGIN-3) and forget the stored credentials of the profile')
    .option('--keep-credentials', 'end the session but keep access ID and password for the next login', false)
    .action(async (o: { keepCredentials: boolean }) => run({ f, keepCredentials: o.keepCredentials }));
  return examples(cmd, ['$ mypage logout', '$ mypage --profile office logout --keep-credentials']);
}

export async function logoutRun(o: LogoutOptions): Promise<void> {
  const { f } = o;
  const sessions = f.session();
  const loaded = await sessions.load();
  let ended = false;
  const saved = loaded.stored?.session;
  if (saved) {
    // the saved session only: logging out must never trigger a new login
    const client = await f.anonymousClient();
    client.setSession(saved);
    try {
      await f.io.spin(f.t('ログアウト中…', 'Logging out…'), () => client.auth.logout());
      ended = true;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'SESSION_EXPIRED' && code !== 'AUTH_REQUIRED') throw err;
    }
  }
  // D-14: the session a CI job kept in MYPAGE_SESSION_FILE ends too, and the file goes
  const file = sessions.sessionFile();
  const env = envCredentials(f.env);
  if (file) {
    const kept = env ? (await file.read(await f.serverUrl(), env.accessId)).session : null;
    if (kept) {
      const client = await f.anonymousClient();
      client.setSession(kept);
      try {
        await f.io.spin(f.t('ログアウト中…', 'Logging out…'), () => client.auth.logout());
        ended = true;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code !== 'SESSION_EXPIRED' && code !== 'AUTH_REQUIRED') throw err;
      }
    }
    await file.clear();
  }
  let forgotten = false;
  if (loaded.store && loaded.stored) {
    if (o.keepCredentials) await loaded.store.set(loaded.name, { ...loaded.stored, session: null });
    else forgotten = await loaded.store.delete(loaded.name);
  }
  if (!o.keepCredentials && loaded.profile) {
    const config = await f.config();
    const { storage: _storage, ...rest } = loaded.profile;
    config.setProfile(loaded.name, rest);
    await config.save();
  }
  if (f.io.json) return printJson(f.io, { profile: loaded.name, sessionEnded: ended, credentialsForgotten: forgotten });
  f.io.info(
    f.t(
      `✓ ログアウトしました（プロファイル ${loaded.name}${forgotten ? '、保存した認証情報を削除しました' : ''}）`,
      `✓ Logged out (profile ${loaded.name}${forgotten ? '; stored credentials removed' : ''})`,
    ),
  );
}
