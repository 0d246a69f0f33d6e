import { describe, expect, it } from 'vitest';
import { call, demoApp } from '../testing/index.js';
import { PRODUCTION_SCRYPT, sameSecret, scryptHasher, TEST_SCRYPT } from './secrets.js';

/* The operator token is compared in constant time (issue 3: secrets; issue 4: back office). */

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
  it('the production parameters: N=16384, r=8, p=1, a 32-byte key and a 16-byte salt; verifies the secret and nothing else', async () => {
    const hasher = scryptHasher();
    expect(PRODUCTION_SCRYPT).toEqual({ N: 16384, r: 8, p: 1, keylen: 32 });
    const stored = await hasher.hash('mypage2023');
    const [kind, n, r, p, salt, key] = stored.split('$');
    expect([kind, n, r, p]).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32);
    expect(await hasher.verify('mypage2023', stored)).toBe(true);
    expect(await hasher.verify('mypage2024', stored)).toBe(false);
    expect(await hasher.hash('mypage2023')).not.toBe(stored); // a fresh salt each time
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
