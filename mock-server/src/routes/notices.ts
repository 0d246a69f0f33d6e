import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { contractOfGroup, parseNoticeFile } from '../domain/access.js';
import { findNotice, noticeFileName, noticesOf, noticeView } from '../domain/contracts.js';
import { documentResponse } from './download.js';

/** R-NOTICE-1, D-9: a contract's opening-notice dates, and each notice as a PDF. */
export function registerNoticeRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.openingNotices), async (c) => {
    const { group } = c.get('auth');
    const contract = await contractOfGroup(ctx.repos, group.id, c.req.valid('param').contractNumber);
    return c.json({ items: (await noticesOf(ctx.repos, contract.contractNumber, ctx.clock.now())).map(noticeView) }, 200);
  });
  app.openapi(createRoute(routes.openingNoticePdf), async (c) => {
    const { group } = c.get('auth');
    const { contractNumber, file } = c.req.valid('param');
    const contract = await contractOfGroup(ctx.repos, group.id, contractNumber);
    const date = parseNoticeFile(file);
    await findNotice(ctx.repos, contract.contractNumber, date, ctx.clock.now());
    const doc = await ctx.documents.get('opening-notice', `${contract.contractNumber}/${date}`, { kind: 'opening-notice', contract, date });
    return documentResponse(c, doc, noticeFileName(contract.contractNumber, date)) as never;
  });
}
