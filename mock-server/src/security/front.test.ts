import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { assertGetsRunFront, createApp, type App } from '../app.js';
import { createAppServer } from '../node-server.js';
import { parseFaultRule } from '../faults/rules.js';
import { FaultSwitches } from '../faults/switches.js';
import { markFront, runsFront, withFront } from './front.js';
import { sendOverNode } from '../../../test/helpers/raw-http.js';
import { acceptAllCaptcha, createTestApp, demoSeed, signInDemoAdmin, type TestApp } from '../testing/index.js';

/*
 * The app's front layer (security/front.ts) gives every answer the same headers whether the app
 * runs under @hono/node-server (the headers go on Node's response, no WHATWG objects; with
 * `mypage-server`'s server (createAppServer: AnswerResponse), into the head's own header object) or in-process under
 * `app.request()` (unit tests: Hono's Headers). Each case below runs every way and must give the
 * same answer.
 */

interface Seen {
  status: number;
  headers: Record<string, string | null>;
  body: string;
}
type Send = (method: string, path: string, headers?: Record<string, string>, body?: string) => Promise<Seen>;

const NAMES = ['x-request-id', 'cache-control', 'content-type', 'retry-after'];
const seen = async (res: Response): Promise<Seen> => ({
  status: res.status,
  headers: Object.fromEntries(NAMES.map((n) => [n, res.headers.get(n)])),
  body: await res.text(),
});

let t: TestApp;
let app: App;
let token: string;
let server: ReturnType<typeof serve>;
let url: string;
let answerServer: ReturnType<typeof createAppServer>;
let answerUrl: string;

