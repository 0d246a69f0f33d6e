import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigStore } from '../../config.js';
import type { Loaded } from '../../session.js';
import { apiError, BASE, fakeTerminal, MemoryStore, parseVerb, testClient, TOKEN, useMsw, useTempDir } from '../../testing.js';
import { logoutRun, newLogoutCommand, type LogoutOptions } from './logout.js';

const server = useMsw();
const dir = useTempDir();
let store: MemoryStore;
const stored = { accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2023-12-01T10:29:00+09:00' } };
beforeEach(async () => {
  writeFileSync(path.join(dir(), 'config.json'), JSON.stringify({ currentProfile: 'default', profiles: { default: { server: BASE, accessId: 'm95au6', storage: 'keychain' } } }));
  store = new MemoryStore();
  await store.set('default', stored);
});
const deps = () => ({
  loadProfile: async (): Promise<Loaded> => ({ name: 'default', profile: { accessId: 'm95au6', storage: 'keychain' }, store, stored: structuredClone(stored) }),
  client: testClient({ withSession: false }),
  config: () => ConfigStore.load(dir()),
  jobSession: async () => null,
});
const profile = () => JSON.parse(readFileSync(path.join(dir(), 'config.json'), 'utf8')).profiles.default;

describe('logout — parse', () => {
  it('--keep-credentials is off unless given', async () => {
    expect((await parseVerb<LogoutOptions>(newLogoutCommand, [])).keepCredentials).toBe(false);
    expect((await parseVerb<LogoutOptions>(newLogoutCommand, ['--keep-credentials'])).keepCredentials).toBe(true);
  });
});

describe('logout — run (R-LOGIN-3)', () => {
  it('ends the session, forgets the credentials and the profile\'s storage, and says so on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await logoutRun({ ...t, ...deps(), keepCredentials: false });
    expect(store.items.has('default')).toBe(false);
    expect(profile()).toEqual({ accessId: 'm95au6' });
    expect(t.err()).toContain('✓ Logged out (profile default; stored credentials removed)');
  });

  it('--keep-credentials keeps access ID and password but not the session; stdout stays empty in a pipe', async () => {
    const t = fakeTerminal();
    await logoutRun({ ...t, ...deps(), keepCredentials: true });
    expect(await store.get('default')).toEqual({ ...stored, session: null });
    expect(t.out()).toBe('');
  });

  it('prints what happened as JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await logoutRun({ ...t, ...deps(), keepCredentials: false });
    expect(JSON.parse(t.out())).toEqual({ profile: 'default', sessionEnded: true, credentialsForgotten: true });
  });

  it('a session that already expired is not an error: the credentials are still forgotten', async () => {
    server.use(http.post(`${BASE}/api/v1/auth/logout`, () => apiError('SESSION_EXPIRED')));
    const t = fakeTerminal();
    t.io.json = true;
    await logoutRun({ ...t, ...deps(), keepCredentials: false });
    expect(JSON.parse(t.out())).toMatchObject({ profile: 'default', credentialsForgotten: true });
  });

  it('a server error is an error and keeps the credentials', async () => {
    server.use(http.post(`${BASE}/api/v1/auth/logout`, () => apiError('FORBIDDEN')));
    await expect(logoutRun({ ...fakeTerminal(), ...deps(), keepCredentials: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(store.items.has('default')).toBe(true);
  });

  it('ends the CI job\'s session kept in MYPAGE_SESSION_FILE and removes the file (D-14)', async () => {
    const empty: Loaded = { name: 'default', profile: undefined, store: null, stored: null };
    let cleared = 0;
    const t = fakeTerminal();
    t.io.json = true;
    await logoutRun({
      ...t,
      ...deps(),
      loadProfile: async () => empty,
      jobSession: async () => ({ read: async () => stored.session, clear: async () => void cleared++ }),
      keepCredentials: false,
    });
    expect(JSON.parse(t.out())).toEqual({ profile: 'default', sessionEnded: true, credentialsForgotten: false });
    expect(cleared).toBe(1);
  });
});
