import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { createUser, deleteUser, listUsers, updateUser } from '../domain/users.js';

/** User management (ユーザ管理, R-USER-1..3): admin only, enforced by app.ts from the route table. */
export function registerUserRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.users), async (c) => c.json({ items: await listUsers(ctx, c.get('auth')) }, 200));
  app.openapi(createRoute(routes.userCreate), async (c) => c.json(await createUser(ctx, c.get('auth'), c.req.valid('json')), 201));
  app.openapi(createRoute(routes.userUpdate), async (c) =>
    c.json(await updateUser(ctx, c.get('auth'), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  app.openapi(createRoute(routes.userDelete), async (c) => {
    await deleteUser(ctx, c.get('auth'), c.req.valid('param').id);
    return c.body(null, 204);
  });
}
