import { Command } from 'commander';
import type { CredentialStore } from '../../credentials/types.js';
import { usageError } from '../../errors.js';
import { DEFAULT_SERVER } from '../../config.js';
import { sameServer, type Factory } from '../../factory.js';
import { newPassword, readStdin } from '../../input.js';
import { printJson } from '../../output/print.js';
import type { LoginCredentials } from '../../session.js';
import { examples } from '../help.js';
import type { ClientFactory, Terminal } from '../../cmdutil.js';

/*
 * `mypage password`: a signed-in user changes their own password (the portal's own change, beside
 * login/logout/whoami; a forgotten password is `recover password`). The current password is asked
 * again (a stolen session alone cannot change it; a wrong one counts toward the lock like a
 * login's). The new one is checked against R-FMT-2 as it is typed. The server ends every session
 * of the account and answers a new one, so this profile stays signed in; its stored password is
 * replaced, and the person is told what happened to the other sessions and to MYPAGE_PASSWORD.
 */

export interface PasswordOptions extends Terminal {
  /** the profile's session client (logs in first if the session has ended) */
  client: ClientFactory;
  env: NodeJS.ProcessEnv;
  profileName: () => Promise<string>;
  /** whose password it is and where the run's credentials come from (null: none) */
  credentials: () => Promise<Pick<LoginCredentials, 'accessId' | 'source'> | null>;
  /** keeps the new password (and the new session) in the profile's store; null when it keeps none */
  rememberPassword: (password: string) => Promise<CredentialStore | null>;
  /** the other profiles of this server that store credentials, with their store */
  otherProfiles: () => Promise<{ name: string; store: CredentialStore }[]>;
  passwordStdin: boolean;
}

export function newPasswordCommand(f: Factory, run: (o: PasswordOptions) => Promise<void> = passwordRun): Command {
  const cmd = new Command('password')
    .description('Change your password (asks for the current one); forgot it? `mypage recover password`')
    .option('--password-stdin', 'read two lines from stdin: the current password, then the new one (env MYPAGE_PASSWORD / MYPAGE_NEW_PASSWORD)', false)
    .action(async (o: { passwordStdin: boolean }) =>
      run({
        ...f.terminal(),
        client: f.clientFactory(),
        env: f.env,
        profileName: async () => (await f.profile()).name,
        credentials: () => f.session().credentials(),
        rememberPassword: (password) => f.session().replaceStoredPassword(password),
        otherProfiles: async () => {
          const [{ name }, config, server] = await Promise.all([f.profile(), f.config(), f.serverUrl()]);
          return Object.entries(config.profiles()).flatMap(([other, p]) => {
            const store = f.storeFor(p);
            return other !== name && store && sameServer(p.server ?? DEFAULT_SERVER, server) ? [{ name: other, store }] : [];
          });
        },
        passwordStdin: o.passwordStdin,
      }),
    );
  return examples(cmd, [
    '$ mypage password                               # current password, then the new one twice (masked)',
    "$ printf '%s\\n%s\\n' \"$OLD\" \"$NEW\" | mypage password --password-stdin",
    '$ MYPAGE_PASSWORD=… MYPAGE_NEW_PASSWORD=… mypage password --json',
  ]);
}

async function passwordsFromStdin(o: PasswordOptions): Promise<{ current: string; next: string }> {
  const lines = (await readStdin(o)).split(/\r?\n/);
  if (lines.length !== 2 || !lines[0] || !lines[1]) {
    throw usageError(
      '--password-stdin は2行を読みます: 1行目に現在のパスワード、2行目に新しいパスワード。',
      '--password-stdin reads two lines: the current password, then the new one.',
    );
  }
  return { current: lines[0], next: lines[1] };
}

async function passwordsFromPromptOrEnv(o: PasswordOptions): Promise<{ current: string; next: string }> {
  let current = o.env.MYPAGE_PASSWORD || undefined;
  let next = o.env.MYPAGE_NEW_PASSWORD || undefined;
  if ((!current || !next) && !o.io.canPrompt()) {
    throw usageError(
      'パスワードが指定されていません: --password-stdin（1行目に現在の、2行目に新しいパスワード）か、MYPAGE_PASSWORD と MYPAGE_NEW_PASSWORD を指定してください（端末がないため入力を求められません）。',
      'Missing passwords: pass --password-stdin (the current password, then the new one, one a line) or set MYPAGE_PASSWORD and MYPAGE_NEW_PASSWORD (no terminal to prompt on).',
    );
  }
  const p = await o.io.prompts();
  const required = (v: string) => v !== '' || o.t('入力してください', 'Required');
  current ??= await p.password({ message: o.t('現在のパスワード', 'Current password'), validate: required });
  // the new one twice, checked as it is typed (R-FMT-2, the portal's reason): the same prompt as
  // `recover reset` and `register complete`
  next ??= await newPassword(o, { env: 'MYPAGE_NEW_PASSWORD' });
  return { current, next };
}

