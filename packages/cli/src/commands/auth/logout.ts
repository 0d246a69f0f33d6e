import { Command } from 'commander';
import type { StoredSession } from '@mypage/sdk';
import type { Factory } from '../../factory.js';
import { printJson } from '../../output/print.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import type { ConfigStore } from '../../config.js';
import type { JobSession, Loaded } from '../../session.js';

export interface LogoutOptions extends Terminal {
  /** the profile and what its store holds (never logs in) */
  loadProfile: () => Promise<Loaded>;
  /** a client without a session: logging out must never trigger a new login */
  client: ClientFactory;
  config: () => Promise<ConfigStore>;
  /** the CI job's session kept in MYPAGE_SESSION_FILE (D-14), or null when none is set */
  jobSession: () => Promise<JobSession | null>;
  keepCredentials: boolean;
}

export function newLogoutCommand(f: Factory, run: (o: LogoutOptions) => Promise<void> = logoutRun): Command {
  const cmd = new Command('logout')
    .description('End the session and forget the stored credentials of the profile')
    .option('--keep-credentials', 'end the session but keep access ID and password for the next login', false)
    .action(async (o: { keepCredentials: boolean }) => run({ ...f.terminal(), loadProfile: () => f.session().load(), client: f.anonymousClientFactory(), config: () => f.config(), jobSession: () => f.session().jobSession(), keepCredentials: o.keepCredentials }));
  return examples(cmd, ['$ mypage logout', '$ mypage --profile office logout --keep-credentials']);
}

export async function logoutRun(o: LogoutOptions): Promise<void> {
  const loaded = await o.loadProfile();
  let ended = false;
  /** End one session on the server (an already expired one is fine); true when the server ended it. */
  const end = async (session: StoredSession): Promise<boolean> => {
    // that session only: logging out must never trigger a new login
    const client = await o.client();
    client.setSession(session);
    try {
      await o.io.spin(o.t('ログアウト中…', 'Logging out…'), () => client.auth.logout());
      return true;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'SESSION_EXPIRED' && code !== 'AUTH_REQUIRED') throw err;
      return false;
    }
  };
  const saved = loaded.stored?.session;
  if (saved && (await end(saved))) ended = true;
  // D-14: the session a CI job kept in its session file ends too, and the file goes
  const job = await o.jobSession();
  if (job) {
    const kept = await job.read();
    if (kept && (await end(kept))) ended = true;
    await job.clear();
  }
  let forgotten = false;
  if (loaded.store && loaded.stored) {
    if (o.keepCredentials) await loaded.store.set(loaded.name, { ...loaded.stored, session: null });
    else forgotten = await loaded.store.delete(loaded.name);
  }
  if (!o.keepCredentials && loaded.profile) {
    const config = await o.config();
    const { storage: _storage, ...rest } = loaded.profile;
    config.setProfile(loaded.name, rest);
    await config.save();
  }
  if (o.io.json) return printJson(o.io, { profile: loaded.name, sessionEnded: ended, credentialsForgotten: forgotten });
  o.io.info(
    o.t(
      `✓ ログアウトしました（プロファイル ${loaded.name}${forgotten ? '、保存した認証情報を削除しました' : ''}）`,
      `✓ Logged out (profile ${loaded.name}${forgotten ? '; stored credentials removed' : ''})`,
    ),
  );
}
