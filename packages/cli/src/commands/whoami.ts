import { Command } from 'commander';
import type { Factory } from '../factory.js';
import { printFields } from '../output/print.js';
import { formatJst, formatRemaining } from '../time.js';
import { envCredentials } from '../session.js';
import { examples } from './help.js';

export interface WhoamiOptions {
  f: Factory;
}

export function newWhoamiCommand(f: Factory, run: (o: WhoamiOptions) => Promise<void> = whoamiRun): Command {
  const cmd = new Command('whoami')
    .description('Show the profile, where its credentials are stored, and how long the session has left')
    .action(async () => run({ f }));
  return examples(cmd, ['$ mypage whoami', '$ mypage --profile office whoami --json']);
}

export async function whoamiRun(o: WhoamiOptions): Promise<void> {
  const { f } = o;
  const loaded = await f.session().load();
  const server = await f.serverUrl();
  const env = envCredentials(f.env);
  const storage = env ? 'env' : loaded.store && loaded.stored ? loaded.store.kind : 'none';
  const storedIn = env
    ? f.t('環境変数 (MYPAGE_ACCESS_ID / MYPAGE_PASSWORD)', 'environment (MYPAGE_ACCESS_ID / MYPAGE_PASSWORD)')
    : loaded.store && loaded.stored
      ? loaded.store.describe()
      : loaded.storeProblem
        ? f.t(`読み取れません: ${loaded.storeProblem}`, `unreadable: ${loaded.storeProblem}`)
        : f.t('なし（mypage login でログインしてください）', 'none (run mypage login)');
  const accessId = env?.accessId ?? loaded.stored?.accessId ?? loaded.profile?.accessId ?? null;

  let session: { active: boolean; expiresAt: string | null; remainingSeconds: number } = { active: false, expiresAt: null, remainingSeconds: 0 };
  let user: { name: string; email: string; role: string; customerNumber: string } | null = null;
  const saved = loaded.stored?.session;
  if (saved && (!env || env.accessId === loaded.stored?.accessId)) {
    // ask the server (the saved expiry may be stale: the session slides); never log in from here
    const client = await f.anonymousClient();
    client.setSession(saved);
    try {
      const me = await f.io.spin(f.t('確認中…', 'Checking…'), () => client.me());
      const remaining = new Date(me.session.expiresAt).getTime() - f.now().getTime();
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
    ? f.t(`有効（${formatJst(session.expiresAt!)} まで、残り ${formatRemaining(session.remainingSeconds * 1000, 'ja')}）`, `active until ${formatJst(session.expiresAt!)} (${formatRemaining(session.remainingSeconds * 1000, 'en')} left)`)
    : f.t('なし（次のコマンドでログインが必要です）', 'none (the next command needs a login)');
  await printFields(
    f.io,
    [
      [f.t('プロファイル', 'Profile'), loaded.name],
      [f.t('サーバー', 'Server'), server],
      [f.t('アクセスID', 'Access ID'), accessId ?? '-'],
      ...(user
        ? ([
            [f.t('ユーザ名', 'User'), `${user.name} <${user.email}>`],
            [f.t('ユーザ種別', 'Role'), user.role === 'admin' ? f.t('管理者', 'admin') : f.t('一般', 'general')],
            [f.t('お客様番号', 'Customer number'), user.customerNumber],
          ] as [string, string][])
        : []),
      [f.t('認証情報の保存先', 'Credentials'), storedIn],
      [f.t('セッション', 'Session'), sessionText],
    ],
    json,
  );
}
