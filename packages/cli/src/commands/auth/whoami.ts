import { Command } from 'commander';
import type { Factory } from '../../factory.js';
import { printFields } from '../../output/print.js';
import { formatJst, formatRemaining } from '../../time.js';
import { envCredentials, type Loaded } from '../../session.js';
import { examples } from '../help.js';
import type { ClientFactory, Clock, Terminal } from '../../cmdutil.js';

export interface WhoamiOptions extends Terminal {
  /** the profile and what its store holds (never logs in) */
  loadProfile: () => Promise<Loaded>;
  serverUrl: () => Promise<string>;
  /** a client without a session: whoami asks with the saved one and never logs in */
  client: ClientFactory;
  env: NodeJS.ProcessEnv;
  now: Clock;
}

export function newWhoamiCommand(f: Factory, run: (o: WhoamiOptions) => Promise<void> = whoamiRun): Command {
  const cmd = new Command('whoami')
    .description('Show the profile, where its credentials are stored, and how long the session has left')
    .action(async () => run({ ...f.terminal(), loadProfile: () => f.session().load(), serverUrl: () => f.serverUrl(), client: f.anonymousClientFactory(), env: f.env, now: f.now }));
  return examples(cmd, ['$ mypage whoami', '$ mypage --profile office whoami --json']);
}

export async function whoamiRun(o: WhoamiOptions): Promise<void> {
  const loaded = await o.loadProfile();
  const server = await o.serverUrl();
  const env = envCredentials(o.env);
  const storage = env ? 'env' : loaded.store && loaded.stored ? loaded.store.kind : 'none';
  const storedIn = env
    ? o.t('環境変数 (MYPAGE_ACCESS_ID / MYPAGE_PASSWORD)', 'environment (MYPAGE_ACCESS_ID / MYPAGE_PASSWORD)')
    : loaded.store && loaded.stored
      ? loaded.store.describe()
      : loaded.storeProblem
        ? o.t(`読み取れません: ${loaded.storeProblem}`, `unreadable: ${loaded.storeProblem}`)
        : o.t('なし（mypage login でログインしてください）', 'none (run mypage login)');
  const accessId = env?.accessId ?? loaded.stored?.accessId ?? loaded.profile?.accessId ?? null;

  let session: { active: boolean; expiresAt: string | null; remainingSeconds: number } = { active: false, expiresAt: null, remainingSeconds: 0 };
  let user: { name: string; email: string; role: string; customerNumber: string } | null = null;
  const saved = loaded.stored?.session;
  if (saved && (!env || env.accessId === loaded.stored?.accessId)) {
    // ask the server (the saved expiry may be stale: the session slides); never log in from here
    const client = await o.client();
    client.setSession(saved);
    try {
      const me = await o.io.spin(o.t('確認中…', 'Checking…'), () => client.me());
      const remaining = new Date(me.session.expiresAt).getTime() - o.now().getTime();
      session = { active: remaining > 0, expiresAt: me.session.expiresAt, remainingSeconds: Math.max(0, Math.floor(remaining / 1000)) };
      user = { name: me.user.name, email: me.user.email, role: me.user.role, customerNumber: me.billingGroup.customerNumber };
      // keep the slid expiry
      await loaded.store?.set(loaded.name, { ...loaded.stored!, session: { token: saved.token, expiresAt: me.session.expiresAt } });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'SESSION_EXPIRED' && code !== 'AUTH_REQUIRED') throw err;
    }
  }

  const json = { profile: loaded.name, server, accessId, storage, storedIn, session, user };
  const sessionText = session.active
    ? o.t(`有効（${formatJst(session.expiresAt!)} まで、残り ${formatRemaining(session.remainingSeconds * 1000, 'ja')}）`, `active until ${formatJst(session.expiresAt!)} (${formatRemaining(session.remainingSeconds * 1000, 'en')} left)`)
    : o.t('なし（次のコマンドでログインが必要です）', 'none (the next command needs a login)');
  await printFields(
    o.io,
    [
      [o.t('プロファイル', 'Profile'), loaded.name],
      [o.t('サーバー', 'Server'), server],
      [o.t('アクセスID', 'Access ID'), accessId ?? '-'],
      ...(user
        ? ([
            [o.t('ユーザ名', 'User'), `${user.name} <${user.email}>`],
            [o.t('ユーザ種別', 'Role'), user.role === 'admin' ? o.t('管理者', 'admin') : o.t('一般', 'general')],
            [o.t('お客様番号', 'Customer number'), user.customerNumber],
          ] as [string, string][])
        : []),
      [o.t('認証情報の保存先', 'Credentials'), storedIn],
      [o.t('セッション', 'Session'), sessionText],
    ],
    json,
  );
}
