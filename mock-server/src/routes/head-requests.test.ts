import { operatorRoutes, routes } from '@mypage/api';
import { describe, expect, it } from 'vitest';
import { call, demoApp, signInDemoAdmin } from '../testing/index.js';

/*
 * HEAD is answered by a route's GET handler (Hono), so it must pass the same `x-auth` check as GET:
 * no session → 401, no operator token → 401/403, dev routes outside dev mode → 404, never a 5xx and
 * never a bypass (bad input gets a 4xx envelope; access control holds for HEAD as for GET).
 */

const sample = (path: string) =>
  path
    .replace('{contractNumber}', 'CAF0000000001')
    .replace('{file}', '2023-12-01.pdf')
    .replace('{month}', '2023-12')
    .replace('{token}', '0123456789ABCDEF0123456789ABCDEF')
    .replace('{id}', 'grp_nope');

const getRoutes = (table: Record<string, { method: string; path: string; 'x-auth': string }>) =>
  Object.values(table).filter((r) => r.method === 'get');

describe('HEAD requests pass the same auth as GET (D-3, back office)', () => {
  it.each(getRoutes(routes).filter((r) => r['x-auth'] === 'session' || r['x-auth'] === 'admin'))('HEAD $path without a session → 401 like GET', async (route) => {
    const t = await demoApp();
    const res = await call(t, 'HEAD', sample(route.path));
    expect(res.status).toBe(401);
  });

  it.each(getRoutes(operatorRoutes))('HEAD $path without the operator token → 401, like GET', async (route) => {
    const t = await demoApp();
    const head = await call(t, 'HEAD', sample(route.path));
    const get = await call(t, 'GET', sample(route.path));
    expect(get.status).toBe(401);
    expect(head.status).toBe(401);
  });

  it('HEAD of the dev mailbox outside dev mode → 404 (D-4: dev only)', async () => {
    const t = await demoApp({ config: { dev: false } });
    expect((await call(t, 'HEAD', '/api/v1/dev/mailbox')).status).toBe(404);
  });

  it('HEAD with a session answers like GET and slides the idle expiry (R-LOGIN-4)', async () => {
    const t = await demoApp();
    const token = await signInDemoAdmin(t);
    t.clock.advance(9 * 60_000);
    const head = await call(t, 'HEAD', '/api/v1/bills/2023-10', { token });
    expect(head.status).toBe(200);
    t.clock.advance(9 * 60_000);
    expect((await call(t, 'GET', '/api/v1/me', { token })).status).toBe(200);
  });
});
