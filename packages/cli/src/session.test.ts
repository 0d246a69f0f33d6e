import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, MemoryStore, runInProcess, TOKEN, useMsw, useTempDir } from './testing.js';

const server = useMsw();
const dir = useTempDir();

describe('session — a stored password the server refuses', () => {
  it('after `recover reset` the old stored password is forgotten when the server refuses it (it was tried again by every command)', async () => {
    writeFileSync(path.join(dir(), 'config.json'), JSON.stringify({ currentProfile: 'default', profiles: { default: { server: BASE, accessId: 'm95au6', storage: 'keychain' } } }));
    const store = new MemoryStore();
    await store.set('default', { accessId: 'm95au6', password: 'old-pass1', session: { token: TOKEN, expiresAt: '2023-12-01T10:29:00+09:00' } });
    let logins = 0;
    server.use(
      http.get(`${BASE}/api/v1/contracts`, () => apiError('SESSION_EXPIRED')),
      http.post(`${BASE}/api/v1/auth/login`, () => (logins++, apiError('INVALID_CREDENTIALS'))),
    );
    const first = await runInProcess(['contracts', 'list'], { store, configDir: dir(), env: { MYPAGE_OTP: '123456' } });
    expect(first.code).toBe(3);
    expect(first.err).toContain('The server refused the stored password, so the stored credentials of profile default were forgotten');
    expect(await store.get('default')).toBeNull();
    const second = await runInProcess(['contracts', 'list'], { store, configDir: dir(), env: { MYPAGE_OTP: '123456' } });
    expect(second.code).toBe(3);
    expect(logins).toBe(1); // the refused password was not sent again
  });
});

describe('session — robot check (R-LOGIN-6)', () => {
  it('a server in captcha test mode and no MYPAGE_CAPTCHA_TOKEN: stops before the OTP is used, naming MYPAGE_CAPTCHA_TOKEN (it spent the OTP, then CAPTCHA_FAILED)', async () => {
    let otpTries = 0;
    server.events.on('request:start', ({ request }) => {
      if (request.url.endsWith('/auth/otp')) otpTries++;
    });
    const r = await runInProcess(['--json', 'login', '--insecure-storage'], {
      configDir: dir(),
      env: { MYPAGE_ACCESS_ID: 'm95au6', MYPAGE_PASSWORD: 'mypage2023', MYPAGE_OTP: '123456' },
    });
    server.events.removeAllListeners();
    expect(r.code).toBe(3);
    expect(otpTries).toBe(0);
    const e = JSON.parse(r.err.slice(r.err.indexOf('{'))).error; // after the --insecure-storage warning
    expect(e.code).toBe('CAPTCHA_NEEDED');
    expect(e.messageEn).toContain('set MYPAGE_CAPTCHA_TOKEN');
  });
});

