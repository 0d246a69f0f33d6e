import type { MyPageClient } from '@mypage/sdk';
import type { ClientFactory, Terminal } from './cmdutil.js';
import { ConfigStore, configDir, DEFAULT_PROFILE, DEFAULT_SERVER, isValidProfileName, type Profile } from './config.js';
import { FileStore } from './credentials/file.js';
import { KeychainStore } from './credentials/keychain.js';
import type { CredentialStore } from './credentials/types.js';
import { CliError, ExitCode, usageError } from './errors.js';
import { IOStreams } from './iostreams.js';
import { parseLang, type Lang } from './lang.js';
import { resolveOtpSource, type OtpSource } from './otp/sources.js';
import { envCredentials, SessionManager } from './session.js';

/*
 * Factory: lazy dependencies of every command (as gh's cmdutil.Factory) — IO, config/profiles,
 * credential stores and an SDK client. Nothing heavy loads until a command asks for it. Commands
 * only read it while building their Options (see cmdutil.ts); run functions never see it.
 */

export interface GlobalOptions {
  profile?: string;
  server?: string;
  json?: boolean;
  /** `--json-fields a,b` (implies --json) */
  jsonFields?: string;
  /** `--jq EXPR` (implies --json) */
  jq?: string;
  lang?: string;
  color?: boolean;
  quiet?: boolean;
  otp?: string;
  otpCommand?: string;
  /** `--otp-imap URL` (D-14) */
  otpImap?: string;
  /** `--otp-imap-timeout SECONDS` */
  otpImapTimeout?: string;
}

export interface FactoryInit {
  io: IOStreams;
  env: NodeJS.ProcessEnv;
  /** tests inject these */
  keychain?: CredentialStore;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Ends every request of the run (main aborts it on Ctrl-C / SIGTERM). */
  signal?: AbortSignal;
}

export class Factory {
  readonly io: IOStreams;
  readonly env: NodeJS.ProcessEnv;
  lang: Lang;
  globals: GlobalOptions = {};
  readonly now: () => Date;
  readonly fetchImpl?: typeof fetch;
  readonly signal?: AbortSignal;
  private configP?: Promise<ConfigStore>;
  private keychainStore?: CredentialStore;
  private sessionManager?: SessionManager;
  private readonly anonymous: MyPageClient[] = [];

  constructor(init: FactoryInit) {
    this.io = init.io;
    this.env = init.env;
    this.lang = parseLang(undefined, init.env);
    this.now = init.now ?? (() => new Date());
    if (init.keychain) this.keychainStore = init.keychain;
    if (init.fetch) this.fetchImpl = init.fetch;
    if (init.signal) this.signal = init.signal;
  }

  /** What every SDK client of this run shares: server, user agent, injected fetch, Ctrl-C signal. */
  async clientOptions() {
    return {
      baseUrl: await this.serverUrl(),
      userAgent: 'mypage-cli/0.1.0',
      ...(this.fetchImpl ? { fetch: this.fetchImpl } : {}),
      ...(this.signal ? { signal: this.signal } : {}),
    };
  }

  /** Called once the command line is parsed (root `preAction` hook). */
  applyGlobals(g: GlobalOptions): void {
    this.globals = g;
    this.lang = parseLang(g.lang, this.env);
    this.io.json = Boolean(g.json || g.jsonFields !== undefined || g.jq !== undefined);
    this.io.quiet = Boolean(g.quiet);
    this.io.setColor(g.color !== false);
  }

  /** `--json-fields` / `--jq` for printJson; jq loads (and the program compiles) before the command runs. */
  async prepareJsonFilter(): Promise<void> {
    const { jsonFields, jq } = this.globals;
    if (jsonFields === undefined && jq === undefined) return;
    const { loadJqFilter, parseFieldList } = await import('./output/json-filter.js');
    this.io.jsonFilter = {
      ...(jsonFields !== undefined ? { fields: parseFieldList(jsonFields) } : {}),
      ...(jq !== undefined ? { jq: await loadJqFilter(jq) } : {}),
    };
  }

  t(ja: string, en: string): string {
    return this.lang === 'ja' ? ja : en;
  }

  /** IO and language for a verb's Options (read when the verb runs: after --lang is parsed). */
  terminal(): Terminal {
    return { io: this.io, t: (ja, en) => this.t(ja, en), lang: this.lang };
  }

  /** The session client, for a verb's Options (`client: f.clientFactory()`). */
  clientFactory(): ClientFactory {
    return () => this.client();
  }

  /** A client without a session, for a verb's Options. */
  anonymousClientFactory(): ClientFactory {
    return () => this.anonymousClient();
  }

  /** Where a login's OTP comes from (R-LOGIN-1); null when it would need a person who is absent. */
  otpSource(): OtpSource | null {
    return resolveOtpSource({ flags: this.globals, env: this.env, io: this.io, t: (ja, en) => this.t(ja, en) });
  }

  configDir(): string {
    return configDir(this.env);
  }

  config(): Promise<ConfigStore> {
    this.configP ??= ConfigStore.load(this.configDir());
    return this.configP;
  }

  /** `--profile`, `MYPAGE_PROFILE`, the current profile, or `default`. */
  async profileName(): Promise<string> {
    const explicit = this.globals.profile ?? this.env.MYPAGE_PROFILE;
    if (explicit !== undefined) {
      if (!isValidProfileName(explicit)) {
        throw usageError(`プロファイル名が正しくありません: ${explicit}`, `Invalid profile name: ${explicit} (letters, digits, . _ -)`);
      }
      return explicit;
    }
    return (await this.config()).currentProfile ?? DEFAULT_PROFILE;
  }

