import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { INQUIRY_CATEGORIES, groupInquiries, sendInquiry } from '../domain/inquiries.js';

/** R-INQ-1..3: categories, send (with a receipt mail), the group's history newest first. */
export function registerInquiryRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.inquiryCategories), (c) => c.json({ items: INQUIRY_CATEGORIES.map((x) => ({ ...x })) }, 200));
  app.openapi(createRoute(routes.inquiries), async (c) => c.json({ items: await groupInquiries(ctx, c.get('auth').group.id) }, 200));
  app.openapi(createRoute(routes.inquiryCreate), async (c) => c.json(await sendInquiry(ctx, c.get('auth'), c.req.valid('json')), 201));
}