export async function passwordRun(o: PasswordOptions): Promise<void> {
  // signed in first (a login now, if the session has ended), so nobody types passwords for nothing
  const client = await o.client();
  await o.io.spin(o.t('確認中…', 'Checking…'), () => client.auth.session());
  const { current, next } = o.passwordStdin ? await passwordsFromStdin(o) : await passwordsFromPromptOrEnv(o);
  const { newPasswordProblem } = await import('@mypage/api');
  const problem = newPasswordProblem(next);
  if (problem) throw usageError(`新しいパスワード: ${problem[0]}`, `New password: ${problem[1]}`);

  const session = await o.io.spin(o.t('変更中…', 'Changing the password…'), () => client.auth.changePassword({ currentPassword: current, newPassword: next }));
  const creds = await o.credentials();
  const profile = await o.profileName();
  let store: CredentialStore | null = null;
  let storeFailure: string | undefined;
  try {
    store = await o.rememberPassword(next);
  } catch (err) {
    storeFailure = err instanceof Error ? err.message : String(err);
  }
  const others = creds ? await updateOtherProfiles(o, creds.accessId, next) : [];

  if (storeFailure) {
    o.io.warn(
      o.t(
        `警告: 保存済みの認証情報を更新できませんでした（${storeFailure}）。\`mypage login\` で新しいパスワードでログインし直してください。`,
        `warning: the stored credentials could not be updated (${storeFailure}); log in with the new password: \`mypage login\`.`,
      ),
    );
  }
  if (creds?.source === 'env') {
    o.io.warn(
      o.t(
        'MYPAGE_PASSWORD には古いパスワードが入っています。CI のシークレットなどを新しいパスワードに更新してください。',
        'MYPAGE_PASSWORD still holds the old password: update it (a CI secret, for instance) to the new one.',
      ),
    );
  }
  if (o.io.json) {
    return printJson(o.io, {
      changed: true,
      profile,
      accessId: creds?.accessId ?? null,
      otherSessionsEnded: true,
      session: { expiresAt: session.expiresAt },
      credentials: creds?.source ?? 'none',
      credentialsUpdated: store !== null,
      otherProfilesUpdated: others,
    });
  }
  o.io.info(
    o.t(
      '✓ パスワードを変更しました。このアカウントのほかのセッション（ほかの端末、ブラウザーのマイページ）はすべて終了しました。このプロファイルは新しいセッションのまま使えます。',
      '✓ Password changed. Every other session of this account has ended (other terminals, the portal in a browser); this profile carries on with a new session.',
    ),
  );
  if (store) {
    o.io.info(o.t(`プロファイル ${profile} の保存済みパスワードを新しいものに更新しました（${store.describe()}）。`, `The stored password of profile ${profile} is now the new one (${store.describe()}).`));
  }
  if (others.length) {
    const list = others.join(', ');
    o.io.info(
      o.t(
        `同じアカウントのプロファイル ${list} の保存済みパスワードも更新しました（セッションは終了したため、次のコマンドでワンタイムパスワードによるログインが必要です）。`,
        `Profiles ${list} of the same account store the new password too (their sessions have ended: their next command logs in with a one-time password).`,
      ),
    );
  }
}

/**
 * Other profiles of this server that store this account's password would try the old one at their
 * next login, and each try counts toward the lock: they get the new password (their sessions have
 * ended with the change). A store that cannot be written is left to the refused-password path.
 */
async function updateOtherProfiles(o: PasswordOptions, accessId: string, password: string): Promise<string[]> {
  const updated: string[] = [];
  for (const p of await o.otherProfiles()) {
    try {
      const stored = await p.store.get(p.name);
      if (!stored || stored.accessId !== accessId) continue;
      await p.store.set(p.name, { ...stored, password, session: null });
      updated.push(p.name);
    } catch {
      // unreadable or unwritable: its next login is refused and it forgets the old password
    }
  }
  return updated;
}