  /**
   * The profile of this run. Credentials and sessions belong to the server they were created for
   * (as gh keys tokens by host): when `--server` / MYPAGE_SERVER names another server than the
   * chosen profile's, a profile named by `--profile` stops the run; the current profile gives way
   * to a profile of that server, or to none (then only the environment's credentials are used).
   */
  profile(): Promise<{ name: string; profile: Profile | undefined }> {
    this.profileP ??= this.resolveProfile();
    return this.profileP;
  }

  private profileP?: Promise<{ name: string; profile: Profile | undefined }>;

  private async resolveProfile(): Promise<{ name: string; profile: Profile | undefined }> {
    const name = await this.profileName();
    const config = await this.config();
    const profile = config.profile(name);
    if (this.explicitServer() === undefined) return { name, profile };
    const target = await this.serverUrl();
    if (!profile || sameServer(profile.server ?? DEFAULT_SERVER, target)) return { name, profile };
    if ((this.globals.profile ?? this.env.MYPAGE_PROFILE) !== undefined) {
      throw new CliError(
        'PROFILE_OTHER_SERVER',
        `プロファイル ${name} はサーバー ${profile.server ?? DEFAULT_SERVER} 用です。${target} では使えません（認証情報は作成したサーバーにだけ送ります）。--server を外すか、別のプロファイル名で \`mypage --server ${target} --profile <名前> login\` を実行してください。`,
        `Profile ${name} belongs to ${profile.server ?? DEFAULT_SERVER}, not ${target} (credentials are only sent to the server they were made for). Drop --server, or log in to ${target} under another profile: \`mypage --server ${target} --profile <name> login\`.`,
        ExitCode.usage,
      );
    }
    const match = Object.entries(config.profiles()).find(([, p]) => sameServer(p.server ?? DEFAULT_SERVER, target));
    if (match) return { name: match[0], profile: match[1] };
    return { name: profileNameFor(target), profile: undefined };
  }

  /** `--server` or MYPAGE_SERVER, when given. */
  explicitServer(): string | undefined {
    return this.globals.server ?? this.env.MYPAGE_SERVER;
  }

  /** `--server`, `MYPAGE_SERVER`, the profile's server, or the local default. */
  async serverUrl(): Promise<string> {
    const explicit = this.explicitServer();
    const url = explicit ?? (await this.profile()).profile?.server ?? DEFAULT_SERVER;
    try {
      const u = new URL(url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    } catch {
      throw usageError(`サーバーの URL が正しくありません: ${url}`, `Invalid server URL: ${url} (use --server http://host:port or MYPAGE_SERVER)`);
    }
    this.resolvedServer = url.replace(/\/+$/, '');
    return this.resolvedServer;
  }

  /** The server this run talks to, once known (for error hints). */
  resolvedServer?: string;

  keychain(): CredentialStore {
    this.keychainStore ??= new KeychainStore();
    return this.keychainStore;
  }

  fileStore(): FileStore {
    return new FileStore(this.configDir());
  }

  /** The credential store a profile's `storage` names; null when it keeps none (env credentials). */
  storeFor(profile: Profile | undefined): CredentialStore | null {
    switch (profile?.storage) {
      case 'keychain':
        return this.keychain();
      case 'file':
        return this.fileStore();
      default:
        return null;
    }
  }

  /** A client without a session (registration, recovery, dev mailbox). */
  async anonymousClient(): Promise<MyPageClient> {
    const { MyPageClient } = await import('@mypage/sdk');
    const client = new MyPageClient(await this.clientOptions());
    this.anonymous.push(client);
    return client;
  }

  session(): SessionManager {
    this.sessionManager ??= new SessionManager(this);
    return this.sessionManager;
  }

  /** A client with the profile's session, logging in again when it expires (if it can). */
  async client(): Promise<MyPageClient> {
    await this.requireNamedProfile();
    return this.session().client();
  }

  /** `--profile nope` names a profile that does not exist: say so (not "not logged in"). */
  private async requireNamedProfile(): Promise<void> {
    const named = this.globals.profile ?? this.env.MYPAGE_PROFILE;
    if (named === undefined || envCredentials(this.env)) return;
    const config = await this.config();
    if (config.profile(named)) return;
    const known = Object.keys(config.profiles());
    const list = known.length ? known.join(', ') : this.t('なし', 'none');
    throw usageError(
      `プロファイル ${named} はありません（あるもの: ${list}）。作成するには \`mypage --profile ${named} login\` を実行してください。`,
      `No such profile: ${named} (profiles: ${list}). Create it with \`mypage --profile ${named} login\`.`,
    );
  }

  /** After the command: keep the (possibly new) session for the next run. */
  async close(): Promise<void> {
    try {
      await this.sessionManager?.persist();
    } finally {
      await this.sessionManager?.close();
      for (const c of this.anonymous) await c.close();
    }
  }
}

/** Same scheme, host and port (and path): `http://127.0.0.1:8787/` is `http://127.0.0.1:8787`. */
export function sameServer(a: string, b: string): boolean {
  const key = (s: string): string => {
    try {
      const u = new URL(s);
      return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
    } catch {
      return s;
    }
  };
  return key(a) === key(b);
}

/** The profile a login to a server without one creates: its host and port (`127.0.0.1-8799`). */
export function profileNameFor(server: string): string {
  return new URL(server).host.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 64);
}
