import { createRoute } from '@hono/zod-openapi';
import { CORPORATE_DESIGNATIONS, jstIso, routes } from '@mypage/api';
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { App, AppContext } from '../app.js';
import { TERMS } from '../domain/terms.js';
import { JSON_CONTENT_TYPE } from '../domain/shared-json.js';
import { ApiError } from '../errors.js';
import { AnswerResponse } from '../security/answer-headers.js';
import { requestIdFor } from '../security/front.js';
import { NO_STORE } from '../security/request-guards.js';

export function registerMetaRoutes(app: App, ctx: AppContext): void {
  const health = healthBody(ctx);
  const answer = (c: Context) => c.body(health(ctx.clock.now()), 200, JSON_CONTENT_TYPE);
  answerProbesAtOnce(app, ctx, health);
  app.openapi(createRoute(routes.health), (c) => {
    // A load balancer takes an instance whose database is down out of rotation (D-13). An engine in
    // this process answers at once; a database server is asked (a promise).
    const up = ctx.storeUp();
    if (up === true) return answer(c) as never;
    return Promise.resolve(up).then((ok) => {
      if (!ok) throw new ApiError('SERVICE_UNAVAILABLE', { retryAfter: 5, messageJa: 'データベースに接続できません。', messageEn: 'The database is down.' });
      return answer(c);
    }) as never;
  });
  app.openapi(createRoute(routes.terms), (c) => c.json(TERMS, 200));
  app.openapi(createRoute(routes.corporateDesignations), (c) =>
    c.json({ items: CORPORATE_DESIGNATIONS.map((d) => ({ kanji: d.kanji, kana: d.kana, abbreviations: [...d.abbreviations] })) }, 200),
  );
}

/**
 * The health answer (`{ status, version, time, dev }`, time in Japan time to the second) as bytes,
 * made once per second of the clock rather than once per request: a load balancer may ask many
 * times a second, and only `time` changes, once a second.
 */
function healthBody(ctx: AppContext): (now: Date) => Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  let second = NaN;
  let body = new Uint8Array(0);
  return (now) => {
    const s = Math.floor(now.getTime() / 1000);
    if (s !== second) {
      body = encoder.encode(JSON.stringify({ status: 'ok', version: ctx.config.version, time: jstIso(now), dev: ctx.config.dev }));
      second = s;
    }
    return body;
  };
}

/**
 * A plain `GET /api/v1/health` answered in the request's own turn, when nothing can change its
 * answer: under mypage-server (AnswerResponse), no fault switch set, the store in this process.
 * Without a Hono context, the router's match or the front layer's checks: a load balancer's probe
 * pays for none of the app (the app's own path answers a GET in the same turn too, app.ts, but
 * builds and routes a context; before that, an answer that came as a promise cost @hono/node-server
 * a close listener and an async path per request). The answer is the route's own — the same body (`health`) and headers
 * (front.test.ts); anything else — a query string, HEAD, a switch, a database server to ask — goes
 * through the app.
 */
function answerProbesAtOnce(app: App, ctx: AppContext, health: (now: Date) => Uint8Array<ArrayBuffer>): void {
  const appFetch = app.fetch;
  app.fetch = (request, env, executionCtx) => {
    const node = env as { incoming?: IncomingMessage; outgoing?: unknown } | undefined;
    const incoming = node?.incoming;
    const outgoing = node?.outgoing;
    if (incoming?.url === routes.health.path && incoming.method === 'GET' && outgoing instanceof AnswerResponse && !(ctx.config.dev && ctx.faults.active) && ctx.storeInProcess) {
      const asked = incoming.headers['x-request-id'];
      outgoing.setDefaultHeaders({ 'x-request-id': requestIdFor(typeof asked === 'string' ? asked : undefined), 'cache-control': NO_STORE });
      return new Response(health(ctx.clock.now()), { status: 200, headers: JSON_CONTENT_TYPE });
    }
    return appFetch(request, env, executionCtx);
  };
}
