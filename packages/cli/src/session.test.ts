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
