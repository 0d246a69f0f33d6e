import { describe, expect, it } from 'vitest';
import { globMatch, ruleMatches } from './rules.js';

/* Fault-switch route patterns (back office, dev mode): `*` globs, matched without regex backtracking. */

describe('fault rule patterns (dev-mode fault switches)', () => {
  it.each([
    ['/api/v1/bills*', '/api/v1/bills', true],
    ['/api/v1/bills*', '/api/v1/bills/2023-10/invoice.pdf', true],
    ['/api/v1/*/invoice.pdf', '/api/v1/bills/2023-10/invoice.pdf', true],
    ['/api/v1/*.csv', '/api/v1/bills/2023-12/call-records.csv', true],
    ['/api/v1/*.csv', '/api/v1/bills/2023-12/call-records', false],
    ['/api/v1/me', '/api/v1/me/x', false],
    ['/api/v1/(me)', '/api/v1/(me)', true],
    ['/api/v1/b.lls', '/api/v1/bills', false],
    ['*', '', true],
    ['/a**b', '/ab', true],
  ])('%s against %s → %s', (pattern, path, expected) => {
    expect(globMatch(pattern, path)).toBe(expected);
  });

  it('a pattern with many stars against a long path answers (no catastrophic backtracking)', () => {
    const rule = { method: '*', pattern: `/${'*a'.repeat(30)}*b`, latencyMs: 0, failRate: 0, dropRate: 0, retryAfterSeconds: 0 };
    expect(ruleMatches(rule, 'GET', `/${'a'.repeat(200)}`)).toBe(false);
    expect(ruleMatches(rule, 'GET', `/${'a'.repeat(200)}b`)).toBe(true);
  });
});
