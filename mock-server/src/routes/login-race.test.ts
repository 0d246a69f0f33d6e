import { describe, expect, it } from 'vitest';
import type { Hasher } from '../domain/ports.js';
import { DEMO, demoApp, post, testHasher } from '../testing/index.js';

/*
 * The failed-login lock holds against parallel guesses: the attempt is reserved in the store
 * before the password hash is checked, so N wrong passwords sent at once are checked at most
 * THROTTLE.maxFailures times (5), and the rest answer 429 without a hash.
 */

function countingHasher(): Hasher & { verifications: number } {
  const counter = {
    verifications: 0,
    hash: (secret: string) => testHasher.hash(secret),
    needsRehash: (stored: string) => testHasher.needsRehash(stored),
    async verify(secret: string, stored: string | null) {
      counter.verifications += 1;
      return testHasher.verify(secret, stored);
    },
  };
  return counter;
}

describe('login lockout under parallel requests (R-LOGIN-1, throttle decision)', () => {
  it('20 parallel wrong passwords: at most 5 are checked against the password, the others answer 429', async () => {
    const hasher = countingHasher();
    const t = await demoApp({ hasher });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post(t, '/api/v1/auth/login', { accessId: DEMO.groupA.admin.accessId, password: 'wrong1234' })),
    );
    expect(hasher.verifications).toBe(5);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429 && a.body.error.code === 'LOGIN_THROTTLED')).toHaveLength(15);
    // and the lock holds against the right password too
    expect((await post(t, '/api/v1/auth/login', { accessId: DEMO.groupA.admin.accessId, password: DEMO.groupA.admin.password })).status).toBe(429);
    expect(hasher.verifications).toBe(5);
  });

  it('the same for an access ID that does not exist (the throttle does not reveal which IDs exist)', async () => {
    const hasher = countingHasher();
    const t = await demoApp({ hasher });
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(t, '/api/v1/auth/login', { accessId: 'zz9zz9', password: 'wrong1234' })));
    expect(hasher.verifications).toBe(5);
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(5).fill(401), ...Array(15).fill(429)]);
  });

  it('a right password in parallel with wrong ones is not counted as a failure', async () => {
    const t = await demoApp();
    const wrong = () => post(t, '/api/v1/auth/login', { accessId: DEMO.groupA.admin.accessId, password: 'wrong1234' });
    const right = () => post(t, '/api/v1/auth/login', { accessId: DEMO.groupA.admin.accessId, password: DEMO.groupA.admin.password });
    const answers = await Promise.all([wrong(), wrong(), right(), wrong()]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 200, 401]);
    // 3 failures counted: a 4th wrong one is still checked, the 5th locks
    expect((await wrong()).status).toBe(401);
    expect((await wrong()).status).toBe(401);
    expect((await wrong()).status).toBe(429);
  });
});
