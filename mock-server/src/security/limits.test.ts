import { describe, expect, it } from 'vitest';
import { DEMO, demoApp, type Answer, type TestApp } from '../testing/index.js';
import { clientAddress } from './client-address.js';
import { parseSecurityFlags } from './flags.js';
import { DEFAULT_RATE_LIMITS, parseRateLimit } from './limits.js';

/* Limits on the endpoints anyone can call (security/limits.ts): mail per address, matching per contract, per client. */

const admin = DEMO.groupA.admin;

/** A request from a client at `from` (the socket's peer address), as @hono/node-server hands it to the app. */
async function postFrom(t: TestApp, from: string, path: string, json: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(json) }, { incoming: { socket: { remoteAddress: from } } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

const statuses = (answers: Answer[]) => answers.map((a) => a.status);
const wait = () => new Promise((r) => setTimeout(r, 30)); // recovery mails leave in the background

describe('per-address and per-client limits', () => {
  it('10,000 forgot-ID requests no longer send 10,000 mails to one address: 5 an hour, then 429 with Retry-After', async () => {
    const t = await demoApp();
    const answers: Answer[] = [];
    // from 20 different clients: the limit is on the address, whoever asks
    for (let i = 0; i < 20; i++) answers.push(await postFrom(t, `192.0.2.${i + 1}`, '/api/v1/recovery/access-id', { email: admin.email }));
    await wait();
    expect(statuses(answers)).toEqual([...Array(5).fill(202), ...Array(15).fill(429)]);
    expect(t.mailer.list({ to: admin.email })).toHaveLength(5);
    const refused = answers[5]!;
    expect(refused.body.error).toMatchObject({ code: 'MAIL_RATE_LIMITED', retryAfter: 3600 });
    expect(refused.body.error.message).toMatch(/メールアドレス/);
    expect(refused.headers.get('retry-after')).toBe('3600');
    // another address is not affected, and the hour passes
    expect((await postFrom(t, '192.0.2.99', '/api/v1/recovery/access-id', { email: 'other@example.jp' })).status).toBe(202);
    t.clock.advance(60 * 60_000);
    expect((await postFrom(t, '192.0.2.99', '/api/v1/recovery/access-id', { email: admin.email })).status).toBe(202);
  });

  it('an unregistered address is limited the same way (a 429 tells nothing about what is registered)', async () => {
    const t = await demoApp();
    const answers: Answer[] = [];
    for (let i = 0; i < 7; i++) answers.push(await postFrom(t, `192.0.2.${i + 1}`, '/api/v1/recovery/access-id', { email: 'nobody@example.jp' }));
    expect(statuses(answers)).toEqual([202, 202, 202, 202, 202, 429, 429]);
  });

  it('postal-code guessing on /recovery/email stops after 10 tries per contract number an hour, from any number of clients', async () => {
    const t = await demoApp();
    const answers: Answer[] = [];
    for (let i = 0; i < 14; i++) {
      const postalCode = String(5340000 + i).padStart(7, '0');
      answers.push(await postFrom(t, `198.51.100.${i + 1}`, '/api/v1/recovery/email', { contractNumber: DEMO.groupA.customerNumber, postalCode, customerName: '日本 太郎' }));
    }
    expect(answers.slice(0, 10).every((a) => a.status === 422 || a.status === 200)).toBe(true);
    expect(answers.slice(10).map((a) => a.body.error.code)).toEqual(Array(4).fill('MATCH_RATE_LIMITED'));
  });

  it('registration likewise: per contract number and per address', async () => {
    const t = await demoApp();
    const answers: Answer[] = [];
    for (let i = 0; i < 12; i++) answers.push(await postFrom(t, `203.0.113.${i + 1}`, '/api/v1/registrations', { email: `guess${i}@example.jp`, contractNumber: DEMO.groupB.contractNumber, postalCode: String(1000000 + i), customerName: 'サンプル', agreeToTerms: true }));
    expect(answers.slice(10).map((a) => a.body.error.code)).toEqual(['MATCH_RATE_LIMITED', 'MATCH_RATE_LIMITED']);
  });

  it('one client trying many addresses is stopped per client (RATE_LIMITED); another client is not', async () => {
    const t = await demoApp();
    const answers: Answer[] = [];
    for (let i = 0; i < 32; i++) answers.push(await postFrom(t, '192.0.2.7', '/api/v1/recovery/access-id', { email: `user${i}@example.jp` }));
    expect(statuses(answers).filter((s) => s === 429)).toHaveLength(2);
    expect(answers[31]!.body.error.code).toBe('RATE_LIMITED');
    expect((await postFrom(t, '192.0.2.8', '/api/v1/recovery/access-id', { email: 'user99@example.jp' })).status).toBe(202);
  });

  it('X-Forwarded-For is ignored unless the peer is a configured proxy (a client cannot pick a new identity per request)', async () => {
    const spoofed = await demoApp({ config: { rateLimits: { ...DEFAULT_RATE_LIMITS, 'login-per-client': { limit: 3, windowMs: 60_000 } } } });
    const tries = [];
    for (let i = 0; i < 5; i++) tries.push(await postFrom(spoofed, '192.0.2.7', '/api/v1/auth/login', { accessId: 'zz99zz', password: 'nope1234' }, { 'x-forwarded-for': `10.0.0.${i}` }));
    expect(statuses(tries)).toEqual([401, 401, 401, 429, 429]);

    const behindProxy = await demoApp({ config: { trustedProxies: ['127.0.0.1'], rateLimits: { ...DEFAULT_RATE_LIMITS, 'login-per-client': { limit: 3, windowMs: 60_000 } } } });
    const viaProxy = [];
    for (let i = 0; i < 5; i++) viaProxy.push(await postFrom(behindProxy, '127.0.0.1', '/api/v1/auth/login', { accessId: 'zz99zz', password: 'nope1234' }, { 'x-forwarded-for': `10.0.0.${i}` }));
    expect(statuses(viaProxy)).toEqual([401, 401, 401, 401, 401]);
  });

  it('a request that fails validation is not counted (a typo never uses up a customer\'s tries)', async () => {
    const t = await demoApp();
    for (let i = 0; i < 10; i++) expect((await postFrom(t, '192.0.2.1', '/api/v1/recovery/access-id', { email: 'not-an-address' })).status).toBe(400);
    expect((await postFrom(t, '192.0.2.1', '/api/v1/recovery/access-id', { email: admin.email })).status).toBe(202);
  });

  it('a limit set to off does not limit', async () => {
    const t = await demoApp({ config: { rateLimits: { ...DEFAULT_RATE_LIMITS, 'mail-per-address': null, 'mail-per-client': null } } });
    for (let i = 0; i < 8; i++) expect((await postFrom(t, '192.0.2.1', '/api/v1/recovery/access-id', { email: admin.email })).status).toBe(202);
  });
});

describe('client address', () => {
  it('is the socket peer; X-Forwarded-For counts only from a trusted proxy, read from the right', () => {
    expect(clientAddress('192.0.2.1', '10.0.0.1', [])).toBe('192.0.2.1');
    expect(clientAddress('::ffff:192.0.2.1', undefined, [])).toBe('192.0.2.1');
    expect(clientAddress('127.0.0.1', '10.0.0.1', ['127.0.0.1'])).toBe('10.0.0.1');
    // the left part is whatever the client wrote; the proxies' own entries are skipped
    expect(clientAddress('127.0.0.1', '6.6.6.6, 10.0.0.1, 10.1.1.1', ['127.0.0.1', '10.1.1.1'])).toBe('10.0.0.1');
    expect(clientAddress(undefined, '10.0.0.1', ['127.0.0.1'])).toBe('unknown');
  });
});

describe('flags', () => {
  it('--rate-limit NAME=N/T, off; --trust-proxy takes IP addresses; --hash-concurrency / --hash-queue', () => {
    expect(parseRateLimit('5/1h')).toEqual({ limit: 5, windowMs: 3_600_000 });
    expect(parseRateLimit('100/15m')).toEqual({ limit: 100, windowMs: 900_000 });
    expect(parseRateLimit('off')).toBeNull();
    expect(() => parseRateLimit('5 per hour')).toThrow(/5\/1h/);
    const s = parseSecurityFlags({ 'rate-limit': ['mail-per-address=3/1h', 'login-per-client=off'], 'trust-proxy': ['127.0.0.1'], 'hash-concurrency': '1', 'hash-queue': '0' });
    expect(s.rateLimits['mail-per-address']).toEqual({ limit: 3, windowMs: 3_600_000 });
    expect(s.rateLimits['login-per-client']).toBeNull();
    expect(s.hashing).toEqual({ concurrency: 1, waiting: 0 });
    expect(() => parseSecurityFlags({ 'rate-limit': ['mails=3/1h'] })).toThrow(/NAME one of/);
    expect(() => parseSecurityFlags({ 'trust-proxy': ['proxy.local'] })).toThrow(/IP address/);
    expect(() => parseSecurityFlags({ 'hash-concurrency': '0' })).toThrow(/at least 1/);
  });

  it('--scrypt-n: the production cost N=2^17 by default; a power of two from 2^10 to 2^18, nothing else', () => {
    expect(parseSecurityFlags({}).scryptN).toBe(2 ** 17);
    expect(parseSecurityFlags({ 'scrypt-n': '16384' }).scryptN).toBe(16384);
    for (const bad of ['512', '1000', '524288', '2^17', '', '-16384']) expect(() => parseSecurityFlags({ 'scrypt-n': bad }), bad).toThrow(/power of two from 1024 to 262144/);
  });
});
