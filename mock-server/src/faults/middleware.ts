import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import type { FaultSwitches } from './switches.js';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Requests the switches never touch, so the back office can always turn them off again. */
const EXEMPT = /^\/api\/v1\/operator(\/|$)/;

/**
 * Applies the fault switches (dev mode only): waits the added latency, then answers 503
 * SERVICE_UNAVAILABLE with Retry-After, or drops the connection (the socket is destroyed; under
 * `app.request()` the body stream errors instead), or lets the request through.
 */
export function faultMiddleware(opts: { faults: FaultSwitches; enabled: boolean; sleep?: Sleep }): MiddlewareHandler {
  const check = faultCheck(opts);
  return async (c, next) => {
    const pending = check(c);
    const answer = pending && (await pending);
    if (answer) return answer;
    return next();
  };
}

/**
 * The switches as a check the app's front layer (security/front.ts) calls for every `/api/*`
 * request: `undefined` at once when no switch applies (no promise, no timer), else a promise of
 * the answer to give instead of the route's (a drop), or `undefined` to let the request through
 * (after the added latency). A 503 is thrown as ApiError, as a route would.
 */
export function faultCheck(opts: { faults: FaultSwitches; enabled: boolean; sleep?: Sleep }): (c: Context) => Promise<Response | undefined> | undefined {
  const sleep = opts.sleep ?? realSleep;
  return (c) => {
    if (!opts.enabled || EXEMPT.test(c.req.path)) return undefined;
    const decision = opts.faults.decide(c.req.method, c.req.path);
    if (!decision) return undefined;
    return (async () => {
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.outcome === 'fail') throw new ApiError('SERVICE_UNAVAILABLE', { retryAfter: decision.retryAfterSeconds });
      if (decision.outcome === 'drop') return drop(c);
      return undefined;
    })();
  };
}

function drop(c: Context): Response {
  const socket = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming?.socket;
  if (socket) {
    // A real connection: close it; the (never written) response body stays empty.
    socket.destroy();
    return new Response(new ReadableStream({ start() {} }), { status: 200 });
  }
  // In-process (`app.request()`): a body that errors, which is what a client sees of a dropped connection.
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.error(new Error('connection dropped (fault switch)'));
      },
    }),
    { status: 200 },
  );
}
