import { ErrorEnvelopeSchema } from '@mypage/api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../testing/index.js';
import { call, demoApp, signIn, signInDemoAdmin, type Answer } from '../testing/index.js';

/*
 * Bad input of any kind gets a 4xx with the error envelope, never a 5xx (the house rule on bad input): broken JSON,
 * wrong types, missing fields, 1 MB bodies, odd Unicode — against every account endpoint.
 */

type Auth = 'none' | 'session' | 'admin';
interface Endpoint {
  method: string;
  path: string;
  auth: Auth;
  body?: Record<string, unknown>;
}

const TOKEN = '0123456789ABCDEF0123456789ABCDEF';
const endpoints: Endpoint[] = [
  { method: 'POST', path: '/api/v1/registrations', auth: 'none', body: { email: 'a@example.jp', contractNumber: '1234567890', postalCode: '1000001', customerName: 'サンプル', agreeToTerms: true } },
  { method: 'GET', path: `/api/v1/registrations/${TOKEN}`, auth: 'none' },
  { method: 'POST', path: `/api/v1/registrations/${TOKEN}/complete`, auth: 'none', body: { accessId: 'abc123', temporaryPassword: 'abcd1234', newPassword: 'abcd12345' } },
  { method: 'POST', path: '/api/v1/auth/login', auth: 'none', body: { accessId: 'm95au6', password: 'nope12345' } },
  { method: 'POST', path: '/api/v1/auth/otp', auth: 'none', body: { challengeId: 'chl_x', otp: '123456', captchaToken: 't' } },
  { method: 'POST', path: '/api/v1/auth/logout', auth: 'session' },
  { method: 'GET', path: '/api/v1/auth/session', auth: 'session' },
  { method: 'POST', path: '/api/v1/recovery/access-id', auth: 'none', body: { email: 'a@example.jp' } },
  { method: 'POST', path: '/api/v1/recovery/password', auth: 'none', body: { accessId: 'm95au6', email: 'a@example.jp' } },
  { method: 'POST', path: `/api/v1/recovery/password/${TOKEN}`, auth: 'none', body: { accessId: 'm95au6', newPassword: 'abcd12345' } },
  { method: 'POST', path: '/api/v1/recovery/email', auth: 'none', body: { contractNumber: '1234567890', postalCode: '1000001', customerName: 'サンプル' } },
  { method: 'GET', path: '/api/v1/me', auth: 'session' },
  { method: 'GET', path: '/api/v1/users', auth: 'admin' },
  { method: 'POST', path: '/api/v1/users', auth: 'admin', body: { email: 'new@example.jp', name: '新規', role: 'general', notify: false } },
  { method: 'PATCH', path: '/api/v1/users/usr_nope', auth: 'admin', body: { name: '新規' } },
  { method: 'DELETE', path: '/api/v1/users/usr_nope', auth: 'admin' },
  { method: 'GET', path: '/api/v1/dev/mailbox?to=a%40example.jp', auth: 'none' },
];

const ODD = {
  'lone high surrogate': 'a\ud800b',
  'lone low surrogate': '\udc00',
  NUL: 'a\u0000b',
  'RTL mark': '\u202eabc\u200f',
  emoji: '🌸👨‍👩‍👧',
  'zero-width': '\u200b\ufeff',
  'combining marks': 'a\u0301\u0301\u0301',
  'very long': 'x'.repeat(5000),
  empty: '',
};

const WRONG_TYPES: Record<string, unknown> = { number: 42, null: null, array: ['a'], object: { a: 1 }, boolean: true };

function expectEnvelope(res: Answer, label: string): void {
  expect(res.status, label).toBeGreaterThanOrEqual(400);
  expect(res.status, label).toBeLessThan(500);
  const parsed = ErrorEnvelopeSchema.safeParse(res.body);
  expect(parsed.success, `${label}: ${JSON.stringify(res.body)}`).toBe(true);
}

