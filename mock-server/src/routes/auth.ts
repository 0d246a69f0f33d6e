import { getConnInfo } from '@hono/node-server/conninfo';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { routes } from '@mypage/api';
import type { App, AppContext, AppEnv } from '../app.js';
import { login, verifyOtp } from '../domain/login.js';
import { changePassword } from '../domain/password.js';

/** Login, OTP + robot check, logout, session (R-LOGIN-1..4, D-3). */
export function registerAuthRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.login), async (c) => c.json(await login(ctx, c.req.valid('json')), 200));
  app.openapi(createRoute(routes.verifyOtp), async (c) => c.json(await verifyOtp(ctx, c.req.valid('json'), remoteIp(c)), 200));
  app.openapi(createRoute(routes.logout), async (c) => {
    await ctx.sessions.end(c.get('auth').session);
    return c.body(null, 204);
  });
  app.openapi(createRoute(routes.changePassword), async (c) => c.json(await changePassword(ctx, c.get('auth'), c.req.valid('json')), 200));
  app.openapi(createRoute(routes.session), (c) => c.json(ctx.sessions.info(c.get('auth').session), 200));
}

/** The caller's address for reCAPTCHA's optional `remoteip` (absent under app.request() in tests). */
function remoteIp(c: Context<AppEnv>): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}
