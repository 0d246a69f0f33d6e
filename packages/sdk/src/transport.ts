import { buildPath, type ApiRoute } from '@mypage/api';
import { createDownload, type Download } from './download.js';
import {
  AbortError,
  MyPageError,
  NetworkError,
  SessionExpiredError,
  TimeoutError,
  UnexpectedResponseError,
  errorFromResponse,
} from './errors.js';

/** Per-call options: every SDK method takes these as its last argument. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

export interface StoredSession {
  token: string;
  expiresAt: string;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  userAgent: string;
  fetch?: FetchLike;
  /** First backoff step; the n-th retry waits random(0, min(maxDelayMs, baseDelayMs·2ⁿ)) (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown instead. */
  maxRetryAfterMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  /** The client's own signal: ends every call (and download body) of this client. */
  signal?: AbortSignal;
  getSession: () => StoredSession | null;
  /** Asks the app to log in again; resolves true when the failed request should be retried. */
  renewSession?: (error: SessionExpiredError) => Promise<boolean>;
}

export interface Call {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Do not call `onSessionExpired` for this request (logout). */
  noRenew?: boolean;
}

type ParseOutput<S> = S extends { parse(data: unknown): infer O } ? O : never;
type JsonContent<C> = C extends { 'application/json': { schema: infer S } } ? ParseOutput<S> : never;
/** The parsed body type of a route's 2xx JSON answer, read from the route table. */
export type SuccessBody<R extends ApiRoute> = {
  [K in keyof R['responses']]: K extends 200 | 201 | 202 ? (R['responses'][K] extends { content: infer C } ? JsonContent<C> : never) : never;
}[keyof R['responses']];

