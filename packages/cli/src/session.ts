import type { MyPageClient, SessionExpiredError } from '@mypage/sdk';
import type { CaptchaInfo } from '@mypage/api';
import type { Profile } from './config.js';
import { KeychainUnavailableError } from './credentials/keychain.js';
import { SessionFile } from './credentials/session-file.js';
import type { CredentialStore, StoredCredentials, StoredSession } from './credentials/types.js';
import type { Clock, Translate } from './cmdutil.js';
import { CliError, ExitCode } from './errors.js';
import type { IOStreams } from './iostreams.js';
import { otpMissingError, type OtpSource } from './otp/sources.js';

/*
 * The profile's credentials and session for one run: the saved session is reused (no new OTP
 * within the idle window, R-LOGIN-4); when the server says SESSION_EXPIRED / AUTH_REQUIRED, the
 * SDK's onSessionExpired hook logs in again the same way (env or stored credentials + OTP source).
 * With environment credentials (CI) the session is kept in MYPAGE_SESSION_FILE when set (D-14),
 * so the next command of the job reuses it instead of spending another OTP mail.
 */

/** What the session needs from the run (the Factory provides it; session.ts never imports it). */
export interface SessionHost {
  io: IOStreams;
  env: NodeJS.ProcessEnv;
  now: Clock;
  t: Translate;
  profile(): Promise<{ name: string; profile: Profile | undefined }>;
  serverUrl(): Promise<string>;
  clientOptions(): Promise<{ baseUrl: string; userAgent: string; fetch?: typeof fetch; signal?: AbortSignal }>;
  /** the credential store a profile's `storage` names (null: none, credentials come from env) */
  storeFor(profile: Profile | undefined): CredentialStore | null;
  /** where a login's OTP would come from; null when it would need a person who is not there */
  otpSource(): OtpSource | null;
}

/** The CI job's session file (D-14), as `logout` sees it. */
export interface JobSession {
  read(): Promise<StoredSession | null>;
  clear(): Promise<void>;
}

export interface LoginCredentials {
  accessId: string;
  password: string;
  source: 'env' | 'keychain' | 'file' | 'prompt' | 'flags';
}

/** A profile with what its store holds (read once per run). */
export interface Loaded {
  name: string;
  profile: Profile | undefined;
  store: CredentialStore | null;
  stored: StoredCredentials | null;
  storeProblem?: string;
}

export function envCredentials(env: NodeJS.ProcessEnv): { accessId: string; password: string } | null {
  const accessId = env.MYPAGE_ACCESS_ID;
  const password = env.MYPAGE_PASSWORD;
  return accessId && password ? { accessId: accessId.trim(), password } : null;
}

export function captchaSolver(env: NodeJS.ProcessEnv) {
  return async (info: CaptchaInfo): Promise<string | undefined> => {
    const token = env.MYPAGE_CAPTCHA_TOKEN;
    if (info.provider === 'none') return token || undefined;
    if (token) return token;
    // R-LOGIN-6: asked before the OTP is read, so no OTP try is used up on a login that must fail
    const what = info.provider === 'test' ? 'テスト用のロボット認証トークン' : 'ロボット認証（reCAPTCHA）のトークン';
    const whatEn = info.provider === 'test' ? 'its test robot-check token (the server\'s --captcha-token)' : 'a reCAPTCHA token';
    throw new CliError(
      'CAPTCHA_NEEDED',
      `このサーバーは${what}を求めています。MYPAGE_CAPTCHA_TOKEN に設定してから、もう一度ログインしてください。`,
      `This server asks for ${whatEn}: set MYPAGE_CAPTCHA_TOKEN and log in again.`,
      ExitCode.auth,
    );
  };
}

export class SessionManager {
  private loadedP?: Promise<Loaded>;
  private c?: MyPageClient;
  private persistedToken: string | null = null;
  private persistedExpiry: string | null = null;
  /** credentials used for this run, once known */
  private creds?: LoginCredentials | null;
  /** the session file's token and expiry as last read or written */
  private fileToken: string | null = null;
  private fileExpiry: string | null = null;

  constructor(private readonly f: SessionHost) {}

  load(): Promise<Loaded> {
    this.loadedP ??= (async () => {
      const { name, profile } = await this.f.profile();
      const store = this.f.storeFor(profile);
      let stored: StoredCredentials | null = null;
      let storeProblem: string | undefined;
      if (store) {
        try {
          stored = await store.get(name);
        } catch (err) {
          storeProblem = err instanceof KeychainUnavailableError ? err.reason : String(err);
        }
      }
      this.persistedToken = stored?.session?.token ?? null;
      this.persistedExpiry = stored?.session?.expiresAt ?? null;
      return { name, profile, store, stored, ...(storeProblem ? { storeProblem } : {}) };
    })();
    return this.loadedP;
  }

