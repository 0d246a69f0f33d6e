import { describe, expect, it } from 'vitest';
import type { Session } from '@mypage/api';
import { DEMO } from '../seed/demo.js';
import { bearer, createTestApp, demoSeed, sessionToken } from '../testing/index.js';

async function setup() {
  const t = await createTestApp({ seed: demoSeed });
  const token = await sessionToken(t, DEMO.groupA.admin.id);
  const other = bearer(await sessionToken(t, DEMO.groupA.admin.id)); // the same user, signed in elsewhere
  const change = (body: unknown, auth = bearer(token)) =>
    t.app.request('/api/v1/auth/password', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const login = (password: string) =>
    t.app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessId: DEMO.groupA.admin.accessId, password }) });
  return { t, token, other, change, login };
}
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe('a signed-in user changes their own password (ASVS V6.2.2, V6.2.3)', () => {
  it('with the current password: the new one logs in, the old one does not, every earlier session ends, a new session is answered', async () => {
    const { t, token, other, change, login } = await setup();
    const res = await change({ currentPassword: DEMO.groupA.admin.password, newPassword: 'renewed2024' });
    expect(res.status).toBe(200);
    const session = (await res.json()) as Session;
    expect(session.token).not.toBe(token);
    expect((await t.app.request('/api/v1/me', { headers: bearer(session.token) })).status).toBe(200);
    expect((await t.app.request('/api/v1/me', { headers: bearer(token) })).status).toBe(401);
    expect((await t.app.request('/api/v1/me', { headers: other })).status).toBe(401);
    expect((await login('renewed2024')).status).toBe(200);
    expect((await codeOf(await login(DEMO.groupA.admin.password))).code).toBe('INVALID_CREDENTIALS');
  });

  it('a wrong current password is refused and counts toward the lock: a stolen session cannot guess it', async () => {
    const { change } = await setup();
    for (let i = 0; i < 5; i++) {
      const res = await change({ currentPassword: `wrong${i}pass`, newPassword: 'renewed2024' });
      expect(res.status).toBe(401);
      expect((await codeOf(res)).message).toBe('現在のパスワードが正しくありません。');
    }
    const locked = await change({ currentPassword: DEMO.groupA.admin.password, newPassword: 'renewed2024' });
    expect(locked.status).toBe(429);
    expect((await codeOf(locked)).code).toBe('LOGIN_THROTTLED');
  });

  it('a new password outside R-FMT-2 is refused with 400 and nothing changes', async () => {
    const { change, login } = await setup();
    const res = await change({ currentPassword: DEMO.groupA.admin.password, newPassword: 'short' });
    expect(res.status).toBe(400);
    expect((await login(DEMO.groupA.admin.password)).status).toBe(200);
  });

  it('needs a session', async () => {
    const { t } = await setup();
    const res = await t.app.request('/api/v1/auth/password', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: 'x', newPassword: 'renewed2024' }) });
    expect(res.status).toBe(401);
  });
});