const IDEMPOTENT = new Set(['get', 'head', 'put', 'delete']);
const RETRY_STATUS = new Set([429, 502, 503, 504]);

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortError({ code: 'ABORTED' }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError({ code: 'ABORTED' }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

type Mode = 'json' | 'empty' | 'download';

/**
 * The ONE request sender: builds the URL from the route table, adds the session, applies the
 * timeout and the caller's signal, retries idempotent requests, maps every failure to a typed
 * error, asks for a new session once on D-3's 401 and checks answers against the api schemas.
 */
export class Transport {
  readonly #opts: TransportOptions;
  #agent: Promise<{ close(): Promise<void> }> | null = null;
  #fetch: Promise<FetchLike> | null = null;

  constructor(options: TransportOptions) {
    this.#opts = options;
  }

  get baseUrl(): string {
    return this.#opts.baseUrl;
  }

  async json<R extends ApiRoute>(route: R, call: Call = {}, options: RequestOptions = {}): Promise<SuccessBody<R>> {
    return (await this.#send(route, call, this.#withClientSignal(options), 'json')) as SuccessBody<R>;
  }

  async empty(route: ApiRoute, call: Call = {}, options: RequestOptions = {}): Promise<void> {
    await this.#send(route, call, this.#withClientSignal(options), 'empty');
  }

  async download(route: ApiRoute, call: Call, options: RequestOptions, fallbackName: string): Promise<Download> {
    const merged = this.#withClientSignal(options);
    const response = (await this.#send(route, call, merged, 'download')) as Response;
    return createDownload(response, fallbackName, merged.signal);
  }

  /** The call's signal and the client's signal, either one ends the call. */
  #withClientSignal(options: RequestOptions): RequestOptions {
    const own = this.#opts.signal;
    if (!own) return options;
    return { ...options, signal: options.signal ? AbortSignal.any([own, options.signal]) : own };
  }

  /** Closes the keep-alive connections of the default agent (nothing to do with an injected fetch). */
  async close(): Promise<void> {
    const agent = this.#agent;
    this.#agent = null;
    this.#fetch = null;
    if (agent) await (await agent).close();
  }

  async #fetchImpl(): Promise<FetchLike> {
    if (this.#opts.fetch) return this.#opts.fetch;
    // undici costs ~60 ms to import: only when no fetch is injected, and only on the first request.
    this.#fetch ??= (async () => {
      const { Agent } = await import('undici');
      const agent = new Agent({ keepAliveTimeout: 10_000, connections: 16 });
      this.#agent = Promise.resolve(agent);
      return (input: string, init: RequestInit) =>
        globalThis.fetch(input, { ...init, dispatcher: agent } as RequestInit);
    })();
    return this.#fetch;
  }

  #url(route: ApiRoute, call: Call): string {
    const base = this.#opts.baseUrl.replace(/\/+$/, '');
    let url = base + buildPath(route.path, call.params ?? {});
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== '') query.set(key, String(value));
    }
    const qs = query.toString();
    if (qs) url += `?${qs}`;
    return url;
  }

  async #send(route: ApiRoute, call: Call, options: RequestOptions, mode: Mode): Promise<unknown> {
    const operation = `${route.method.toUpperCase()} ${route.path}`;
    const idempotent = IDEMPOTENT.has(route.method);
    const needsSession = route['x-auth'] === 'session' || route['x-auth'] === 'admin';
    let renewed = false;
    let retriesLeft = idempotent ? Math.max(0, this.#opts.retries) : 0;
    let attempt = 0;
    for (;;) {
      if (options.signal?.aborted) throw new AbortError({ code: 'ABORTED', operation });
      const session = needsSession ? this.#opts.getSession() : null;
      let outcome: Outcome;
      try {
        outcome = await this.#attempt(route, call, options, mode, session, operation);
      } catch (error) {
        if (error instanceof NetworkError && retriesLeft > 0) {
          retriesLeft -= 1;
          await this.#opts.sleep(this.#backoff(attempt++), options.signal);
          continue;
        }
        throw error;
      }
      if (outcome.ok) return outcome.value;
      const error = outcome.error;
      if (error instanceof SessionExpiredError && needsSession && !call.noRenew && !renewed && this.#opts.renewSession) {
        renewed = true;
        const current = this.#opts.getSession();
        // Someone else already logged in again while this request was on its way: just retry.
        const fresh = current !== null && current.token !== session?.token;
        if (fresh || (await this.#opts.renewSession(error))) continue;
        throw error;
      }
      if (retriesLeft > 0 && error.status !== null && RETRY_STATUS.has(error.status)) {
        const delay = error.retryAfter !== undefined ? error.retryAfter * 1000 : this.#backoff(attempt);
        if (delay > this.#opts.maxRetryAfterMs) throw error;
        retriesLeft -= 1;
        attempt += 1;
        await this.#opts.sleep(delay, options.signal);
        continue;
      }
      throw error;
    }
  }

  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#opts.maxDelayMs, this.#opts.baseDelayMs * 2 ** attempt);
    return Math.floor(this.#opts.random() * ceiling);
  }

  async #attempt(
    route: ApiRoute,
    call: Call,
    options: RequestOptions,
    mode: Mode,
    session: StoredSession | null,
    operation: string,
  ): Promise<Outcome> {
    const headers: Record<string, string> = {
      accept: mode === 'download' ? '*/*' : 'application/json',
      'user-agent': this.#opts.userAgent,
    };
    if (session) headers.authorization = `Bearer ${session.token}`;
    let body: string | undefined;
    if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.body);
    }
    // The timeout covers the request and (for JSON) reading the answer; a download's timeout ends
    // when its headers arrive, so a long file is limited only by the caller's signal.
    const timeoutMs = options.timeoutMs ?? this.#opts.timeoutMs;
    const timer = new AbortController();
    // 0, negative or Infinity: no timeout (setTimeout would fire at once for values ≥ 2³¹ ms).
    const handle = Number.isFinite(timeoutMs) && timeoutMs > 0 ? setTimeout(() => timer.abort(), Math.min(timeoutMs, 2 ** 31 - 1)) : undefined;
    const signal = options.signal ? AbortSignal.any([options.signal, timer.signal]) : timer.signal;
    const failure = (cause: unknown): MyPageError => {
      if (cause instanceof MyPageError) return cause;
      if (options.signal?.aborted) return new AbortError({ code: 'ABORTED', operation, cause: options.signal.reason });
      if (timer.signal.aborted) {
        return new TimeoutError({ code: 'TIMEOUT', operation, messageEn: `The server did not answer within ${timeoutMs} ms.` });
      }
      return new NetworkError({ code: 'NETWORK_ERROR', operation, cause: safeCause(cause) });
    };
    try {
      const fetchImpl = await this.#fetchImpl();
      let response: Response;
      try {
        response = await fetchImpl(this.#url(route, call), { method: route.method.toUpperCase(), headers, body, signal });
      } catch (error) {
        throw failure(error);
      }
      if (!response.ok) {
        try {
          return { ok: false, error: await errorFromResponse(response, operation) };
        } catch (error) {
          throw failure(error);
        }
      }
      if (mode === 'download') return { ok: true, value: response };
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw failure(error);
      }
      if (mode === 'empty') return { ok: true, value: undefined };
      return { ok: true, value: parseSuccess(route, response.status, text, operation, response.headers.get('x-request-id')) };
    } finally {
      clearTimeout(handle);
    }
  }

  /** Never shows the session or the injected dependencies. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Transport { baseUrl: ${JSON.stringify(this.#opts.baseUrl)} }`;
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: MyPageError };

/** Only the name and message of a low-level failure (no request object that might hold headers). */
function safeCause(cause: unknown): Error | undefined {
  if (!(cause instanceof Error)) return undefined;
  const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
  const error = new Error(`${cause.message}${inner}`);
  error.name = cause.name;
  return error;
}

function successSchema(route: ApiRoute, status: number): { safeParse(data: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } } } | undefined {
  const entry = route.responses[status] ?? route.responses[String(status)];
  const schema = entry?.content?.['application/json']?.schema;
  return schema as ReturnType<typeof successSchema>;
}

function parseSuccess(route: ApiRoute, status: number, text: string, operation: string, requestId: string | null): unknown {
  const unexpected = (why: string) =>
    new UnexpectedResponseError({
      code: 'UNEXPECTED_RESPONSE',
      status,
      operation,
      ...(requestId ? { requestId } : {}),
      messageEn: `The server's answer to ${operation} does not match the API contract: ${why}.`,
    });
  const schema = successSchema(route, status);
  if (!schema) throw unexpected(`status ${status} is not a documented answer`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw unexpected('the body is not JSON');
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error?.issues[0];
    throw unexpected(issue ? `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}` : 'invalid shape');
  }
  return result.data;
}
