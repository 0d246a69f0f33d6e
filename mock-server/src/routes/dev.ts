import { createRoute } from '@hono/zod-openapi';
import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { ApiError } from '../errors.js';

/**
 * The dev mailbox (D-4): the mails the server "sent", oldest first, so a demo or a test reads an
 * OTP without a mail server. Only in dev mode (app.ts answers 404 otherwise: `x-auth: dev`).
 * `?to=` filters by address (case-insensitive); `?since=` (an ISO instant) keeps later mails.
 * `/dev/mailbox/<id>` answers one mail (404 NOT_FOUND when there is none).
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

  // One mail by its id (`mypage dev mail <id>`): registration, reset and OTP mails read whole.
  app.openapi(createRoute(routes.devMail), (c) => {
    const { id } = c.req.valid('param');
    const mail = ctx.mailer.list().find((m) => m.id === id);
    if (!mail) throw new ApiError('NOT_FOUND', { messageJa: `指定のメールは存在しません: ${id}`, messageEn: `No mail ${id} in the dev mailbox.` });
    const { from, to, subject, text, sentAt } = mail;
    return c.json({ id, from, to, subject, text, sentAt }, 200);
  });
}
