import { createRoute } from '@hono/zod-openapi';
import { CORPORATE_DESIGNATIONS, jstIso, routes } from '@mypage/api';
import type { Context } from 'hono';
import type { App, AppContext } from '../app.js';
import { TERMS } from '../domain/terms.js';
import { JSON_CONTENT_TYPE } from '../domain/shared-json.js';
import { ApiError } from '../errors.js';
import { answerAtNode, type NodeAnswer } from '../node-server.js';
import { requestIdFor } from '../security/front.js';
import { NO_STORE } from '../security/request-guards.js';

export function registerMetaRoutes(app: App, ctx: AppContext): void {
  const health = healthBody(ctx);
  const answer = (c: Context) => c.body(health(ctx.clock.now()), 200, JSON_CONTENT_TYPE);
  answerAtNode(app, healthAtNode(ctx, health));
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

/** A Host that @hono/node-server takes as it is, without parsing it (its own `reValidHost`). */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;

/**
 * A plain `GET /api/v1/health` answered by the Node server itself (node-server.ts), when nothing can
 * change its answer: no fault switch set, the store in this process, no query string, no body, a
 * plain Host header.
 * A load balancer's probe then pays for none of the app (context, router, front layer) and, unlike
 * an answer at the top of `app.fetch`, for none of @hono/node-server's request and response
 * objects: +8 % requests/s at 10,000 customers in an A/B against that (docs/performance.md). The
 * answer is the route's own — the same body (`health`) and headers (front.test.ts); anything else
 * — HEAD, a query string, a body (refused by the app, request-guards.ts), a switch, a database
 * server to ask — goes through the app.
 */
function healthAtNode(ctx: AppContext, health: (now: Date) => Uint8Array<ArrayBuffer>): NodeAnswer {
  const path = routes.health.path;
  return (req, res) => {
    if (req.url !== path || req.method !== 'GET' || !ctx.storeInProcess || (ctx.config.dev && ctx.faults.active)) return false;
    const headers = req.headers;
    if (headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) return false;
    // A Host header @hono/node-server would look at twice (or refuse: 400) goes to the app.
    const host = headers.host;
    if (host === undefined || !PLAIN_HOST.test(host)) return false;
    const asked = headers['x-request-id'];
    const body = health(ctx.clock.now());
    res.writeHead(200, {
      'x-request-id': requestIdFor(typeof asked === 'string' ? asked : undefined),
      'cache-control': NO_STORE,
      'content-type': JSON_CONTENT_TYPE['content-type'],
      'content-length': body.byteLength,
    });
    res.end(body);
    return true;
  };
}
