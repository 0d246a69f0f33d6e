import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.js';
import { faultCheck, type Sleep } from '../faults/middleware.js';
import type { FaultSwitches } from '../faults/switches.js';
import { nodeResponse, requestHeader } from '../request-headers.js';
import { AnswerResponse } from './answer-headers.js';
import { bodyNotAllowed, NO_STORE } from './request-guards.js';

/*
 * The app's front layer: what every request goes through first, as ONE function (no promise of its
 * own for a GET under Node, at most one otherwise; nothing asks a bodiless request for its body,
 * and no WHATWG Headers is built for it — request-headers.ts). A GET runs it inside its route's one
 * step (`withFront`), so that Hono matches a single handler; the other methods, as the app's first
 * middleware; a request no route takes, in the notFound handler (app.ts). In order:
 *
 * 1. the request id: the client's `x-request-id` when it is a plain token of 1–64 characters, else
 *    a fresh UUID; in every error envelope and in the `x-request-id` header of every answer;
 * 2. on `/api/*`: a GET or HEAD with a body refused (request-guards.ts);
 * 3. on `/api/*`, for methods that carry a body: the body limit (413 PAYLOAD_TOO_LARGE);
 * 4. on `/api/*` in dev mode: the fault switches (faults/middleware.ts) — `/api/v1/health`
 *    included, so a switch can take an instance out of a load balancer's rotation;
 * 5. the rest of the app; then `Cache-Control: no-store` on every `/api/*` answer that has none
 *    of its own (request-guards.ts).
 */

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** The request id of a request: the client's when it is a plain token of 1–64 characters, else a fresh UUID. */
export const requestIdFor = (asked: string | undefined): string => (asked && REQUEST_ID.test(asked) ? asked : randomUUID());

export interface FrontOptions {
  bodyLimitBytes: number;
  faults: FaultSwitches;
  /** The fault switches apply (dev mode only). */
  faultsEnabled: boolean;
  /** The error envelope for an ApiError (app.ts `errorResponse`). */
  errorResponse: (c: Context, error: ApiError) => Response;
  /**
   * The app's error handler (what `app.onError` answers): in-process, an error thrown by a route's
   * step run inside this layer (`withFront`) is answered here, so the answer gets this layer's
   * headers as a middleware's would. Without it, such an error is left to the app.
   */
  onError?: (error: Error, c: Context) => Response;
  sleep?: Sleep;
}

const isApi = (path: string) => path.startsWith('/api/') || path === '/api';

/** Whether `frontMiddleware`'s layer has run on this request (it sets the request id first). */
const frontRan = (c: Context) => c.get('requestId') !== undefined;

export function frontMiddleware(opts: FrontOptions): MiddlewareHandler {
  const fault = faultCheck({ faults: opts.faults, enabled: opts.faultsEnabled, ...(opts.sleep ? { sleep: opts.sleep } : {}) });
  const limitBody = bodyLimit({ maxSize: opts.bodyLimitBytes, onError: (c) => opts.errorResponse(c, new ApiError('PAYLOAD_TOO_LARGE')) });

  // Only this layer's own refusals are answered here; the answer is returned (and set), so that a
  // route's step that runs this layer itself (`withFront`) answers it as a middleware would.
  const refuse = (c: Context, error: unknown): Response => {
    if (!(error instanceof ApiError)) throw error;
    return (c.res = opts.errorResponse(c, error));
  };

  return (c, next) => {
    // once per request: the app's notFound handler runs it too, after it may have run as a middleware
    if (frontRan(c)) return next();
    const asked = requestHeader(c, 'x-request-id');
    const requestId = requestIdFor(asked);
    c.set('requestId', requestId);
    const api = isApi(c.req.path);
    // Under Node, the defaults go on Node's response now (the answer's own headers win when it
    // is written: security/answer-headers.ts); in-process they are added to the answer afterwards.
    const outgoing = nodeResponse(c);
    if (outgoing instanceof AnswerResponse) outgoing.setDefaultHeaders(api ? { 'x-request-id': requestId, 'cache-control': NO_STORE } : { 'x-request-id': requestId });
    else if (outgoing) {
      outgoing.setHeader('x-request-id', requestId);
      if (api) outgoing.setHeader('Cache-Control', NO_STORE);
    }
    // In-process: on the answer returned (a route's step run by `withFront`), else on `c.res`.
    const after = outgoing
      ? undefined
      : (answer: unknown) => {
          const headers = (answer instanceof Response ? answer : c.res).headers;
          if (!headers.has('x-request-id')) headers.set('x-request-id', requestId);
          if (api && !headers.has('cache-control')) headers.set('Cache-Control', NO_STORE);
          return answer instanceof Response ? answer : undefined;
        };
    let passed: unknown;
    try {
      passed = run(c, next, api);
    } catch (error) {
      if (!after || !opts.onError) throw error;
      return after(opts.onError(error as Error, c)) as never;
    }
    // A signed-in read under Node: no promise of this layer's own, and none at all where the
    // route's step answers in the same turn (`withFront`).
    if (!after) return passed as Promise<void>;
    if (!(passed instanceof Promise)) return after(passed) as never;
    return passed.then(after, opts.onError ? (error: Error) => after(opts.onError!(error, c)) : undefined) as Promise<void>;
  };

  /** The layer's checks, then the rest of the app: what `next` answers, or this layer's refusal. */
  function run(c: Context, next: Next, api: boolean): unknown {
    let passed: unknown;
    if (!api) passed = next();
    else {
      const refused = bodyNotAllowed(c);
      // After the fault switches' latency (if any): their answer, or the app's.
      const pass = (): unknown => {
        const pending = fault(c);
        return pending ? pending.then<unknown>((answer) => (answer ? (c.res = answer) : next())).catch((error: unknown) => refuse(c, error)) : next();
      };
      const method = c.req.method;
      if (refused) passed = refuse(c, refused);
      else if (method === 'GET' || method === 'HEAD') passed = pass();
      // Its answer is a Response only when the body is too large (else what `pass` resolved to).
      else passed = (limitBody(c, pass as () => Promise<void>) as Promise<unknown>).then((answer) => (answer instanceof Response ? (c.res = answer) : undefined));
    }
    return passed;
  }
}

const FRONTED = new WeakSet<MiddlewareHandler>();

/**
 * A GET route's one step with the front layer run first, inside it: a signed-in read is then the
 * only handler Hono matches, and Hono calls it without its middleware chain (no `compose`, no
 * promise per level) — and answers in the same turn when the step does. The app registers the
 * front layer as a middleware only for the other methods (app.ts), and checks at start that every
 * GET it routes runs it (`runsFront`).
 */
export function withFront(front: MiddlewareHandler, step: (c: Context, next: Next) => unknown): MiddlewareHandler {
  const handler: MiddlewareHandler = (c, next) => front(c, () => step(c, next) as Promise<void>);
  FRONTED.add(handler);
  return handler;
}

/** Whether `handler` is the front layer or a step made by `withFront`. */
export const runsFront = (handler: unknown): boolean => FRONTED.has(handler as MiddlewareHandler);

/** Marks the front layer itself (registered as a middleware on some routes). */
export function markFront(front: MiddlewareHandler): MiddlewareHandler {
  FRONTED.add(front);
  return front;
}
