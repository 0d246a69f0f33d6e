import { AsyncLocalStorage } from 'node:async_hooks';
import type { Me } from '@mypage/api/contract';
import type { SessionExpiredError } from './errors.js';
import { AuthResource } from './resources/auth.js';
import { BillsResource } from './resources/bills.js';
import { CallsResource } from './resources/calls.js';
import { ContractsResource } from './resources/contracts.js';
import { DevResource } from './resources/dev.js';
import { InquiriesResource } from './resources/inquiries.js';
import { MetaResource } from './resources/meta.js';
import { NewsResource } from './resources/news.js';
import { NoticesResource } from './resources/notices.js';
import { RecoveryResource } from './resources/recovery.js';
import { RegistrationResource } from './resources/registration.js';
import { UsersResource } from './resources/users.js';
import type { MyPageHooks } from './hooks.js';
import { Transport, defaultSleep, type FetchLike, type RequestOptions, type StoredSession } from './transport.js';

export const SDK_VERSION = '0.1.0';

export interface MyPageClientOptions {
  /** e.g. `http://127.0.0.1:8787` (no `/api/v1`). */
  baseUrl: string;
  /** Per request attempt, default 30 000 ms (for downloads: until the headers arrive). */
  timeoutMs?: number;
  /**
   * Extra tries after a network error or a 429/502/503/504, default 2: for GET/PUT/DELETE, and for
   * POSTs, which carry an Idempotency-Key (D-12) so the server does their work once.
   */
  retries?: number;
  userAgent?: string;
  /** Default: a transport on `node:http`/`node:https` (keep-alive; no undici to load). The global `fetch`, undici's `fetch` or any wrapper fits. */
  fetch?: FetchLike;
  /** request / response / retry events (method, route template, status, duration, request id, attempt; never a secret). */
  hooks?: MyPageHooks;
  /** A session saved earlier (`exportSession()`). */
  session?: StoredSession | null;
  /**
   * D-3: called once when a request fails with SESSION_EXPIRED / AUTH_REQUIRED. Log in again
   * (`client.auth.login(…)`) and resolve (void/true) to retry the request once; resolve `false` to
   * give up with the original error.
   */
  onSessionExpired?: (error: SessionExpiredError) => boolean | void | Promise<boolean | void>;
  /** Backoff tuning (full jitter): first step and ceiling, ms. Defaults 250 and 8000. */
  retryDelayMs?: { base?: number; max?: number };
  /** A Retry-After longer than this is not waited for (the error is thrown). Default 60 000 ms. */
  maxRetryAfterMs?: number;
  /** Injected waiting (tests): receives every backoff / Retry-After delay. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injected randomness for the jitter, [0, 1). */
  random?: () => number;
  /**
   * Ends every call of this client (and the body of a download in progress) when aborted, e.g. on
   * Ctrl-C; combined with each call's own `signal`. The calls fail with `AbortError`.
   */
  signal?: AbortSignal;
}

/**
 * The typed client of the マイページ API. One resource per area, every method typed from the
 * route table of `@mypage/api`, every failure a `MyPageError`.
 */
export class MyPageClient {
  readonly meta: MetaResource;
  readonly registration: RegistrationResource;
  readonly auth: AuthResource;
  readonly recovery: RecoveryResource;
  readonly news: NewsResource;
  readonly contracts: ContractsResource;
  readonly notices: NoticesResource;
  readonly bills: BillsResource;
  readonly calls: CallsResource;
  readonly inquiries: InquiriesResource;
  readonly users: UsersResource;
  readonly dev: DevResource;

  #session: StoredSession | null;
  readonly #transport: Transport;
  readonly #onSessionExpired: MyPageClientOptions['onSessionExpired'];
  #renewing: Promise<boolean> | null = null;
  /** Marks requests made by the hook itself: they must not wait for the renewal they are part of. */
  readonly #inHook = new AsyncLocalStorage<true>();

  constructor(options: MyPageClientOptions) {
    if (!options || typeof options.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl)) {
      throw new TypeError('MyPageClient: baseUrl must be an http(s) URL, e.g. http://127.0.0.1:8787');
    }
    this.#session = options.session ? { token: options.session.token, expiresAt: options.session.expiresAt } : null;
    this.#onSessionExpired = options.onSessionExpired;
    const sleep = options.sleep ?? defaultSleep;
    this.#transport = new Transport({
      baseUrl: options.baseUrl,
      timeoutMs: options.timeoutMs ?? 30_000,
      retries: options.retries ?? 2,
      userAgent: options.userAgent ?? `mypage-sdk/${SDK_VERSION} node/${process.versions.node}`,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      baseDelayMs: options.retryDelayMs?.base ?? 250,
      maxDelayMs: options.retryDelayMs?.max ?? 8_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
      sleep,
      random: options.random ?? Math.random,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.hooks ? { hooks: options.hooks } : {}),
      getSession: () => this.#session,
      ...(options.onSessionExpired ? { renewSession: (error: SessionExpiredError) => this.#renew(error) } : {}),
    });
    const t = this.#transport;
    const holder = { get: () => this.#session, set: (s: StoredSession | null) => this.setSession(s) };
    this.meta = new MetaResource(t);
    this.registration = new RegistrationResource(t);
    this.auth = new AuthResource(t, holder);
    this.recovery = new RecoveryResource(t);
    this.news = new NewsResource(t);
    this.contracts = new ContractsResource(t);
    this.notices = new NoticesResource(t);
    this.bills = new BillsResource(t);
    this.calls = new CallsResource(t);
    this.inquiries = new InquiriesResource(t);
    this.users = new UsersResource(t);
    this.dev = new DevResource(t, sleep);
  }

  get baseUrl(): string {
    return this.#transport.baseUrl;
  }

  /** The current session (`{ token, expiresAt }`), or null when logged out. */
  get session(): StoredSession | null {
    return this.#session ? { ...this.#session } : null;
  }

  setSession(session: StoredSession | null): void {
    this.#session = session ? { token: session.token, expiresAt: session.expiresAt } : null;
  }

  /** Plain JSON to keep between runs (the CLI stores it in the keychain). */
  exportSession(): StoredSession | null {
    return this.session;
  }

  restoreSession(session: StoredSession | null): void {
    this.setSession(session);
  }

  /** The signed-in user and billing group (R-HOME-1). */
  me(options?: RequestOptions): Promise<Me> {
    return this.#transport.json('me', {}, options);
  }

  /** Ends the client's use of the network (nothing to close with the default transport, whose idle connections never keep the process alive). */
  close(): Promise<void> {
    return this.#transport.close();
  }

  /** One re-login at a time: concurrent requests that expire together share it. */
  #renew(error: SessionExpiredError): Promise<boolean> {
    // A request made from inside the hook (e.g. `client.me()` before logging in) fails as it is,
    // instead of waiting for the renewal it belongs to (which would never finish).
    if (this.#inHook.getStore()) return Promise.resolve(false);
    this.#renewing ??= (async () => {
      try {
        const result = await this.#inHook.run(true, async () => this.#onSessionExpired!(error));
        return result !== false;
      } finally {
        this.#renewing = null;
      }
    })();
    return this.#renewing;
  }

  /** Never prints the session token. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const s = this.#session ? `{ token: '[redacted]', expiresAt: '${this.#session.expiresAt}' }` : 'null';
    return `MyPageClient { baseUrl: '${this.baseUrl}', session: ${s} }`;
  }

  toString(): string {
    return `MyPageClient(${this.baseUrl})`;
  }

  toJSON() {
    return { baseUrl: this.baseUrl, loggedIn: this.#session !== null };
  }
}
