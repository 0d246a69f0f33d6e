import { http } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Loaded } from '../../session.js';
import { apiError, BASE, fakeTerminal, MemoryStore, parseVerb, testClient, TOKEN, useMsw } from '../../testing.js';
import { newWhoamiCommand, whoamiRun, type WhoamiOptions } from './whoami.js';

const server = useMsw();
let store: MemoryStore;
const stored = { accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2023-12-01T10:20:00+09:00' } };
beforeEach(() => {
  store = new MemoryStore();
});
const deps = (over: Partial<Loaded> = {}) => ({
  loadProfile: async (): Promise<Loaded> => ({ name: 'default', profile: { accessId: 'm95au6', storage: 'keychain' }, store, stored: structuredClone(stored), ...over }),
  serverUrl: async () => BASE,
  client: testClient({ withSession: false }),
  env: {},
  // 10:19 JST: the session (10:29 per the server) has 10 minutes left
  now: () => new Date('2023-12-01T01:19:00Z'),
});

describe('whoami — parse', () => {
  it('takes no argument', async () => {
    await expect(parseVerb<WhoamiOptions>(newWhoamiCommand, ['x'])).rejects.toThrow(/too many arguments/);
  });
});

describe('whoami — run', () => {
  it('on a terminal shows the user and the session time left in Japan time', async () => {
    const t = fakeTerminal({ tty: true });
    await whoamiRun({ ...t, ...deps() });
    expect(t.out()).toContain('日本 太郎 <taro@example.jp>');
    expect(t.out()).toMatch(/active until 2023-12-01 10:29:00 JST \(10m? ?0?s? ?left\)|active until 2023-12-01 10:29(:00)? JST/);
  });

  it('keeps the slid expiry the server reported', async () => {
    await whoamiRun({ ...fakeTerminal(), ...deps() });
    expect((await store.get('default'))?.session?.expiresAt).toBe('2023-12-01T10:29:00+09:00');
  });

  it('prints a stable JSON object with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await whoamiRun({ ...t, ...deps() });
    const j = JSON.parse(t.out());
    expect(j).toMatchObject({ profile: 'default', server: BASE, accessId: 'm95au6', storage: 'keychain', session: { active: true, remainingSeconds: 600 }, user: { role: 'admin' } });
  });

  it('an expired session is not an error: it says the next command needs a login', async () => {
    server.use(http.get(`${BASE}/api/v1/me`, () => apiError('SESSION_EXPIRED')));
    const t = fakeTerminal();
    await whoamiRun({ ...t, ...deps() });
    expect(t.out()).toContain('none (the next command needs a login)');
  });

  it('without stored credentials says how to log in', async () => {
    const t = fakeTerminal();
    await whoamiRun({ ...t, ...deps({ store: null, stored: null }) });
    expect(t.out()).toContain('none (run mypage login)');
  });
});
