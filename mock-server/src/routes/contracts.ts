import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { contractOfGroup } from '../domain/access.js';
import { contractView, listContracts } from '../domain/contracts.js';
import { JSON_CONTENT_TYPE, sharedItemsJson } from '../domain/shared-json.js';

/** R-HOME-2, R-CON-1..3: the caller's contracts (another group's contract is CONTRACT_NOT_FOUND). */
export function registerContractRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.contracts), async (c) => {
    const { group, dataVersion } = c.get('auth');
    // the list is shared (bill-cache.ts) and never changed: its JSON text is made once
    return c.body(sharedItemsJson(await listContracts(ctx.repos, group.id, c.req.valid('query').group, dataVersion)), 200, JSON_CONTENT_TYPE) as never;
  });
  app.openapi(createRoute(routes.contract), async (c) => {
    const { group } = c.get('auth');
    const contract = await contractOfGroup(ctx.repos, group.id, c.req.valid('param').contractNumber);
    return c.json(await contractView(ctx.repos, contract, ctx.clock.now()), 200);
  });
}
