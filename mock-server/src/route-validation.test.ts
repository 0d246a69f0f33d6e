import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from './app.js';
import { lightRequestValidation } from './route-validation.js';
import { acceptAllCaptcha, bearer, createTestApp, demoSeed, sessionToken, type TestApp } from './testing/index.js';
import { DEMO } from './seed/demo.js';

/*
 * Query strings and path parameters are checked by route-validation.ts instead of
 * @hono/zod-openapi's validators: the same schemas, the same error envelope, the same OpenAPI
 * document — in-process and over a socket alike. And `GET /api/v1/health`'s answer, made once per
 * second of the clock, follows the clock (R-FMT: Japan time).
 */

let t: TestApp;
let auth: Record<string, string>;
let server: ReturnType<typeof serve>;
let url: string;

beforeAll(async () => {
  t = await createTestApp({ seed: demoSeed });
  auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
  server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

type Get = (path: string, headers?: Record<string, string>) => Promise<Response>;
const ways: [string, () => Get][] = [
  ['in-process (app.request)', () => (path, headers = {}) => Promise.resolve(t.app.request(path, { headers }))],
  ['over a socket (@hono/node-server)', () => (path, headers = {}) => fetch(url + path, { headers })],
];

describe.each(ways)('query and path parameters, %s', (_way, make) => {
  it('a valid query and a valid path parameter reach the route', async () => {
    const get = make();
    const list = (await (await get('/api/v1/contracts?group=other', auth)).json()) as { items: { contractNumber: string }[] };
    expect(list.items.map((c) => c.contractNumber)).toEqual(['COP00000001']);
    const bill = await get('/api/v1/bills/2023-10', auth);
    expect(bill.status).toBe(200);
    expect(((await bill.json()) as { month: string }).month).toBe('2023-10');
  });

  it('a query value outside the schema is 400 VALIDATION_FAILED naming the field, with no-store and the request id', async () => {
    const get = make();
    const res = await get('/api/v1/contracts?group=mobile', { ...auth, 'x-request-id': 'q-1' });
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toBe('q-1');
    const { error } = (await res.json()) as { error: { code: string; requestId: string; details: { path: string; message: string }[] } };
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', requestId: 'q-1' });
    expect(error.details[0]).toMatchObject({ path: 'group', message: '契約の種類の形式が正しくありません。' });
  });

  it('a repeated query key is a list, which a one-value field refuses', async () => {
    const res = await make()('/api/v1/contracts?group=hikari&group=other', auth);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('a GET checks access first, in the same step: no token and a bad month is 401, not 400; a HEAD passes the same check', async () => {
    const get = make();
    const noToken = await get('/api/v1/bills/2023-13');
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as { error: { code: string } }).error.code).toBe('AUTH_REQUIRED');
    const expired = await get('/api/v1/bills/2023-10', { authorization: 'Bearer made-up' });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('SESSION_EXPIRED');
    const head = await (_way.startsWith('in-process') ? Promise.resolve(t.app.request('/api/v1/bills/2023-10', { method: 'HEAD' })) : fetch(url + '/api/v1/bills/2023-10', { method: 'HEAD' }));
    expect(head.status).toBe(401);
    expect((await get('/api/v1/bills/2023-13', auth)).status).toBe(400);
  });

  it('a path parameter over its length is refused before the route runs', async () => {
    const res = await make()(`/api/v1/bills/${'2'.repeat(21)}`, auth);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: { path: string }[] } }).error.details[0]!.path).toBe('month');
  });
});

describe('route-validation', () => {
  it('keeps the parameters in the OpenAPI document', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, { get: { parameters: { name: string; in: string }[] } }> };
    expect(doc.paths['/api/v1/bills/{month}']!.get.parameters).toEqual([expect.objectContaining({ name: 'month', in: 'path' })]);
    expect(doc.paths['/api/v1/contracts']!.get.parameters).toEqual([expect.objectContaining({ name: 'group', in: 'query' })]);
  });

  it('runs a GET’s access check before its parameters and its handler, and a refused check stops both; other methods are left to the app', async () => {
    const app = new OpenAPIHono();
    const seen: string[] = [];
    app.onError((error, c) => c.text(error.message, 403));
    lightRequestValidation(app, () => undefined, (route) => async (c) => {
      seen.push(`check ${route.method}`);
      if (c.req.header('x-let-in') !== 'yes') throw new Error('refused');
    });
    const params = z.object({ id: z.string().refine((id) => (seen.push('params'), id !== 'bad')) });
    app.openapi(createRoute({ method: 'get', path: '/items/{id}', request: { params }, responses: { 200: { description: 'ok' } } }), (c) => {
      seen.push('handler');
      return c.text(c.req.valid('param').id);
    });
    app.openapi(createRoute({ method: 'delete', path: '/items/{id}', request: { params }, responses: { 200: { description: 'ok' } } }), (c) => c.text('deleted'));
    const refused = await app.request('/items/good');
    expect([refused.status, await refused.text(), seen.splice(0)]).toEqual([403, 'refused', ['check get']]);
    const ok = await app.request('/items/good', { headers: { 'x-let-in': 'yes' } });
    expect([ok.status, await ok.text(), seen.splice(0)]).toEqual([200, 'good', ['check get', 'params', 'handler']]);
    expect((await app.request('/items/bad', { headers: { 'x-let-in': 'yes' } })).status).toBe(400);
    expect(seen.splice(0)).toEqual(['check get', 'params']);
    expect(await (await app.request('/items/good', { method: 'DELETE' })).text()).toBe('deleted');
    expect(seen).toEqual(['params']);
  });

  it('parses a schema with an asynchronous refinement too, and hands an unhandled failure to zod-openapi’s default answer', async () => {
    const app = new OpenAPIHono();
    lightRequestValidation(app, () => undefined);
    const params = z.object({ id: z.string().refine(async (id) => id !== 'bad') });
    const route = createRoute({ method: 'get', path: '/items/{id}', request: { params }, responses: { 200: { description: 'ok' } } });
    app.openapi(route, (c) => c.text(c.req.valid('param').id));
    expect(await (await app.request('/items/good')).text()).toBe('good');
    const refused = await app.request('/items/bad');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { success: boolean }).success).toBe(false);
  });
});

describe('GET /api/v1/health', () => {
  it('gives the time of the clock in Japan time, to the second, as the clock moves either way', async () => {
    const time = async () => ((await (await t.app.request('/api/v1/health')).json()) as { time: string }).time;
    t.clock.set('2024-01-15T10:00:00.100+09:00');
    expect(await time()).toBe('2024-01-15T10:00:00+09:00');
    t.clock.set('2024-01-15T10:00:00.900+09:00');
    expect(await time()).toBe('2024-01-15T10:00:00+09:00');
    t.clock.advance(100);
    expect(await time()).toBe('2024-01-15T10:00:01+09:00');
    t.clock.set('2023-12-31T23:59:59+09:00');
    expect(await time()).toBe('2023-12-31T23:59:59+09:00');
  });

  it('answers 503 with Retry-After when the store is down (D-13)', async () => {
    const app = createApp({ repos: t.store, hasher: t.hasher, mailer: t.mailer, clock: t.clock, captcha: acceptAllCaptcha, config: t.config, storeUp: async () => false });
    const res = await app.request('/api/v1/health');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
    const up = createApp({ repos: t.store, hasher: t.hasher, mailer: t.mailer, clock: t.clock, captcha: acceptAllCaptcha, config: t.config, storeUp: async () => true });
    expect(await (await up.request('/api/v1/health')).json()).toMatchObject({ status: 'ok', version: t.config.version, dev: true });
  });
});
