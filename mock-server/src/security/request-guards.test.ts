import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sendOverNode } from '../../../test/helpers/raw-http.js';
import { startServer } from '../main.js';
import { call, demoApp, signInDemoAdmin, storedData, testHasher } from '../testing/index.js';

/* GET with a body refused before the handler; personal data in JSON is never cached. */

describe('a GET with a body', () => {
  it('is refused (400 BODY_NOT_ALLOWED) before authentication and before the handler runs', async () => {
    const t = await demoApp();
    const token = await signInDemoAdmin(t);
    const session = async () => (await storedData(t)).sessions.find((s) => s.accountId === 'usr_demo_admin')!;
    const seen = JSON.stringify(await session());
    t.clock.advanceMinutes(3);
    // A fetch Request cannot carry a GET body; the headers are what Node's server hands over.
    const res = await call(t, 'GET', '/api/v1/bills/2023-10/invoice.pdf', { token, headers: { 'content-length': '5' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BODY_NOT_ALLOWED');
    expect(JSON.stringify(await session())).toBe(seen); // the session was not even touched (no idle-expiry slide)
    expect((await call(t, 'GET', '/api/v1/me', { headers: { 'transfer-encoding': 'chunked' } })).body.error.code).toBe('BODY_NOT_ALLOWED');
    expect((await call(t, 'GET', '/api/v1/me', { token, headers: { 'content-length': '0' } })).status).toBe(200);
  });

  it('sent over a real socket to the server process, 20 PDF requests with bodies cost no PDF work: each is refused at once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-getbody-'));
    const server = await startServer({ port: 0, host: '127.0.0.1', dataDir: dir, dev: true, demo: true, captcha: { mode: 'none' }, operatorToken: 'op-token-for-test', logger: { info: () => undefined, error: () => undefined }, hasher: testHasher });
    try {
      const send = () => sendOverNode(`${server.url}/api/v1/bills/2023-10/invoice.pdf`, { headers: { 'content-type': 'application/json', 'content-length': '2' }, body: '{}' });
      for (let i = 0; i < 20; i++) {
        const res = await send();
        expect(res.status).toBe(400);
        expect(JSON.parse(res.body).error.code).toBe('BODY_NOT_ALLOWED');
      }
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Cache-Control on JSON', () => {
  it('JSON answers with personal data (and error envelopes) carry no-store; downloads keep their own', async () => {
    const t = await demoApp();
    const token = await signInDemoAdmin(t);
    for (const p of ['/api/v1/me', '/api/v1/contracts', '/api/v1/bills/2023-10', '/api/v1/users']) {
      expect((await call(t, 'GET', p, { token })).headers.get('cache-control'), p).toBe('no-store');
    }
    expect((await call(t, 'GET', '/api/v1/me')).headers.get('cache-control')).toBe('no-store'); // 401 envelope
    expect((await call(t, 'POST', '/api/v1/auth/login', { json: { accessId: 'zz99zz', password: 'nope1234' } })).headers.get('cache-control')).toBe('no-store');
    expect((await call(t, 'GET', '/api/v1/bills/2023-12/call-records.csv', { token })).headers.get('cache-control')).toBe('private, no-store');
  });
});
