import { createRoute } from '@hono/zod-openapi';
import { CORPORATE_DESIGNATIONS, jstIso, routes } from '@mypage/api';
import type { Context } from 'hono';
import type { App, AppContext } from '../app.js';
import { TERMS } from '../domain/terms.js';
import { JSON_CONTENT_TYPE } from '../domain/shared-json.js';
import { ApiError } from '../errors.js';

export function registerMetaRoutes(app: App, ctx: AppContext): void {
  const health = healthBody(ctx);
  const answer = (c: Context) => c.body(health(ctx.clock.now()), 200, JSON_CONTENT_TYPE);
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
export function healthBody(ctx: AppContext): (now: Date) => Uint8Array<ArrayBuffer> {
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
