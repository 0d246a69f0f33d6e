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
 * The app's front layer: what every request goes through before routing, as ONE middleware (one
 * promise per request, not one per step; nothing asks a bodiless request for its body, and no
 * WHATWG Headers is built for it — request-headers.ts). In order:
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

  return async (c, next) => {
    const asked = requestHeader(c, 'x-request-id');
    const requestId = requestIdFor(asked);
    c.set('requestId', requestId);
    const api = isApi(c.req.path);
    // Under Node, the defaults go on Node's response now (the answer's own headers win when it
    // is written: security/answer-headers.ts); in-process they are added to the answer below.
    const outgoing = nodeResponse(c);
    if (outgoing instanceof AnswerResponse) outgoing.setDefaultHeaders(api ? { 'x-request-id': requestId, 'cache-control': NO_STORE } : { 'x-request-id': requestId });
    else if (outgoing) {
      outgoing.setHeader('x-request-id', requestId);
      if (api) outgoing.setHeader('Cache-Control', NO_STORE);
    }
    try {
      if (!api) await next();
      else {
        const refused = bodyNotAllowed(c);
        if (refused) throw refused;
        // After the fault switches' latency (if any): their answer, or the app's.
        const pass = (): Promise<void> => {
          const pending = fault(c);
          return pending ? pending.then((answer) => (answer ? void (c.res = answer) : next())) : next();
        };
        const method = c.req.method;
        if (method === 'GET' || method === 'HEAD') await pass();
        else {
          // Its answer is a Response only when the body is too large (else what `pass` resolved to).
          const tooLarge: unknown = await limitBody(c, pass);
          if (tooLarge instanceof Response) c.res = tooLarge;
        }
      }
    } catch (error) {
      // Only this layer's own refusals reach here (a later layer's errors are answered by the
      // app's onError where they are thrown).
      if (!(error instanceof ApiError)) throw error;
      c.res = opts.errorResponse(c, error);
    }
    if (!outgoing) {
      const headers = c.res.headers;
      if (!headers.has('x-request-id')) headers.set('x-request-id', requestId);
      if (api && !headers.has('cache-control')) headers.set('Cache-Control', NO_STORE);
    }
  };
}
