import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { parseMonth } from '../domain/access.js';
import { billList, computeBill, findBill } from '../domain/bills.js';
import { invoicePdf } from '../pdf/invoice.js';
import { downloadHeaders } from './download.js';

/** R-BILL-1..3, D-1, R-FMT-9, D-8: years and months, a month's breakdown, the invoice PDF. */
export function registerBillRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.bills), (c) => {
    const { group } = c.get('auth');
    return c.json(billList(ctx.store.data, group, ctx.clock.now(), c.req.valid('query').year), 200);
  });
  app.openapi(createRoute(routes.bill), (c) => {
    const { group } = c.get('auth');
    const month = parseMonth(c.req.valid('param').month);
    const record = findBill(ctx.store.data, group.id, month, ctx.clock.now());
    return c.json(computeBill(ctx.store.data, group, record), 200);
  });
  app.openapi(createRoute(routes.invoicePdf), (c) => {
    const { group } = c.get('auth');
    const month = parseMonth(c.req.valid('param').month);
    const record = findBill(ctx.store.data, group.id, month, ctx.clock.now());
    const bill = computeBill(ctx.store.data, group, record);
    const address = ctx.store.data.contracts.find((k) => k.billingGroupId === group.id)?.registeredAddress;
    const body = invoicePdf(bill, group, address);
    return c.body(body, 200, downloadHeaders('application/pdf', `invoice-${group.customerNumber}-${month}.pdf`)) as never;
  });
}
