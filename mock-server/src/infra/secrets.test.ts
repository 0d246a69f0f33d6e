import { describe, expect, it } from 'vitest';
import { call, demoApp } from '../testing/index.js';
import { sameSecret } from './secrets.js';

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
