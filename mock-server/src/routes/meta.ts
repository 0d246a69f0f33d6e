import { createRoute } from '@hono/zod-openapi';
import { CORPORATE_DESIGNATIONS, jstIso, routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { TERMS } from '../domain/terms.js';
import { ApiError } from '../errors.js';

export function registerMetaRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.health), async (c) => {
    // A load balancer takes an instance whose database is down out of rotation (D-13).
    if (!(await ctx.storeUp())) {
      throw new ApiError('SERVICE_UNAVAILABLE', { retryAfter: 5, messageJa: 'データベースに接続できません。', messageEn: 'The database is down.' });
    }
    return c.json({ status: 'ok' as const, version: ctx.config.version, time: jstIso(ctx.clock.now()), dev: ctx.config.dev }, 200);
  });
  app.openapi(createRoute(routes.terms), (c) => c.json(TERMS, 200));
  app.openapi(createRoute(routes.corporateDesignations), (c) =>
    c.json({ items: CORPORATE_DESIGNATIONS.map((d) => ({ kanji: d.kanji, kana: d.kana, abbreviations: [...d.abbreviations] })) }, 200),
  );
}
