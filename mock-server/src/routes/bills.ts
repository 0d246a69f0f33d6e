import { createRoute } from '@hono/zod-openapi';
import { routes, type Bill } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { parseMonth } from '../domain/access.js';
import { billList, billStatement, keptBillStatement } from '../domain/bills.js';
import { documentResponse } from './download.js';
import { JSON_CONTENT_TYPE, sharedJson } from '../domain/shared-json.js';

/** R-BILL-1..3, D-1, R-FMT-9, D-8: years and months, a month's breakdown, the invoice PDF. */
export function registerBillRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.bills), async (c) => {
    const { group, dataVersion } = c.get('auth');
    return c.json(await billList(ctx.repos, group, ctx.clock.now(), c.req.valid('query').year, dataVersion), 200);
  });
  app.openapi(createRoute(routes.bill), (c) => {
    const { group, dataVersion } = c.get('auth');
    const month = parseMonth(c.req.valid('param').month);
    const now = ctx.clock.now();
    // the breakdown is shared (bill-cache.ts) and never changed: its JSON text is made once; a kept
    // breakdown is answered in the same turn (no promise for the repeated read)
    const answer = (bill: Bill) => c.body(sharedJson(bill), 200, JSON_CONTENT_TYPE) as never;
    const kept = keptBillStatement(ctx.repos, group, month, now, dataVersion);
    return kept ? answer(kept) : billStatement(ctx.repos, group, month, now, dataVersion).then(answer);
  });
  app.openapi(createRoute(routes.invoicePdf), async (c) => {
    const { group, dataVersion } = c.get('auth');
    const month = parseMonth(c.req.valid('param').month);
    // the breakdown as the bill read shows it (kept per data version); the address from the contracts
    const bill = await billStatement(ctx.repos, group, month, ctx.clock.now(), dataVersion);
    const address = (await ctx.repos.billingGroups.contractsOf(group.id))[0]?.registeredAddress;
    const doc = await ctx.documents.get('invoice', `${group.id}/${month}`, { kind: 'invoice', bill, group, address });
    return documentResponse(c, doc, `invoice-${group.customerNumber}-${month}.pdf`) as never;
  });
}
