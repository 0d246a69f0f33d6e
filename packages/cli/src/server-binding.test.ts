import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiError, BASE, MemoryStore, runInProcess, TOKEN, useMsw, useTempDir } from './testing.js';

/*
 * Credentials and sessions belong to the server they were created for (as gh keys tokens by
 * host): a command aimed at another server never sends them there.
 */

const server = useMsw();
const dir = useTempDir();
const OTHER = 'http://other.test';

let store: MemoryStore;
let seen: { method: string; url: string; authorization: string | null; body: string }[];
beforeEach(async () => {
  store = new MemoryStore();
  await store.set('default', { accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2099-12-01T10:29:00+09:00' } });
  seen = [];
  server.use(
    http.all(`${OTHER}/*`, async ({ request }) => {
      seen.push({ method: request.method, url: request.url, authorization: request.headers.get('authorization'), body: await request.text() });
      return apiError('AUTH_REQUIRED');
    }),
  );
});

const config = (profiles: Record<string, unknown>, currentProfile = 'default') =>
  writeFileSync(path.join(dir(), 'config.json'), JSON.stringify({ currentProfile, profiles }));

describe('credentials are bound to their server', () => {
  it('--server aimed at another host sends neither the stored session nor the stored password there', async () => {
    config({ default: { server: BASE, accessId: 'm95au6', storage: 'keychain' } });
    const r = await runInProcess(['--server', OTHER, 'contracts', 'list'], { store, configDir: dir(), env: { MYPAGE_OTP: '123456' } });
    expect(r.code).toBe(3);
    expect(seen.length).toBeGreaterThan(0);
    for (const req of seen) {
      expect(req.authorization).toBeNull();
      expect(req.url).not.toContain('/auth/login');
      expect(req.body).not.toContain('mypage2023');
    }
    expect(r.err).toContain(`mypage --server ${OTHER} login`);
  });

  it('MYPAGE_SERVER aimed at another host does not use the profile of the default server either', async () => {
    config({ default: { accessId: 'm95au6', storage: 'keychain' } }); // no server: the local default
    const r = await runInProcess(['contracts', 'list'], { store, configDir: dir(), env: { MYPAGE_SERVER: OTHER, MYPAGE_OTP: '123456' } });
    expect(r.code).toBe(3);
    expect(seen.every((q) => q.authorization === null && !q.url.includes('/auth/login'))).toBe(true);
  });

  it('--profile bound to one server with --server naming another stops before any request (exit 2)', async () => {
    config({ default: { server: BASE, accessId: 'm95au6', storage: 'keychain' } });
    const r = await runInProcess(['--profile', 'default', '--server', OTHER, '--json', 'contracts', 'list'], { store, configDir: dir() });
    expect(r.code).toBe(2);
    expect(seen).toEqual([]);
    const e = JSON.parse(r.err).error;
    expect(e.code).toBe('PROFILE_OTHER_SERVER');
    expect(JSON.stringify(e)).toContain(`Profile default belongs to ${BASE}, not ${OTHER}`);
  });

  it('--server picks the profile made for that server, with its own session', async () => {
    config({ default: { server: OTHER, accessId: 'zz99zz', storage: 'keychain' }, office: { server: BASE, accessId: 'm95au6', storage: 'keychain' } });
    const s = new MemoryStore();
    await s.set('default', { accessId: 'zz99zz', password: 'other-pass', session: { token: 'other-token', expiresAt: '2099-12-01T10:29:00+09:00' } });
    await s.set('office', { accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2099-12-01T10:29:00+09:00' } });
    const r = await runInProcess(['--server', BASE, '--json', 'contracts', 'list'], { store: s, configDir: dir() });
    expect(r.code, r.err).toBe(0);
    expect(seen).toEqual([]);
  });

  it('a login to a server without a profile names the new profile after its host', async () => {
    const { profileNameFor } = await import('./factory.js');
    expect(profileNameFor('http://127.0.0.1:8799')).toBe('127.0.0.1-8799');
  });

  it('--profile nope says there is no such profile (exit 2), not AUTH_REQUIRED', async () => {
    config({ default: { server: BASE, accessId: 'm95au6', storage: 'keychain' } });
    const r = await runInProcess(['--profile', 'nope', 'contracts', 'list'], { store, configDir: dir() });
    expect(r.code).toBe(2);
    expect(r.err).toContain('No such profile: nope (profiles: default). Create it with `mypage --profile nope login`.');
    expect(r.err).not.toContain('AUTH_REQUIRED');
  });
});

