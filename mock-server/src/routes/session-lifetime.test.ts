import { describe, expect, it } from 'vitest';
import { DEMO } from '../seed/demo.js';
import { parseSecurityFlags } from '../security/flags.js';
import { bearer, createTestApp, demoSeed, sessionToken } from '../testing/index.js';

describe('absolute session lifetime (D-3 with an upper bound; ASVS session timeout)', () => {
  it('a session kept busy every 5 minutes still ends 12 hours after its login', async () => {
    const t = await createTestApp({ seed: demoSeed });
    const auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
    const me = () => t.app.request('/api/v1/me', { headers: auth });
    for (let minutes = 5; minutes < 12 * 60; minutes += 5) {
      t.clock.advanceMinutes(5);
      expect((await me()).status, `after ${minutes} min`).toBe(200);
    }
    t.clock.advanceMinutes(5); // 12 h 0 min after the login
    const res = await me();
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SESSION_EXPIRED');
  });

  it('the idle expiry (R-LOGIN-4) still ends a quiet session after 10 minutes', async () => {
    const t = await createTestApp({ seed: demoSeed });
    const auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
    t.clock.advanceMinutes(11);
    expect((await t.app.request('/api/v1/me', { headers: auth })).status).toBe(401);
  });

  it('--session-lifetime sets it; less than the idle expiry or a bad value is refused', () => {
    expect(parseSecurityFlags({}).sessionAbsoluteMs).toBe(12 * 3_600_000);
    expect(parseSecurityFlags({ 'session-lifetime': '8h' }).sessionAbsoluteMs).toBe(8 * 3_600_000);
    expect(parseSecurityFlags({ 'session-lifetime': '90m' }).sessionAbsoluteMs).toBe(90 * 60_000);
    expect(() => parseSecurityFlags({ 'session-lifetime': '5m' })).toThrow(/at least 10m/);
    expect(() => parseSecurityFlags({ 'session-lifetime': 'forever' })).toThrow(/--session-lifetime/);
  });
});