function expectNot5xx(res: Answer, label: string): void {
  expect(res.status, `${label}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
  if (res.status >= 400) expectEnvelope(res, label);
}

describe('bad input → 4xx envelope, never 5xx', () => {
  let t: TestApp;
  const tokens: Record<Auth, string | undefined> = { none: undefined, session: undefined, admin: undefined };

  beforeAll(async () => {
    t = await demoApp();
    tokens.admin = await signInDemoAdmin(t);
    tokens.session = tokens.admin;
  });

  // Each request re-authenticates so that a logout case does not end the shared session.
  const send = async (e: Endpoint, opts: { raw?: string; json?: unknown; headers?: Record<string, string> }) => {
    if (e.path.endsWith('/logout')) tokens.session = await signIn(t, 'm95au6', 'mypage2023', 'taro@example.jp');
    const token = e.auth === 'none' ? undefined : e.auth === 'admin' ? tokens.admin : tokens.session;
    return call(t, e.method, e.path, { ...opts, ...(token ? { token } : {}) });
  };

  const withBody = endpoints.filter((e) => e.body);

  it.each(withBody.map((e) => [`${e.method} ${e.path}`, e] as const))('%s: broken JSON, non-objects, empty body → 400', async (label, e) => {
    for (const raw of ['{"a":', '{', 'nul', '[]', '"text"', '42', 'null', '', '\u0000', '{"a":"\\ud800"']) {
      expectEnvelope(await send(e, { raw }), `${label} raw=${JSON.stringify(raw)}`);
    }
  });

  it.each(withBody.map((e) => [`${e.method} ${e.path}`, e] as const))('%s: missing fields and wrong types → 400 VALIDATION_FAILED', async (label, e) => {
    if (!e.path.includes('/users/')) {
      const res = await send(e, { json: {} });
      expectEnvelope(res, `${label} {}`);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    for (const field of Object.keys(e.body!)) {
      for (const [kind, value] of Object.entries(WRONG_TYPES)) {
        if (typeof value === typeof e.body![field]) continue;
        const res = await send(e, { json: { ...e.body, [field]: value } });
        expectEnvelope(res, `${label} ${field}=${kind}`);
        expect(res.body.error.code, `${label} ${field}=${kind}`).toBe('VALIDATION_FAILED');
        expect(res.body.error.details.some((d: { path: string }) => d.path.startsWith(field)), `${label} ${field}`).toBe(true);
      }
    }
  });

  it.each(withBody.map((e) => [`${e.method} ${e.path}`, e] as const))('%s: a 1 MB body → 413', async (label, e) => {
    const big = { ...e.body, [Object.keys(e.body!)[0]!]: 'x'.repeat(1024 * 1024) };
    const res = await send(e, { json: big });
    expectEnvelope(res, label);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each(withBody.map((e) => [`${e.method} ${e.path}`, e] as const))('%s: odd Unicode in every field → no 5xx', async (label, e) => {
    for (const field of Object.keys(e.body!)) {
      if (typeof e.body![field] !== 'string') continue;
      for (const [kind, value] of Object.entries(ODD)) {
        expectNot5xx(await send(e, { json: { ...e.body, [field]: value } }), `${label} ${field}=${kind}`);
      }
    }
  });

  it.each(withBody.map((e) => [`${e.method} ${e.path}`, e] as const))('%s: a body that is not JSON (text/plain, form) → 4xx', async (label, e) => {
    expectEnvelope(await send(e, { raw: 'a=1&b=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), `${label} form`);
    expectEnvelope(await send(e, { raw: JSON.stringify(e.body), headers: { 'content-type': 'text/plain' } }), `${label} text/plain`);
  });

  it('odd path parameters (tokens, user ids) → 4xx', async () => {
    const odd = ['%00', '%E2%80%AE', '%F0%9F%8C%B8', 'x'.repeat(300), '..%2F..%2Fetc', '%ED%A0%80', "'%20OR%201=1"];
    for (const p of odd) {
      expectEnvelope(await call(t, 'GET', `/api/v1/registrations/${p}`), `link ${p}`);
      expectEnvelope(await call(t, 'POST', `/api/v1/registrations/${p}/complete`, { json: endpoints[2]!.body }), `complete ${p}`);
      expectEnvelope(await call(t, 'POST', `/api/v1/recovery/password/${p}`, { json: endpoints[9]!.body }), `reset ${p}`);
      expectEnvelope(await call(t, 'PATCH', `/api/v1/users/${p}`, { json: { name: 'x' }, token: tokens.admin! }), `patch ${p}`);
      expectEnvelope(await call(t, 'DELETE', `/api/v1/users/${p}`, { token: tokens.admin! }), `delete ${p}`);
    }
  });

  it('odd bearer tokens and mailbox queries → 4xx', async () => {
    for (const header of ['Bearer', 'Bearer \u00ff', `Bearer ${'x'.repeat(5000)}`, 'Basic abc', 'bearer  a b']) {
      expectEnvelope(await call(t, 'GET', '/api/v1/me', { headers: { authorization: header } }), header.slice(0, 20));
    }
    expectEnvelope(await call(t, 'GET', '/api/v1/dev/mailbox?since=yesterday'), 'since');
    expectEnvelope(await call(t, 'GET', `/api/v1/dev/mailbox?to=${'a'.repeat(300)}`), 'long to');
  });

  it('the app still answers after all of the above', async () => {
    const res = await call(t, 'GET', '/api/v1/me', { token: tokens.admin! });
    expect(res.status).toBe(200);
  });
});

describe('a refused field is named as the guide names it (メールアドレス, not email)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await demoApp();
  });

  it('a missing field asks for it by its Japanese name; a malformed one says its form is wrong', async () => {
    const res = await call(t, 'POST', '/api/v1/recovery/password', { json: { accessId: 123 } });
    expect(res.status).toBe(400);
    const details = (res.body as { error: { details: { path: string; message: string }[] } }).error.details;
    expect(details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'accessId', message: 'アクセスIDの形式が正しくありません。' }),
        expect.objectContaining({ path: 'email', message: 'メールアドレスを入力してください。' }),
      ]),
    );
  });
});