beforeAll(async () => {
  t = await createTestApp({ seed: demoSeed });
  // One switch that always fails /health: the fault switches can still take an instance out of rotation.
  const faults = new FaultSwitches({ rules: [parseFaultRule('GET /api/v1/health=fail:1,retry:7')], seed: 1 });
  app = createApp({ repos: t.store, hasher: t.hasher, mailer: t.mailer, clock: t.clock, captcha: acceptAllCaptcha, config: t.config, faults });
  token = await signInDemoAdmin({ ...t, app });
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  answerServer = createAppServer(app, { hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => answerServer.listen(0, '127.0.0.1', () => resolve()));
  answerUrl = `http://127.0.0.1:${(answerServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => answerServer.close(() => resolve()));
});

const ways: [string, () => Send][] = [
  ['in-process (app.request)', () => async (method, path, headers = {}, body) => seen(await app.request(path, { method, headers, ...(body ? { body } : {}) }))],
  ['over a socket (@hono/node-server)', () => async (method, path, headers = {}, body) => seen(await fetch(url + path, { method, headers, ...(body ? { body } : {}) }))],
  ['over a socket, as mypage-server runs it (createAppServer)', () => async (method, path, headers = {}, body) => seen(await fetch(answerUrl + path, { method, headers, ...(body ? { body } : {}) }))],
];

describe.each(ways)('front layer, %s', (_way, make) => {
  const auth = () => ({ authorization: `Bearer ${token}` });

  it('a JSON answer carries a fresh request id and Cache-Control: no-store', async () => {
    const send = make();
    const a = await send('GET', '/api/v1/bills/2023-10', auth());
    const b = await send('GET', '/api/v1/contracts', auth());
    expect(a.status).toBe(200);
    expect(a.headers['cache-control']).toBe('no-store');
    expect(b.headers['cache-control']).toBe('no-store');
    expect(a.headers['content-type']).toMatch(/^application\/json/);
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers['x-request-id']).not.toBe(a.headers['x-request-id']);
  });

  it("the client's own request id comes back in the header and in an error envelope; a malformed one is replaced", async () => {
    const send = make();
    const ok = await send('GET', '/api/v1/contracts', { ...auth(), 'x-request-id': 'trace.abc-123' });
    expect(ok.headers['x-request-id']).toBe('trace.abc-123');
    const denied = await send('GET', '/api/v1/me', { 'x-request-id': 'trace.abc-124' });
    expect(denied.status).toBe(401);
    expect(denied.headers['x-request-id']).toBe('trace.abc-124');
    expect(denied.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(denied.body).error.requestId).toBe('trace.abc-124');
    const odd = await send('GET', '/api/v1/contracts', { ...auth(), 'x-request-id': 'has spaces and ünïcode' });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a download keeps its own Cache-Control (private, no-store); a 404 outside the API gets the request id only', async () => {
    const send = make();
    const csv = await send('GET', '/api/v1/bills/2023-12/call-records.csv', auth());
    expect(csv.status).toBe(200);
    expect(csv.headers['cache-control']).toBe('private, no-store');
    expect(csv.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const elsewhere = await send('GET', '/nowhere');
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(elsewhere.headers['cache-control']).toBeNull();
    const unknownApi = await send('GET', '/api/v1/nowhere');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers['cache-control']).toBe('no-store');
  });

  it('requests no route takes get the layer from the notFound handler: a method the app has no route for, a mailed link page, the OpenAPI document', async () => {
    const send = make();
    // PROPFIND matches no middleware registered per method: the notFound handler runs the layer
    const odd = await send('PROPFIND', '/api/v1/contracts', { 'x-request-id': 'dav-1' });
    expect(odd.status).toBe(404);
    expect(odd.headers).toMatchObject({ 'x-request-id': 'dav-1', 'cache-control': 'no-store' });
    expect(JSON.parse(odd.body).error).toMatchObject({ code: 'ROUTE_NOT_FOUND', requestId: 'dav-1' });
    // a POST to nowhere ran the layer as a middleware first: one request id, not two
    const post = await send('POST', '/api/v1/nowhere', { 'x-request-id': 'post-1', 'content-type': 'application/json' }, '{}');
    expect(post.status).toBe(404);
    expect(post.headers['x-request-id']).toBe('post-1');
    expect(JSON.parse(post.body).error.requestId).toBe('post-1');
    for (const path of ['/regist/new/0123456789abcdef0123456789abcdef', '/openapi.json']) {
      const page = await send('GET', path, { 'x-request-id': 'page-1' });
      expect(page.headers['x-request-id'], path).toBe('page-1');
    }
  });

  it('a route that throws in its step (401 before any promise) still gets the headers, and a GET with a body is refused in the step', async () => {
    const send = make();
    const denied = await send('GET', '/api/v1/contracts', { authorization: 'Bearer nope', 'x-request-id': 'bad-token-1' });
    expect(denied.status).toBe(401);
    expect(denied.headers).toMatchObject({ 'x-request-id': 'bad-token-1', 'cache-control': 'no-store' });
    expect(JSON.parse(denied.body).error.code).toBe('SESSION_EXPIRED');
  });

  it('the fault switches still reach GET /api/v1/health: 503 with Retry-After, the request id and no-store', async () => {
    const send = make();
    const res = await send('GET', '/api/v1/health', { 'x-request-id': 'lb-probe-1' });
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['x-request-id']).toBe('lb-probe-1');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', requestId: 'lb-probe-1' });
  });

  it('a body on a POST beyond the limit is refused with 413 and the same headers', async () => {
    const send = make();
    const big = JSON.stringify({ subject: 'x', body: 'あ'.repeat(t.config.bodyLimitBytes) });
    const res = await send('POST', '/api/v1/inquiries', { ...auth(), 'content-type': 'application/json', 'x-request-id': 'big-1' }, big);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.headers['x-request-id']).toBe('big-1');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('GET /api/v1/health answered by the Node server itself (createAppServer, no fault switch set: routes/meta.ts)', () => {
  let plain: App;
  let probe: ReturnType<typeof createAppServer>;
  let probeUrl: string;
  let appAsked = 0; // requests the server handed to the app
  beforeAll(async () => {
    plain = createApp({ repos: t.store, hasher: t.hasher, mailer: t.mailer, clock: t.clock, captcha: acceptAllCaptcha, config: t.config });
    const fetched = plain.fetch;
    plain.fetch = (...args) => (appAsked++, fetched(...args));
    probe = createAppServer(plain, { hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    probeUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => probe.close(() => resolve()));
  });

  it('gives the route’s own answer without the app: the same body, content type, no-store and request id (echoed, or fresh when malformed)', async () => {
    const viaApp = await seen(await plain.request('/api/v1/health', { headers: { 'x-request-id': 'lb-probe-2' } }));
    appAsked = 0;
    const direct = await seen(await fetch(`${probeUrl}/api/v1/health`, { headers: { 'x-request-id': 'lb-probe-2' } }));
    expect(direct).toEqual(viaApp);
    expect(direct.status).toBe(200);
    expect(JSON.parse(direct.body)).toMatchObject({ status: 'ok', time: expect.stringMatching(/\+09:00$/) });
    expect(direct.headers).toMatchObject({ 'x-request-id': 'lb-probe-2', 'cache-control': 'no-store', 'content-type': 'application/json' });
    const odd = await seen(await fetch(`${probeUrl}/api/v1/health`, { headers: { 'x-request-id': 'not a token' } }));
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(appAsked).toBe(0);
  });

  it('HEAD, a query string, a GET with a body and an odd Host go through the app, with its answers and the same headers', async () => {
    appAsked = 0;
    const head = await fetch(`${probeUrl}/api/v1/health`, { method: 'HEAD' });
    expect([head.status, head.headers.get('cache-control'), await head.text()]).toEqual([200, 'no-store', '']);
    const query = await seen(await fetch(`${probeUrl}/api/v1/health?probe=1`));
    expect([query.status, query.headers['cache-control'], JSON.parse(query.body).status]).toEqual([200, 'no-store', 'ok']);
    // A fetch Request cannot carry a GET body: node:http sends one, as a client may.
    const withBody = await sendOverNode(`${probeUrl}/api/v1/health`, { headers: { 'content-type': 'application/json', 'content-length': '2', 'x-request-id': 'lb-body-1' }, body: '{}' });
    expect([withBody.status, withBody.headers['x-request-id']]).toEqual([400, 'lb-body-1']);
    expect(JSON.parse(withBody.body).error.code).toBe('BODY_NOT_ALLOWED'); // as the app answers any GET with a body (request-guards.ts)
    expect(appAsked).toBe(3);
    // a Host @hono/node-server refuses is refused here too (it never reaches the app)
    expect((await sendOverNode(`${probeUrl}/api/v1/health`, { headers: { host: 'a_b/c@d' } })).status).toBe(400);
  });
});

describe('a signed-in read is one handler, answered in the same turn (security/front.ts withFront, app.ts)', () => {
  it('Hono matches one handler for a GET of the route table, and the app registers the layer before the other methods', () => {
    for (const path of ['/api/v1/contracts', '/api/v1/bills/2023-10', '/api/v1/me', '/api/v1/health']) {
      const [handlers] = app.router.match('GET', path);
      expect(handlers, path).toHaveLength(1);
      expect(runsFront(handlers[0]![0]![0]), path).toBe(true);
    }
    const [post] = app.router.match('POST', '/api/v1/inquiries');
    expect(runsFront(post[0]![0]![0])).toBe(true);
  });

  it('a repeated read of a kept bill or contract list (memory engine) is a Response, not a promise', async () => {
    const get = (path: string) => app.fetch(new Request(`http://mypage.test${path}`, { headers: { authorization: `Bearer ${token}` } }));
    for (const path of ['/api/v1/contracts', '/api/v1/bills/2023-10']) {
      const first = await get(path); // the first read computes and keeps it
      expect(first.status).toBe(200);
      const again = get(path);
      expect(again, path).toBeInstanceOf(Response);
      const answer = again as Response;
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await answer.text()).toBe(await first.text());
    }
  });

  it('the app refuses to start with a GET that would not run the layer', () => {
    const bare = new Hono();
    bare.get('/page', (c) => c.text('no layer'));
    expect(() => assertGetsRunFront(bare as never)).toThrow('GET /page does not run the front layer');
    const fronted = new Hono();
    const layer = markFront(async (_c, next) => next());
    fronted.get('/pages/*', layer);
    fronted.get('/pages/one', (c) => c.text('after the layer'));
    expect(() => assertGetsRunFront(fronted as never)).not.toThrow();
    fronted.get('/other', withFront(layer, (c) => c.text('in its step')));
    expect(() => assertGetsRunFront(fronted as never)).not.toThrow();
  });
});
