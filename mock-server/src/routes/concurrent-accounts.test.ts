import { describe, expect, it } from 'vitest';
import { demoApp, post, startGroupB } from '../testing/index.js';
import { storedData } from '../testing/index.js';

/*
 * Concurrency (no lost data, no false success): a completion that checked its link before
 * its slow scrypt work must not report success when, meanwhile, the pending account was replaced by
 * a new registration start (R-REG-4 decision) — the restart finishes first (one scrypt against two).
 */

describe('completion racing a restart (R-REG-4, R-REG-5)', () => {
  it('a registration restarted while the first link is being completed: the old completion is refused', async () => {
    const t = await demoApp();
    const first = await startGroupB(t);
    const [done, restarted] = await Promise.all([
      post(t, `/api/v1/registrations/${first.token}/complete`, { accessId: first.accessId, temporaryPassword: first.temporaryPassword, newPassword: 'sample2024' }),
      startGroupB(t),
    ]);
    expect(done.status).toBe(410);
    expect((await storedData(t)).accounts.filter((a) => a.billingGroupId === 'bg_b').map((a) => [a.accessId, a.status])).toEqual([[restarted.accessId, 'pending']]);
  });
});
