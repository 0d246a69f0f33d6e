import { beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../seed/demo.js';
import { createTestApp, type TestApp } from '../testing.js';
import { bearer } from './test-session.js';

/*
 * Back-office input that must be refused with a 400 envelope and change nothing (issue 4, bad
 * input): dates that are not on the calendar, call times outside four-digit years (R-FMT-10:
 * every record lands in a real YYYY-MM month in Japan time).
 */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ seed: seedDemo, now: '2024-01-15T10:00:00+09:00' });
});
const post = (url: string, body: unknown) =>
  t.app.request(url, { method: 'POST', headers: { ...bearer(t.config.operatorToken), 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('back office refuses impossible dates (R-NOTICE-1, R-FMT-10)', () => {
  it.each(['2023-02-30', '2023-04-31', '2023-02-29'])('an opening notice dated %s → 400, nothing listed', async (date) => {
    const before = t.store.data.openingNotices.length;
    const res = await post('/api/v1/operator/opening-notices', { contractNumber: 'CAF0000000001', date });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect(t.store.data.openingNotices.length).toBe(before);
  });

  it('a leap day (2024-02-29) is a real date: published', async () => {
    expect((await post('/api/v1/operator/opening-notices', { contractNumber: 'CAF0000000001', date: '2024-02-29' })).status).toBe(201);
  });
});
