import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { randomId } from '../domain/secrets.js';
import { INQUIRY_CATEGORIES, categoryOf, inquiryView, kindOf } from '../domain/inquiries.js';
import { inquiryReceiptMail } from '../mail/notifications.js';
import type { InquiryRecord } from '../store/schema.js';

/** R-INQ-1..3: categories, send (with a receipt mail), the group's history newest first. */
export function registerInquiryRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.inquiryCategories), (c) => c.json({ items: INQUIRY_CATEGORIES.map((x) => ({ ...x })) }, 200));

  app.openapi(createRoute(routes.inquiries), (c) => {
    const { group } = c.get('auth');
    const data = ctx.store.data;
    const items = data.inquiries
      .filter((i) => i.billingGroupId === group.id)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .map((i) => inquiryView(data, i));
    return c.json({ items }, 200);
  });

  app.openapi(createRoute(routes.inquiryCreate), async (c) => {
    const { account, group } = c.get('auth');
    const input = c.req.valid('json');
    const category = categoryOf(input.category);
    const record: InquiryRecord = {
      id: randomId('inq'),
      billingGroupId: group.id,
      accountId: account.id,
      category: category.id,
      subject: input.subject.trim(),
      body: input.body ?? '',
      kind: kindOf(category.id, input.subject),
      status: 'received',
      createdAt: ctx.clock.now().toISOString(),
      resolvedAt: null,
      effectiveFrom: null,
    };
    await ctx.store.update((d) => {
      d.inquiries.push(record);
    });
    const view = inquiryView(ctx.store.data, record);
    await ctx.mailer.send(inquiryReceiptMail(account.email, account.name, view));
    return c.json(view, 201);
  });
}
