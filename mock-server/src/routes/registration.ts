import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { checkLink, completeRegistration, startRegistration } from '../domain/registration.js';

/** Registration (初回登録, R-REG-1..6). */
export function registerRegistrationRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.registrationStart), async (c) => c.json(await startRegistration(ctx, c.req.valid('json')), 202));
  app.openapi(createRoute(routes.registrationLink), (c) => c.json(checkLink(ctx, c.req.valid('param').token), 200));
  app.openapi(createRoute(routes.registrationComplete), async (c) =>
    c.json(await completeRegistration(ctx, c.req.valid('param').token, c.req.valid('json')), 200),
  );
}
