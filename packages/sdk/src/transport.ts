import { validateHeaderName, validateHeaderValue } from 'node:http';
import { buildPath, endpoints, type Endpoint, type EndpointName, type JsonResponses } from '@mypage/api/contract';
import { createDownload, type Download } from './download.js';
import { emit, type MyPageHooks } from './hooks.js';
import { nodeFetch } from './node-fetch.js';
import { rememberRequestId } from './request-id.js';
import { apiSchemas } from './schemas.js';
import { answerCheck, FAIL } from '@mypage/api/validate';
import type { ApiRoute } from '@mypage/api';
import {
  MyPageError,
  abortError,
  networkCause,
  NetworkError,
  NotFoundError,
  SessionExpiredError,
  TimeoutError,
  UnexpectedResponseError,
  errorFromResponse,
  inputError,
} from './errors.js';

/** Per-call options: every SDK method takes these as its last argument. */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `retries` for this call (0: one try only). */
  retries?: number;
  /**
   * D-12, POST only: the `Idempotency-Key` of this call (1–255 visible ASCII characters). By default
   * the SDK makes a fresh one per call and reuses it on its own retries; pass yours to retry a call
   * yourself after a `TimeoutError` (the server then answers the first response instead of doing
   * the work twice). `false` sends none, and the POST is then never retried.
   */
  idempotencyKey?: string | false;
  /** Extra request headers (e.g. tracing). `Authorization`, `Content-Type` and `Idempotency-Key` stay the SDK's. */
  headers?: Record<string, string>;
}

export interface StoredSession {
  token: string;
  expiresAt: string;
}

/**
 * Any fetch: the global one, undici's, or a wrapper. Typed loosely on purpose (method-style, so
 * parameter types are checked bivariantly): undici's own `fetch` and `Response` differ from the DOM
 * lib's in details the SDK does not use.
 */
export type FetchLike = { bivarianceHack(input: string, init: FetchInit): Promise<FetchResponse> }['bivarianceHack'];

/** What the SDK passes to `fetch` (a subset of every fetch's RequestInit). */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** What the SDK reads of a fetch's answer (the global `Response`, undici's, or a wrapper's). */
export interface FetchResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /** A web `ReadableStream` of bytes, or null. */
  readonly body: unknown;
  text(): Promise<string>;
}

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
  hooks?: MyPageHooks;
}

export interface Call {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Do not call `onSessionExpired` for this request (logout). */
  noRenew?: boolean;
}

/**
 * The parsed body type of an endpoint's 2xx JSON answer, by endpoint name (`SuccessBody<'bill'>` is
 * `Bill`): the plain types of `@mypage/api/contract`, proven equal to the api schemas there.
 */
export type SuccessBody<K extends keyof JsonResponses> = JsonResponses[K];

