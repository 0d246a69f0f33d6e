import { createRoute } from '@hono/zod-openapi';
import { jstIso, routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';

/** R-HOME-1: お知らせ for every group and for the caller's group, newest first. */
export function registerNewsRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.news), async (c) => {
    const { group } = c.get('auth');
    const items = (await ctx.repos.news.listVisible(group.id, ctx.clock.now())).map((n) => ({ id: n.id, title: n.title, body: n.body, publishedAt: jstIso(new Date(n.publishedAt)) }));
    return c.json({ items }, 200);
  });
}
