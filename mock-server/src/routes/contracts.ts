import { createRoute } from '@hono/zod-openapi';
import { routes, type ContractSummary } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { contractOfGroup } from '../domain/access.js';
import { contractView, keptContracts, listContracts } from '../domain/contracts.js';
import { JSON_CONTENT_TYPE, sharedItemsJson } from '../domain/shared-json.js';

/** R-HOME-2, R-CON-1..3: the caller's contracts (another group's contract is CONTRACT_NOT_FOUND). */
export function registerContractRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.contracts), (c) => {
    const { group, dataVersion } = c.get('auth');
    const contractGroup = c.req.valid('query').group;
    // the list is shared (bill-cache.ts) and never changed: its JSON text is made once; a kept
    // list is answered in the same turn (no promise for the repeated read)
    const answer = (items: ContractSummary[]) => c.body(sharedItemsJson(items), 200, JSON_CONTENT_TYPE) as never;
    const kept = keptContracts(ctx.repos, group.id, contractGroup, dataVersion);
    return kept ? answer(kept) : listContracts(ctx.repos, group.id, contractGroup, dataVersion).then(answer);
  });
  app.openapi(createRoute(routes.contract), async (c) => {
    const { group } = c.get('auth');
    const contract = await contractOfGroup(ctx.repos, group.id, c.req.valid('param').contractNumber);
    return c.json(await contractView(ctx.repos, contract, ctx.clock.now()), 200);
  });
}
