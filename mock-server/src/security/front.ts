import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors.js';
import { faultCheck, type Sleep } from '../faults/middleware.js';
import type { FaultSwitches } from '../faults/switches.js';
import { nodeResponse, requestHeader } from '../request-headers.js';
import { AnswerResponse } from './answer-headers.js';
import { bodyNotAllowed, NO_STORE } from './request-guards.js';

/*
 * The app's front layer: what every request goes through before routing, as ONE middleware (no
 * promise of its own for a GET under Node, at most one otherwise; nothing asks a bodiless request
 * for its body, and no WHATWG Headers is built for it — request-headers.ts). In order:
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
  sleep?: Sleep;
}

const isApi = (path: string) => path.startsWith('/api/') || path === '/api';

export function frontMiddleware(opts: FrontOptions): MiddlewareHandler {
  const fault = faultCheck({ faults: opts.faults, enabled: opts.faultsEnabled, ...(opts.sleep ? { sleep: opts.sleep } : {}) });
  const limitBody = bodyLimit({ maxSize: opts.bodyLimitBytes, onError: (c) => opts.errorResponse(c, new ApiError('PAYLOAD_TOO_LARGE')) });

  // Only this layer's own refusals are answered here (a later layer's errors are answered by the
  // app's onError where they are thrown, so `next()` does not reject with them).
  const refuse = (c: Context, error: unknown) => {
    if (!(error instanceof ApiError)) throw error;
    c.res = opts.errorResponse(c, error);
  };

  return (c, next) => {
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
    const after = outgoing
      ? undefined
      : () => {
          const headers = c.res.headers;
          if (!headers.has('x-request-id')) headers.set('x-request-id', requestId);
          if (api && !headers.has('cache-control')) headers.set('Cache-Control', NO_STORE);
        };
    let passed: Promise<void>;
    if (!api) passed = next();
    else {
      const refused = bodyNotAllowed(c);
      // After the fault switches' latency (if any): their answer, or the app's.
      const pass = (): Promise<void> => {
        const pending = fault(c);
        return pending ? pending.then((answer) => (answer ? void (c.res = answer) : next())).catch((error: unknown) => refuse(c, error)) : next();
      };
      const method = c.req.method;
      if (refused) {
        refuse(c, refused);
        passed = Promise.resolve();
      } else if (method === 'GET' || method === 'HEAD') passed = pass();
      // Its answer is a Response only when the body is too large (else what `pass` resolved to).
      else passed = (limitBody(c, pass) as Promise<unknown>).then((tooLarge) => void (tooLarge instanceof Response && (c.res = tooLarge)));
    }
    // A signed-in read under Node: no promise of this layer's own (one dispatch level less).
    return after ? passed.then(after) : passed;
  };
}
