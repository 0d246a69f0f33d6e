import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { ApiError } from '../errors.js';

/**
 * The dev mailbox (D-4): the mails the server "sent", oldest first, so a demo or a test reads an
 * OTP without a mail server. Only in dev mode (app.ts answers 404 otherwise: `x-auth: dev`).
 * `?to=` filters by address (case-insensitive); `?since=` (an ISO instant) keeps later mails.
 */
export function registerDevRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.devMailbox), (c) => {
    const { to, since } = c.req.valid('query');
    let after: number | undefined;
    if (since !== undefined) {
      after = Date.parse(since);
      if (Number.isNaN(after)) {
        throw new ApiError('VALIDATION_FAILED', {
          details: [{ path: 'since', message: 'sinceの形式が正しくありません。', messageEn: 'since must be an ISO 8601 instant' }],
        });
      }
    }
    const items = ctx.mailer
      .list(to === undefined ? {} : { to })
      .filter((m) => after === undefined || Date.parse(m.sentAt) > after)
      .map(({ id, from, to: address, subject, text, sentAt }) => ({ id, from, to: address, subject, text, sentAt }));
    return c.json({ items }, 200);
  });
}
