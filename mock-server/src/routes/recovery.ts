import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { recoverAccessId, recoverEmail, recoverPassword, resetPassword } from '../domain/recovery.js';

/** Recovery (R-LOGIN-5): forgot access ID, forgot password (+ reset link), forgot registered address. */
export function registerRecoveryRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.recoverAccessId), async (c) => c.json(await recoverAccessId(ctx, c.req.valid('json')), 202));
  app.openapi(createRoute(routes.recoverPassword), async (c) => c.json(await recoverPassword(ctx, c.req.valid('json')), 202));
  app.openapi(createRoute(routes.resetPassword), async (c) =>
    c.json(await resetPassword(ctx, c.req.valid('param').token, c.req.valid('json')), 200),
  );
  app.openapi(createRoute(routes.recoverEmail), async (c) => c.json(await recoverEmail(ctx, c.req.valid('json')), 200));
}
