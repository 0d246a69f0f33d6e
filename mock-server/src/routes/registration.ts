import { createRoute } from '@hono/zod-openapi';
import { jstDateTime, routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { linkHash } from '../domain/links.js';
import { checkLink, completeRegistration, startRegistration } from '../domain/registration.js';

/** Registration (初回登録, R-REG-1..6), and the pages the mailed links open. */
export function registerRegistrationRoutes(app: App, ctx: AppContext): void {
  app.openapi(createRoute(routes.registrationStart), async (c) => c.json(await startRegistration(ctx, c.req.valid('json')), 202));
  app.openapi(createRoute(routes.registrationLink), async (c) => c.json(await checkLink(ctx, c.req.valid('param').token), 200));
  app.openapi(createRoute(routes.registrationComplete), async (c) =>
    c.json(await completeRegistration(ctx, c.req.valid('param').token, c.req.valid('json')), 200),
  );

  // The links in the mails (`<publicUrl>/regist/new/<token>`, `…/recovery/password/<token>`) open
  // a short page saying whether the link is still valid and how to finish with the CLI or the API.
  for (const [pattern, purpose] of [['/regist/new/:token', 'registration'], ['/recovery/password/:token', 'password-reset']] as const) {
    app.get(pattern, async (c) => {
      const hash = linkHash(c.req.param('token'));
      const link = hash && (await ctx.repos.links.findValid(hash, ctx.clock.now(), purpose));
      c.header('Cache-Control', 'no-store');
      c.header('Referrer-Policy', 'no-referrer');
      return c.html(linkPage(purpose, new URL(c.req.url).href, link ? new Date(link.expiresAt) : null), link ? 200 : 410);
    });
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function linkPage(purpose: 'registration' | 'password-reset', url: string, expiresAt: Date | null): string {
  const title = purpose === 'registration' ? '初回登録（本登録）' : 'パスワード再設定';
  const u = escapeHtml(url);
  const body = !expiresAt
    ? `<p>このURLは無効です。URLの有効期間は10日間で、一度ご利用になると無効となります。</p>
<p>This link is invalid, used or expired (links are valid for 10 days, once).</p>`
    : purpose === 'registration'
      ? `<p>メールに記載のアクセスIDと仮パスワードを入力し、本パスワードを設定してください（有効期限：${jstDateTime(expiresAt).slice(0, 16)}）。</p>
<pre>mypage register complete "${u}" --access-id &lt;アクセスID&gt;</pre>
<p>Finish with the access ID and temporary password from the mail, then set your password (CLI above, or <code>POST /api/v1/registrations/&lt;token&gt;/complete</code>).</p>`
      : `<p>アクセスIDと新しいパスワードを入力してください（有効期限：${jstDateTime(expiresAt).slice(0, 16)}）。</p>
<pre>mypage recover reset "${u}" --access-id &lt;アクセスID&gt;</pre>
<p>Set a new password with your access ID (CLI above, or <code>POST /api/v1/recovery/password/&lt;token&gt;</code>).</p>`;
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>${title} — 日本メディアシステム マイページ</title></head>
<body><h1>${title}</h1>${body}</body></html>`;
}
