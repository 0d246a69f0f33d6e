import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { contractOfGroup } from '../domain/access.js';
import { contractView, listContracts } from '../domain/contracts.js';

/** R-HOME-2, R-CON-1..3: the caller's contracts (another group's contract is CONTRACT_NOT_FOUND). */
export function registerContractRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.contracts), async (c) => {
    const { group, dataVersion } = c.get('auth');
    return c.json({ items: await listContracts(ctx.repos, group.id, c.req.valid('query').group, dataVersion) }, 200);
  });
  app.openapi(createRoute(routes.contract), async (c) => {
    const { group } = c.get('auth');
    const contract = await contractOfGroup(ctx.repos, group.id, c.req.valid('param').contractNumber);
    return c.json(await contractView(ctx.repos, contract, ctx.clock.now()), 200);
  });
}
