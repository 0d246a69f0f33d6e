import { describe, expect, it } from 'vitest';
import { call, demoApp } from '../testing/index.js';
import { MAX_SCRYPT_MEMORY, paddingRuns, PRODUCTION_SCRYPT, sameSecret, scryptHasher, scryptMemory, TEST_SCRYPT } from './secrets.js';

/* The operator token is compared in constant time (the back office's secret: no timing leak). */

describe('sameSecret (operator token comparison, constant time)', () => {
  it('matches only the exact secret', () => {
    expect(sameSecret('operator-test-token', 'operator-test-token')).toBe(true);
    expect(sameSecret('operator-test-toke', 'operator-test-token')).toBe(false);
    expect(sameSecret('operator-test-tokenX', 'operator-test-token')).toBe(false);
    expect(sameSecret('OPERATOR-TEST-TOKEN', 'operator-test-token')).toBe(false);
  });

  it('never matches a missing token or an empty configured secret', () => {
    expect(sameSecret(undefined, 'operator-test-token')).toBe(false);
    expect(sameSecret('', '')).toBe(false);
    expect(sameSecret(undefined, '')).toBe(false);
  });

  it('back office: a prefix of the operator token gets 401, the token itself 200', async () => {
    const t = await demoApp();
    const as = (token: string) => call(t, 'GET', '/api/v1/operator/inquiries', { token });
    expect((await as(t.config.operatorToken.slice(0, -1))).status).toBe(401);
    expect((await as(t.config.operatorToken)).status).toBe(200);
  });
});

describe('password hashing (scrypt)', () => {
  it('scrypt N = 2^17 (r = 8, p = 1): the production parameters, a 32-byte key and a 16-byte salt, 128 MiB allowed; verifies the secret and nothing else', async () => {
    const hasher = scryptHasher();
    expect(PRODUCTION_SCRYPT).toEqual({ N: 131072, r: 8, p: 1, keylen: 32 });
    expect(scryptMemory(PRODUCTION_SCRYPT)).toBe(128 * 8 * (131072 + 3)); // 128 MiB and 3 KiB: what maxmem allows
    expect(MAX_SCRYPT_MEMORY).toBeGreaterThanOrEqual(scryptMemory(PRODUCTION_SCRYPT));
    // two scrypt runs at the production cost (each ~0.4 s; 128 MiB): the one test that pays it
    const stored = await hasher.hash('mypage2023');
    const [kind, n, r, p, salt, key] = stored.split('$');
    expect([kind, n, r, p]).toEqual(['scrypt', '131072', '8', '1']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32);
    expect(await hasher.verify('mypage2024', stored)).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
    expect(hasher.needsRehash('scrypt$16384$8$1$AA$AA')).toBe(true);
  }, 120_000);

  it('a stored hash asking for more memory than allowed, or with an N that is not a power of two, is refused without computing it', async () => {
    const cheap = scryptHasher(TEST_SCRYPT);
    for (const bad of ['scrypt$1048576$8$1$AAAA$AAAA', 'scrypt$1000$1$1$AAAA$AAAA', 'scrypt$1$1$1$AAAA$AAAA', 'scrypt$16$1$1$AAAA$']) {
      expect(await cheap.verify('secret12', bad), bad).toBe(false);
    }
    expect(() => scryptHasher({ N: 2 ** 20, r: 8, p: 1, keylen: 32 })).toThrow(/needs more than/);
  });

  it('timing reveals which access IDs exist: checking a hash of a lower cost is padded to the current cost', () => {
    const current = PRODUCTION_SCRYPT;
    const work = (stored: { N: number; r: number; p: number }) => stored.N * stored.r * stored.p + paddingRuns(stored, current).reduce((a, n) => a + n * current.r * current.p, 0);
    const full = current.N * current.r * current.p;
    // a store hashed at N=2^14 before the raise: 2^14 + 2^14 + 2^15 + 2^16 = 2^17, exactly
    expect(paddingRuns({ N: 2 ** 14, r: 8, p: 1 }, current)).toEqual([2 ** 16, 2 ** 15, 2 ** 14]);
    expect(work({ N: 2 ** 14, r: 8, p: 1 })).toBe(full);
    expect(paddingRuns({ N: 2 ** 16, r: 8, p: 1 }, current)).toEqual([2 ** 16]);
    // another r: within 1/64 of the current cost
    for (const stored of [{ N: 16, r: 1, p: 1 }, { N: 2 ** 14, r: 4, p: 1 }, { N: 2 ** 12, r: 8, p: 3 }]) {
      expect(work(stored) / full, JSON.stringify(stored)).toBeGreaterThan(1 - 1 / 64);
      expect(work(stored) / full, JSON.stringify(stored)).toBeLessThanOrEqual(1);
    }
    // the current cost or more: nothing to add
    expect(paddingRuns({ N: 2 ** 17, r: 8, p: 1 }, current)).toEqual([]);
    expect(paddingRuns({ N: 2 ** 18, r: 8, p: 1 }, current)).toEqual([]);
  });

  it('a padded check still answers right and wrong passwords correctly', async () => {
    const older = scryptHasher({ N: 16, r: 1, p: 1, keylen: 32 });
    const current = scryptHasher({ N: 256, r: 1, p: 1, keylen: 32 });
    const stored = await older.hash('secret12');
    expect(await current.verify('secret12', stored)).toBe(true);
    expect(await current.verify('secret13', stored)).toBe(false);
    expect(current.needsRehash(stored)).toBe(true);
  });

  it('a stored hash is checked with the parameters written in it (a cheap test hash verifies under the production hasher, and back)', async () => {
    const cheap = scryptHasher(TEST_SCRYPT);
    const stored = await cheap.hash('secret12');
    expect(stored.startsWith('scrypt$16$1$1$')).toBe(true);
    expect(await scryptHasher().verify('secret12', stored)).toBe(true);
    expect(await cheap.verify('secret12', await scryptHasher().hash('secret12'))).toBe(true);
    for (const bad of [null, '', 'bcrypt$x', 'scrypt$0$8$1$AA$AA', 'scrypt$16$1$1$$']) expect(await cheap.verify('secret12', bad)).toBe(false);
  });
});
