import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { toUser } from '../domain/accounts.js';

/** The signed-in user, their billing group and session (R-HOME-1). */
export function registerMeRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.me), (c) => {
    const { account, group, session } = c.get('auth');
    return c.json(
      {
        user: toUser(account),
        billingGroup: { id: group.id, customerNumber: group.customerNumber, name: group.name },
        session: ctx.sessions.info(session),
      },
      200,
    );
  });
}
