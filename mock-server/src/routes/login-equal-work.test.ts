import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { Hasher } from '../domain/ports.js';
import { scryptCostOf, scryptHasher, type ScryptParams } from '../infra/secrets.js';
import type { StoreEngine } from '../store/repositories.js';
import { acceptAllCaptcha, createTestApp, DEMO, demoSeed, post, testHasher, type TestApp } from '../testing/index.js';
import { seedDemo } from '../seed/demo.js';

/*
 * A failed login does the same work whether or not the access ID exists (ASVS V6.3.8): the same
 * store operations (the attempt is one record per access ID, known or not) and the same scrypt
 * cost. And a right password on a hash of a lower cost re-hashes it at the current one.
 */

/** The store, recording `repository.method` of every call (the real engine answers). */
function recording(store: StoreEngine): { repos: StoreEngine; calls: string[] } {
  const calls: string[] = [];
  const wrap = <T extends object>(name: string, target: T): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        const value = Reflect.get(t, prop, receiver) as unknown;
        if (typeof value === 'function') return (...args: unknown[]) => (calls.push(`${name}.${String(prop)}`), (value as (...a: unknown[]) => unknown).apply(t, args));
        if (value && typeof value === 'object' && typeof prop === 'string') return wrap(prop, value);
        return value;
      },
    });
  return { repos: wrap('store', store), calls };
}

/** The hasher, recording the cost of every stored hash it verifies (and of each hash it makes). */
function costRecording(params: ScryptParams): Hasher & { verified: string[] } {
  const inner = scryptHasher(params);
  const verified: string[] = [];
  return {
    verified,
    hash: (secret) => inner.hash(secret),
    needsRehash: (stored) => inner.needsRehash(stored),
    async verify(secret, stored) {
      verified.push(stored ? JSON.stringify(scryptCostOf(stored)) : 'none');
      return inner.verify(secret, stored);
    },
  };
}

async function recordedApp(): Promise<{ t: TestApp; calls: string[]; hasher: ReturnType<typeof costRecording> }> {
  const hasher = costRecording({ N: 16, r: 1, p: 1, keylen: 32 });
  const t = await createTestApp({ seed: demoSeed, hasher });
  const { repos, calls } = recording(t.store);
  const app = createApp({ repos, mailer: t.mailer, clock: t.clock, captcha: acceptAllCaptcha, config: t.config, hasher });
  return { t: { ...t, app }, calls, hasher };
}

describe('timing reveals which access IDs exist (V6.3.8)', () => {
  it('a wrong password on a known ID and a login on an unknown one make the same store calls and verify at the same scrypt cost', async () => {
    const { t, calls, hasher } = await recordedApp();
    const answers = [];
    const work: { calls: string[]; verified: string[] }[] = [];
    for (const accessId of [DEMO.groupA.admin.accessId, 'zz0000']) {
      // a first unknown login makes the dummy hash once per app: warm it up outside the measure
      if (accessId === 'zz0000') await post(t, '/api/v1/auth/login', { accessId: 'zz0001', password: 'warmup12' });
      calls.length = 0;
      hasher.verified.length = 0;
      answers.push(await post(t, '/api/v1/auth/login', { accessId, password: 'wrong1234' }));
      work.push({ calls: [...calls], verified: [...hasher.verified] });
    }
    expect(answers.map((a) => [a.status, a.body.error.code])).toEqual([
      [401, 'INVALID_CREDENTIALS'],
      [401, 'INVALID_CREDENTIALS'],
    ]);
    expect(work[0]!.calls).toEqual(['loginAttempts.reserve', 'accounts.byAccessId']);
    expect(work[1]!.calls).toEqual(work[0]!.calls);
    expect(work[0]!.verified).toEqual([JSON.stringify({ N: 16, r: 1, p: 1 })]);
    expect(work[1]!.verified).toEqual(work[0]!.verified);
  });
});

describe('lazy re-hash on login (V11.4.2)', () => {
  const older = scryptHasher({ N: 8, r: 1, p: 1, keylen: 32 });
  const current: ScryptParams = { N: 16, r: 1, p: 1, keylen: 32 };

  it('a hash of a lower cost is replaced at the first right password, once; the password keeps working', async () => {
    const t = await createTestApp({ seed: (data) => seedDemo(data, older), hasher: scryptHasher(current) });
    const stored = async () => (await t.store.accounts.get(DEMO.groupA.admin.id))!.passwordHash!;
    const before = await stored();
    expect(scryptCostOf(before)).toEqual({ N: 8, r: 1, p: 1 });
    // a wrong password changes nothing
    expect((await post(t, '/api/v1/auth/login', { accessId: DEMO.groupA.admin.accessId, password: 'wrong1234' })).status).toBe(401);
    expect(await stored()).toBe(before);
    expect((await post(t, '/api/v1/auth/login', { accessId: DEMO.groupA.admin.accessId, password: DEMO.groupA.admin.password })).status).toBe(200);
    const after = await stored();
    expect(scryptCostOf(after)).toEqual({ N: 16, r: 1, p: 1 });
    expect((await post(t, '/api/v1/auth/login', { accessId: DEMO.groupA.admin.accessId, password: DEMO.groupA.admin.password })).status).toBe(200);
    expect(await stored()).toBe(after); // at the current cost: not re-hashed again
  });

  it('a re-hash that cannot be done now (the store refuses) does not fail the login; the next login does it', async () => {
    const t = await createTestApp({ seed: (data) => seedDemo(data, older), hasher: scryptHasher(current) });
    const failing = new Proxy(t.store, {
      get(target, prop, receiver) {
        if (prop !== 'accounts') return Reflect.get(target, prop, receiver) as unknown;
        return { ...target.accounts, rehashPassword: async () => Promise.reject(new Error('store down')) };
      },
    });
    const errors: string[] = [];
    const app = createApp({ repos: failing, mailer: t.mailer, clock: t.clock, captcha: acceptAllCaptcha, config: t.config, hasher: scryptHasher(current), logger: { info: () => undefined, error: (m) => errors.push(m) } });
    const login = () => post({ ...t, app }, '/api/v1/auth/login', { accessId: DEMO.groupA.admin.accessId, password: DEMO.groupA.admin.password });
    expect((await login()).status).toBe(200);
    expect(errors).toEqual(['password re-hash postponed to the next login']);
    expect(scryptCostOf((await t.store.accounts.get(DEMO.groupA.admin.id))!.passwordHash!)).toEqual({ N: 8, r: 1, p: 1 });
    expect((await post(t, '/api/v1/auth/login', { accessId: DEMO.groupA.admin.accessId, password: DEMO.groupA.admin.password })).status).toBe(200);
    expect(scryptCostOf((await t.store.accounts.get(DEMO.groupA.admin.id))!.passwordHash!)).toEqual({ N: 16, r: 1, p: 1 });
  });

  it('the test hasher marks nothing for re-hash that it made itself', async () => {
    expect(testHasher.needsRehash(await testHasher.hash('x'))).toBe(false);
  });
});
