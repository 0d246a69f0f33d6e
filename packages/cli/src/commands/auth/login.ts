import { Command } from 'commander';
import { KeychainUnavailableError } from '../../credentials/keychain.js';
import type { CredentialStore, StoredCredentials } from '../../credentials/types.js';
import { CliError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { need, readStdin } from '../../input.js';
import { printJson } from '../../output/print.js';
import { envCredentials, type LoginCredentials, type SessionManager } from '../../session.js';
import type { Profile, StorageKind } from '../../config.js';
import type { FileStore } from '../../credentials/file.js';
import { examples } from '../help.js';
import { formatJst } from '../../time.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';
import type { ConfigStore } from '../../config.js';

export interface LoginOptions extends Terminal {
  /** a client without a session (the login makes one) */
  client: ClientFactory;
  env: NodeJS.ProcessEnv;
  config: () => Promise<ConfigStore>;
  profile: () => Promise<{ name: string; profile: Profile | undefined }>;
  serverUrl: () => Promise<string>;
  /** `--server` / MYPAGE_SERVER, when given: kept in the profile */
  explicitServer?: string;
  keychain: () => CredentialStore;
  fileStore: () => FileStore;
  /** the run's session: logs in (OTP from the one resolver) and keeps the result for this run */
  sessions: () => Pick<SessionManager, 'login' | 'adopt'>;
  accessId?: string;
  passwordStdin: boolean;
  insecureStorage: boolean;
}

export function newLoginCommand(f: Factory, run: (o: LoginOptions) => Promise<void> = loginRun): Command {
  const cmd = new Command('login')
    .description('Log in: access ID + password, then the one-time password mailed to you')
    .option('--access-id <id>', 'access ID (env MYPAGE_ACCESS_ID)')
    .option('--password-stdin', 'read the password from stdin (env MYPAGE_PASSWORD)', false)
    .option('--insecure-storage', 'keep credentials in a file readable only by you when no OS keychain exists', false)
    .action(async (o: { accessId?: string; passwordStdin: boolean; insecureStorage: boolean }) =>
      run({
        ...f.terminal(),
        client: f.anonymousClientFactory(),
        env: f.env,
        config: () => f.config(),
        profile: () => f.profile(),
        serverUrl: () => f.serverUrl(),
        ...(explicitServer(f) ? { explicitServer: explicitServer(f)! } : {}),
        keychain: () => f.keychain(),
        fileStore: () => f.fileStore(),
        sessions: () => f.session(),
        ...(o.accessId ? { accessId: o.accessId } : {}), passwordStdin: o.passwordStdin, insecureStorage: o.insecureStorage }),
    );
  return examples(cmd, [
    '$ mypage login                                  # prompts for access ID, password and OTP',
    '$ mypage --profile office login --access-id m95au6',
    '$ MYPAGE_ACCESS_ID=m95au6 MYPAGE_PASSWORD=… mypage login --otp-command "mypage dev otp --email taro@example.jp"',
    '$ mypage login --insecure-storage               # no keychain (container): 0600 file in the config dir',
  ]);
}

const explicitServer = (f: Factory): string | undefined => f.explicitServer();

function noKeychainError(file: string, reason: string): CliError {
  return new CliError(
    'KEYCHAIN_UNAVAILABLE',
    `OS のキーチェーンを利用できないため、認証情報を保存できません（${reason}）。--insecure-storage を付けると本人だけが読めるファイル（${file}）に保存します。または環境変数 MYPAGE_ACCESS_ID・MYPAGE_PASSWORD・MYPAGE_OTP_COMMAND で渡してください。`,
    `No OS keychain is available to keep your credentials (${reason}). Pass --insecure-storage to keep them in a file only you can read (${file}), or pass them by environment: MYPAGE_ACCESS_ID, MYPAGE_PASSWORD and MYPAGE_OTP_COMMAND.`,
  );
}

export async function loginRun(o: LoginOptions): Promise<void> {
  const { name, profile } = await o.profile();
  const serverUrl = await o.serverUrl();
  const fromEnv = envCredentials(o.env);

  // 1. Where the credentials will live — decided before any OTP is spent.
  let store: CredentialStore | null = null;
  let storage: StorageKind;
  let previous: StoredCredentials | null = null;
  if (o.insecureStorage) {
    store = o.fileStore();
    storage = 'file';
    previous = await store.get(name);
  } else {
    try {
      previous = await o.io.spin(o.t('キーチェーンを確認中…', 'Checking the keychain…'), async () => {
        await o.keychain().probe?.();
        return o.keychain().get(name);
      });
      store = o.keychain();
      storage = 'keychain';
    } catch (err) {
      if (!(err instanceof KeychainUnavailableError)) throw err;
      if (!fromEnv) throw noKeychainError(o.fileStore().file, err.reason);
      storage = 'env';
      o.io.warn(
        o.t(
          `注意: キーチェーンがないため、認証情報は環境変数から読み、セッションは保存しません（${err.reason}）。`,
          `note: no keychain (${err.reason}); credentials come from the environment and the session is not kept between runs.`,
        ),
      );
    }
  }
  if (storage === 'file') {
    o.io.warn(
      o.t(
        `警告: 認証情報を暗号化せずにファイルに保存します（${o.fileStore().file}、本人のみ読み取り可）。`,
        `warning: storing credentials unencrypted in ${o.fileStore().file} (readable only by you).`,
      ),
    );
  }

  // 2. The credentials: flags, environment, what is stored, or prompts.
  const accessId = (
    await need(o, {
      value: o.accessId ?? fromEnv?.accessId ?? o.env.MYPAGE_ACCESS_ID ?? profile?.accessId ?? previous?.accessId,
      flag: '--access-id',
      env: 'MYPAGE_ACCESS_ID',
      labelJa: 'アクセスID',
      labelEn: 'Access ID',
      auth: true,
    })
  ).trim();
  let password: string;
  let source: LoginCredentials['source'];
  if (o.passwordStdin) {
    password = await readStdin(o);
    source = 'flags';
  } else if (o.env.MYPAGE_PASSWORD) {
    password = o.env.MYPAGE_PASSWORD;
    source = 'env';
  } else if (previous && previous.accessId === accessId && !o.io.canPrompt()) {
    password = previous.password;
    source = storage === 'file' ? 'file' : 'keychain';
  } else {
    password = await need(o, { value: undefined, flag: '--password-stdin', env: 'MYPAGE_PASSWORD', labelJa: 'パスワード', labelEn: 'Password', secret: true, auth: true });
    source = 'prompt';
  }

  // 3. Log in (the OTP comes from --otp, MYPAGE_OTP, --otp-command or a prompt).
  const client = await o.client();
  const sessions = o.sessions();
  const session = await sessions.login(client, { accessId, password });

  // 4. Keep them.
  const stored: StoredCredentials = { accessId, password, session };
  if (store) await store.set(name, stored);
  const config = await o.config();
    config.setProfile(name, { ...profile, server: o.explicitServer ?? profile?.server ?? serverUrl, accessId, storage });
  if (!config.currentProfile) config.setCurrent(name);
  await config.save();
  sessions.adopt(client, { accessId, password, source }, stored, store);

  const where = store ? store.describe() : o.t('環境変数（保存しない）', 'environment (not stored)');
  if (o.io.json) {
    printJson(o.io, { profile: name, server: serverUrl, accessId, storage, storedIn: where, session: { expiresAt: session.expiresAt } });
    return;
  }
  o.io.info(
    o.t(
      `✓ ${accessId} としてログインしました（プロファイル ${name}、保存先: ${where}、セッション有効期限 ${formatJst(session.expiresAt)}）`,
      `✓ Logged in as ${accessId} (profile ${name}, credentials in ${where}, session until ${formatJst(session.expiresAt)})`,
    ),
  );
}