  /** Env credentials win (CI); else the profile's stored ones. */
  async credentials(): Promise<LoginCredentials | null> {
    if (this.creds !== undefined) return this.creds;
    const fromEnv = envCredentials(this.f.env);
    if (fromEnv) return (this.creds = { ...fromEnv, source: 'env' });
    const l = await this.load();
    if (l.stored && l.store) return (this.creds = { accessId: l.stored.accessId, password: l.stored.password, source: l.store.kind });
    return (this.creds = null);
  }

  /** MYPAGE_SESSION_FILE (D-14), used with environment credentials only. */
  sessionFile(): SessionFile | null {
    const file = this.f.env.MYPAGE_SESSION_FILE?.trim();
    return file ? new SessionFile(file, () => this.f.now()) : null;
  }

  /** For `logout`: the session the job's file keeps for the env credentials on this server. */
  async jobSession(): Promise<JobSession | null> {
    const file = this.sessionFile();
    if (!file) return null;
    const env = envCredentials(this.f.env);
    const server = await this.f.serverUrl();
    return {
      read: async () => (env ? (await file.read(server, env.accessId)).session : null),
      clear: () => file.clear(),
    };
  }

  /** The session the file keeps for these env credentials on this server, if still valid. */
  private async fileSession(creds: LoginCredentials | null): Promise<StoredSession | null> {
    const file = creds?.source === 'env' ? this.sessionFile() : null;
    if (!file || !creds) return null;
    const { session } = await file.read(await this.f.serverUrl(), creds.accessId);
    this.fileToken = session?.token ?? null;
    this.fileExpiry = session?.expiresAt ?? null;
    return session;
  }

  async client(): Promise<MyPageClient> {
    if (this.c) return this.c;
    const l = await this.load();
    const creds = await this.credentials();
    // a saved session belongs to the stored access ID: do not use it for other env credentials
    const session =
      (await this.fileSession(creds)) ?? (l.stored?.session && (!creds || creds.accessId === l.stored.accessId) ? l.stored.session : null);
    const { MyPageClient } = await import('@mypage/sdk');
    const client: MyPageClient = new MyPageClient({
      ...(await this.f.clientOptions()),
      session,
      onSessionExpired: (err: SessionExpiredError): Promise<boolean> => this.relogin(client, err),
    });
    this.c = client;
    return client;
  }

  /** The SDK hook: log in again if we can do it without a person, or with one at the terminal. */
  private async relogin(client: MyPageClient, err: SessionExpiredError): Promise<boolean> {
    const creds = await this.credentials();
    if (!creds) return false;
    // D-11: credentials for an unattended login but no way to the OTP: a person is needed (exit 6),
    // said before any OTP mail is sent. (A saved session that ended stays SESSION_EXPIRED.)
    if (!this.f.otpSource()) {
      if (creds.source === 'env') throw otpMissingError();
      return false;
    }
    this.f.io.info(
      err.code === 'SESSION_EXPIRED'
        ? this.f.t('セッションの有効期限が切れたため、再度ログインします…', 'The session expired; logging in again…')
        : this.f.t('ログインします…', 'Logging in…'),
    );
    try {
      await this.login(client, creds);
    } catch (e) {
      // a stored password the server refuses (changed by `recover reset` or on the portal) would
      // be tried again by every command and count toward the lock: forget it, and say so
      if ((e as { code?: unknown }).code === 'INVALID_CREDENTIALS' && (creds.source === 'keychain' || creds.source === 'file')) await this.forgetRefused();
      throw e;
    }
    return true;
  }

  private async forgetRefused(): Promise<void> {
    const l = await this.load();
    if (!l.store) return;
    try {
      await l.store.delete(l.name);
    } catch {
      // the warning below still tells the person what to do
    }
    l.stored = null;
    this.creds = null;
    this.f.io.warn(
      this.f.t(
        `サーバーが保存済みのパスワードを受け付けなかったため、プロファイル ${l.name} の保存済み認証情報を削除しました。\`mypage login\` で新しいパスワードでログインしてください。`,
        `The server refused the stored password, so the stored credentials of profile ${l.name} were forgotten (no more attempts toward the lock). Log in with the new password: \`mypage login\`.`,
      ),
    );
  }

  /** Access ID + password → OTP → session (kept in the client). */
  async login(client: MyPageClient, creds: { accessId: string; password: string }): Promise<StoredSession> {
    const serverUrl = await this.f.serverUrl();
    const after = this.f.now().toISOString();
    const source = this.f.otpSource();
    // D-11: nobody to give the code: say so before the portal mails one
    if (!source) throw otpMissingError();
    // a source that must be ready before the login request (the mailbox of --otp-imap: signed in
    // first, so a wrong mailbox password costs no OTP and older mails are told from this login's)
    await source.prepare?.();
    try {
      return await this.loginWith(client, creds, source, { serverUrl, after });
    } finally {
      await source.close?.();
    }
  }