const IDEMPOTENT = new Set(['get', 'head', 'put', 'delete']);
const RETRY_STATUS = new Set([429, 502, 503, 504]);

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
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

  constructor(options: TransportOptions) {
    this.#opts = options;
  }

  get baseUrl(): string {
    return this.#opts.baseUrl;
  }

  async json<K extends keyof JsonResponses>(name: K, call: Call = {}, options: RequestOptions = {}): Promise<SuccessBody<K>> {
    return (await this.#send(name, call, this.#withClientSignal(options), 'json')) as SuccessBody<K>;
  }

  async empty(name: EndpointName, call: Call = {}, options: RequestOptions = {}): Promise<void> {
    await this.#send(name, call, this.#withClientSignal(options), 'empty');
  }

  async download(name: EndpointName, call: Call, options: RequestOptions, fallbackName: string): Promise<Download> {
    const route = endpoints[name];
    const merged = this.#withClientSignal(options);
    const response = (await this.#send(name, call, merged, 'download')) as Response | null;
    if (response === null) throw new UnexpectedResponseError({ code: 'UNEXPECTED_RESPONSE', operation: `${route.method.toUpperCase()} ${route.path}` });
    return createDownload(response, fallbackName, merged.signal);
  }

  /**
   * A download asked with `If-None-Match: etag`: null when the server answers 304 Not Modified
   * (the caller's copy with that ETag is the current one), else the download as `download()`.
   */
  async downloadIfChanged(name: EndpointName, call: Call, options: RequestOptions, fallbackName: string, etag: string): Promise<Download | null> {
    const merged = this.#withClientSignal({ ...options, headers: { ...options.headers, 'if-none-match': etag } });
    const response = (await this.#send(name, call, merged, 'download')) as Response | null;
    return response === null ? null : createDownload(response, fallbackName, merged.signal);
  }

  /** The call's signal and the client's signal, either one ends the call. */
  #withClientSignal(options: RequestOptions): RequestOptions {
    const own = this.#opts.signal;
    if (!own) return options;
    return { ...options, signal: options.signal ? AbortSignal.any([own, options.signal]) : own };
  }

  /**
   * Ends this client's use of the network. The default transport is `node:http` (node-fetch.ts: no
   * undici to compile): its idle keep-alive connections never hold the process open (Node's agent
   * unreferences them while idle) and are shared with the rest of the process, so there is nothing
   * of ours to close; with an injected fetch, closing is its owner's business.
   */
  async close(): Promise<void> {}

  #fetchImpl(): FetchLike {
    return this.#opts.fetch ?? nodeFetch;
  }

  #url(route: Endpoint, call: Call): string {
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

  async #send(name: EndpointName, call: Call, options: RequestOptions, mode: Mode): Promise<unknown> {
    const route = endpoints[name];
    const operation = `${route.method.toUpperCase()} ${route.path}`;
    const extraHeaders = checkHeaders(options.headers);
    // D-12: every POST carries an Idempotency-Key, the same on each retry, so the server does its
    // work once however many times the request arrives; with a key a POST retries like a GET.
    const idempotencyKey = route.method === 'post' && options.idempotencyKey !== false ? await idempotencyKeyOf(options.idempotencyKey) : undefined;
    const retryable = IDEMPOTENT.has(route.method) || idempotencyKey !== undefined;
    const needsSession = route['x-auth'] === 'session' || route['x-auth'] === 'admin';
    let renewed = false;
    let retriesLeft = retryable ? Math.max(0, options.retries ?? this.#opts.retries) : 0;
    let attempt = 0;
    // True once an attempt may have reached the server without us seeing its answer.
    let outcomeUnknown = false;
    for (let tries = 1; ; tries++) {
      if (options.signal?.aborted) throw abortError(options.signal, operation);
      const session = needsSession ? this.#opts.getSession() : null;
      const hookBase = { method: route.method.toUpperCase(), route: route.path, attempt: tries };
      emit(this.#opts.hooks, 'onRequest', hookBase);
      const started = performance.now();
      let outcome: Outcome;
      try {
        outcome = await this.#attempt(name, call, options, mode, session, operation, { ...extraHeaders, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) });
      } catch (error) {
        const failure = error as MyPageError;
        emit(this.#opts.hooks, 'onResponse', { ...hookBase, status: null, durationMs: performance.now() - started, errorCode: failure.code });
        if (error instanceof NetworkError || error instanceof TimeoutError) outcomeUnknown = true;
        if (error instanceof NetworkError && retriesLeft > 0) {
          retriesLeft -= 1;
          const delay = this.#backoff(attempt++);
          emit(this.#opts.hooks, 'onRetry', { ...hookBase, nextAttempt: tries + 1, delayMs: delay, reason: failure.code, status: null });
          await this.#opts.sleep(delay, options.signal);
          continue;
        }
        throw error;
      }
      emit(this.#opts.hooks, 'onResponse', {
        ...hookBase,
        status: outcome.status,
        durationMs: performance.now() - started,
        ...(outcome.requestId ? { requestId: outcome.requestId } : {}),
        ...(outcome.ok ? {} : { errorCode: outcome.error.code }),
      });
      if (outcome.ok) return outcome.value;
      const error = outcome.error;
      // A DELETE whose earlier attempt got lost on the way back was done by that attempt: the
      // retry's "not found" means the item is gone, which is what the caller asked for.
      if (route.method === 'delete' && outcomeUnknown && error instanceof NotFoundError && error.code !== 'ROUTE_NOT_FOUND') {
        return mode === 'empty' ? undefined : null;
      }
      if (error instanceof SessionExpiredError && needsSession && !call.noRenew && !renewed && this.#opts.renewSession) {
        renewed = true;
        const current = this.#opts.getSession();
        // Someone else already logged in again while this request was on its way: just retry.
        const fresh = current !== null && current.token !== session?.token;
        if (fresh || (await this.#opts.renewSession(error))) continue;
        throw error;
      }
      // D-12: IDEMPOTENCY_KEY_IN_USE (409) — our own earlier attempt is still being worked on.
      if (retriesLeft > 0 && error.status !== null && (RETRY_STATUS.has(error.status) || error.code === 'IDEMPOTENCY_KEY_IN_USE')) {
        const delay = error.retryAfter !== undefined ? error.retryAfter * 1000 : this.#backoff(attempt);
        if (delay > this.#opts.maxRetryAfterMs) throw error;
        if (error.status !== 429 && error.status !== 503) outcomeUnknown = true; // a gateway's 502/504
        retriesLeft -= 1;
        attempt += 1;
        emit(this.#opts.hooks, 'onRetry', { ...hookBase, nextAttempt: tries + 1, delayMs: delay, reason: error.code, status: error.status });
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
    name: EndpointName,
    call: Call,
    options: RequestOptions,
    mode: Mode,
    session: StoredSession | null,
    operation: string,
    extraHeaders: Record<string, string>,
  ): Promise<Outcome> {
    const route = endpoints[name];
    const headers: Record<string, string> = {
      ...extraHeaders,
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
      if (options.signal?.aborted) return abortError(options.signal, operation);
      if (timer.signal.aborted) {
        return new TimeoutError({ code: 'TIMEOUT', operation, messageEn: `The server did not answer within ${timeoutMs} ms.` });
      }
      return new NetworkError({ code: 'NETWORK_ERROR', operation, cause: networkCause(cause) });
    };
    try {
      const fetchImpl = this.#fetchImpl();
      let response: Response;
      try {
        response = (await fetchImpl(this.#url(route, call), { method: route.method.toUpperCase(), headers, ...(body !== undefined ? { body } : {}), signal })) as Response;
      } catch (error) {
        throw failure(error);
      }
      const requestId = response.headers.get('x-request-id');
      // only ever the answer to an If-None-Match (downloadIfChanged): the caller's copy is current
      if (mode === 'download' && response.status === 304) return { ok: true, status: 304, requestId, value: null };
      if (!response.ok) {
        try {
          return { ok: false, status: response.status, requestId, error: await errorFromResponse(response, operation) };
        } catch (error) {
          throw failure(error);
        }
      }
      if (mode === 'download') return { ok: true, status: response.status, requestId, value: response };
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw failure(error);
      }
      if (mode === 'empty') return { ok: true, status: response.status, requestId, value: undefined };
      const value = await parseSuccess(name, response.status, text, operation, requestId);
      rememberRequestId(value, requestId);
      return { ok: true, status: response.status, requestId, value };
    } finally {
      clearTimeout(handle);
    }
  }

  /** Never shows the session or the injected dependencies. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Transport { baseUrl: ${JSON.stringify(this.#opts.baseUrl)} }`;
  }
}

/**
 * D-12's key format, checked before sending; a fresh random key when the caller gave none
 * (node:crypto loads then: a run that only reads never needs it).
 */
async function idempotencyKeyOf(key: string | undefined): Promise<string> {
  if (key === undefined) return (await import('node:crypto')).randomUUID();
  if (typeof key !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw inputError('idempotencyKey', '冪等キーは1〜255文字の半角英数記号で指定してください。', 'An idempotency key is 1–255 visible ASCII characters.');
  }
  return key;
}

/** Per-call headers: valid names and values, and none of the SDK's own. */
function checkHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  if (!headers) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (['authorization', 'content-type', 'idempotency-key', 'content-length', 'host'].includes(lower)) continue;
    try {
      validateHeaderName(name);
      validateHeaderValue(name, String(value));
    } catch {
      throw inputError('headers', 'リクエストヘッダーの形式が正しくありません。', `The header ${JSON.stringify(name)} is not a valid HTTP header.`);
    }
    out[lower] = String(value);
  }
  return out;
}

const NOT_JSON = Symbol('not JSON');

interface SafeParser {
  safeParse(data: unknown): { success: boolean; data?: unknown; error?: { issues: { path: PropertyKey[]; message: string }[] } };
}

type Outcome = ({ ok: true; value: unknown } | { ok: false; error: MyPageError }) & { status: number; requestId: string | null };

/**
 * Every JSON answer is checked against its route's schema in `@mypage/api` before the caller sees
 * it: by the check generated from that schema (`@mypage/api/validate`, no zod), which gives zod's
 * output; an answer it refuses is handed to the zod schema itself (loaded then, see schemas.ts), so
 * the error names the field and reason in zod's words.
 */
async function parseSuccess(name: EndpointName, status: number, text: string, operation: string, requestId: string | null): Promise<unknown> {
  const unexpected = (why: string) =>
    new UnexpectedResponseError({
      code: 'UNEXPECTED_RESPONSE',
      status,
      operation,
      ...(requestId ? { requestId } : {}),
      messageEn: `The server's answer to ${operation} does not match the API contract: ${why}.`,
    });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = NOT_JSON;
  }
  const check = answerCheck(name, status);
  if (!check) throw unexpected(`status ${status} is not a documented answer`);
  if (data === NOT_JSON) throw unexpected('the body is not JSON');
  const value = check(data);
  if (value !== FAIL) return value;
  const { routes } = await apiSchemas();
  const responses: ApiRoute['responses'] = routes[name].responses;
  const schema = (responses[status] ?? responses[String(status)])?.content?.['application/json']?.schema as SafeParser | undefined;
  if (!schema) throw unexpected(`status ${status} is not a documented answer`);
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error?.issues[0];
    throw unexpected(issue ? `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}` : 'invalid shape');
  }
  return result.data;
}