  private async loginWith(client: MyPageClient, creds: { accessId: string; password: string }, source: OtpSource, o: { serverUrl: string; after: string }): Promise<StoredSession> {
    const { serverUrl, after } = o;
    const session = await this.f.io.spin(this.f.t('ログイン中…', 'Logging in…'), () =>
      client.auth.login({
        accessId: creds.accessId,
        password: creds.password,
        otp: (challenge, ctx) => {
          if (ctx.previousError) this.f.io.warn(this.f.t(`ワンタイムパスワードが正しくありません（残り ${ctx.previousError.attemptsLeft ?? '?'} 回）`, `Wrong one-time password (${ctx.previousError.attemptsLeft ?? '?'} tries left)`));
          return source.obtain(challenge, { serverUrl, accessId: creds.accessId, after });
        },
        captcha: captchaSolver(this.f.env),
        // a person at the prompt may mistype; a command or flag gets one try
        otpAttempts: source.attempts,
      }),
    );
    return { token: session.token, expiresAt: session.expiresAt };
  }

  /** Used by `login`: this run's client and credentials are the given ones. */
  adopt(client: MyPageClient, creds: LoginCredentials, stored: StoredCredentials | null, store: CredentialStore | null): void {
    this.c = client;
    this.creds = creds;
    this.persistedToken = stored?.session?.token ?? null;
    this.persistedExpiry = stored?.session?.expiresAt ?? null;
    this.loadedP = this.f.profile().then(({ name, profile }) => ({ name, profile, store, stored }));
  }

  /**
   * After a password change: the profile's store keeps the new password and the session the server
   * answered with (every older one has ended). Answers the store, or null when it keeps no password
   * of this account (environment credentials, or nothing stored).
   */
  async replaceStoredPassword(password: string): Promise<CredentialStore | null> {
    const creds = await this.credentials();
    if (!creds || (creds.source !== 'keychain' && creds.source !== 'file')) return null;
    const l = await this.load();
    if (!l.store || !l.stored || l.stored.accessId !== creds.accessId) return null;
    const s = this.c?.session;
    const next: StoredCredentials = { ...l.stored, password, session: s ? { token: s.token, expiresAt: s.expiresAt } : null };
    await l.store.set(l.name, next);
    l.stored = next;
    this.creds = { ...creds, password };
    this.persistedToken = next.session?.token ?? null;
    this.persistedExpiry = next.session?.expiresAt ?? null;
    return l.store;
  }

  /** Close keep-alive connections so the process can exit at once. */
  async close(): Promise<void> {
    await this.c?.close();
  }

  /** D-14: the env-credential session of this run, for the next command of the job. */
  private async persistToFile(): Promise<void> {
    if (!this.c || this.creds?.source !== 'env') return;
    const file = this.sessionFile();
    if (!file) return;
    const s = this.c.session;
    if ((s?.token ?? null) === this.fileToken && (s?.expiresAt ?? null) === this.fileExpiry) return;
    try {
      if (s) await file.write(await this.f.serverUrl(), this.creds.accessId, s);
      else await file.clear();
      this.fileToken = s?.token ?? null;
      this.fileExpiry = s?.expiresAt ?? null;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      this.f.io.warn(this.f.t(`警告: セッションファイルに保存できませんでした（${code}）: ${file.file}`, `warning: could not save the session file (${code}): ${file.file}`));
    }
  }

  /** Forget: used by `logout`. */
  async forgetSession(): Promise<void> {
    this.c?.setSession(null);
    await this.persist();
  }

  /** Keep the session in the profile's store (or the session file) when it changed (new login, or a slid expiry). */
  async persist(): Promise<void> {
    await this.persistToFile();
    if (!this.c || !this.loadedP) return;
    const l = await this.loadedP;
    if (!l.store || !l.stored) return;
    const creds = this.creds;
    if (creds && creds.accessId !== l.stored.accessId) return;
    const s = this.c.session;
    const token = s?.token ?? null;
    const expiresAt = s?.expiresAt ?? null;
    if (token === this.persistedToken && expiresAt === this.persistedExpiry) return;
    const next: StoredCredentials = { ...l.stored, session: s ? { token: s.token, expiresAt: s.expiresAt } : null };
    try {
      await l.store.set(l.name, next);
      l.stored = next;
      this.persistedToken = token;
      this.persistedExpiry = expiresAt;
    } catch (err) {
      this.f.io.warn(this.f.t(`警告: セッションを保存できませんでした（${String((err as Error).message)}）`, `warning: could not save the session (${String((err as Error).message)})`));
    }
  }
}
