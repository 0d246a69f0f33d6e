import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, demoSeed, type TestApp } from '../testing/index.js';
import { storedData } from '../testing/index.js';
import { bearer } from '../testing/index.js';

/*
 * Back-office input that must be refused with a 400 envelope and change nothing (the house rule on bad
 * input): dates that are not on the calendar, call times outside four-digit years (R-FMT-10:
 * every record lands in a real YYYY-MM month in Japan time).
 */

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ seed: demoSeed, now: '2024-01-15T10:00:00+09:00' });
});
const post = (url: string, body: unknown) =>
  t.app.request(url, { method: 'POST', headers: { ...bearer(t.config.operatorToken), 'content-type': 'application/json' }, body: JSON.stringify(body) });
// '0000-01-01T00:00:00+14:00' is 0000-01-01 in its own zone but year -1 in Japan time: no YYYY-MM month.
const call = (startedAt: string) => ({ contractNumber: 'CAF0000000001', startedAt, usageType: '移動体', from: '0611112222', to: '09011112222', durationSeconds: 5 });

describe('back office refuses impossible dates (R-NOTICE-1, R-FMT-10)', () => {
  it.each(['2023-02-30', '2023-04-31', '2023-02-29'])('an opening notice dated %s → 400, nothing listed', async (date) => {
    const before = (await storedData(t)).openingNotices.length;
    const res = await post('/api/v1/operator/opening-notices', { contractNumber: 'CAF0000000001', date });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect((await storedData(t)).openingNotices.length).toBe(before);
  });

  it('a leap day (2024-02-29) is a real date: published', async () => {
    expect((await post('/api/v1/operator/opening-notices', { contractNumber: 'CAF0000000001', date: '2024-02-29' })).status).toBe(201);
  });

  it.each(['0000-01-01T00:00:00+14:00', '9999-12-31T23:59:59Z', '2023-02-30T10:00:00', '2023-12-05T24:00:00'])('a call at %s → 400, nothing imported', async (startedAt) => {
    const before = (await storedData(t)).callRecords.length;
    const res = await post('/api/v1/operator/call-records', { records: [call(startedAt)] });
    expect(res.status).toBe(400);
    expect((await storedData(t)).callRecords.length).toBe(before);
  });

  it('a call with an offset lands in its Japan-time month (2023-11-30T20:00Z → 2023-12)', async () => {
    const res = await post('/api/v1/operator/call-records', { records: [call('2023-11-30T20:00:00Z')] });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { months: string[] }).months).toEqual(['2023-12']);
  });
});

describe('back office: bill months at the ends of the calendar (D-1, R-BILL-1)', () => {
  it('a bill of 0999-11 is due 0999-12-27 (four-digit years, not "999-12-27")', async () => {
    const res = await post('/api/v1/operator/bills', { billingGroupId: 'bg_a', month: '0999-11', issuedOn: '0999-12-09', items: [] });
    expect(res.status).toBe(201);
    expect((await storedData(t)).bills.find((b) => b.month === '0999-11')?.dueDate).toBe('0999-12-27');
  });

  it('a bill of 0000-01 is due 0000-02-27, not "0-02-27"', async () => {
    expect((await post('/api/v1/operator/bills', { billingGroupId: 'bg_a', month: '0000-01', issuedOn: '0000-02-09', items: [] })).status).toBe(201);
    expect((await storedData(t)).bills.find((b) => b.month === '0000-01')?.dueDate).toBe('0000-02-27');
  });

  it('a bill of 9999-12 without a dueDate → 400 (its default due month 10000-01 does not exist), nothing published', async () => {
    const res = await post('/api/v1/operator/bills', { billingGroupId: 'bg_a', month: '9999-12', items: [] });
    expect(res.status).toBe(400);
    expect((await storedData(t)).bills.some((b) => b.month === '9999-12')).toBe(false);
  });
});

describe('back office: call numbers with control characters (D-5 CSV rows stay one line)', () => {
  it.each([['NUL', 'a\u0000b'], ['CR LF', '0611\r\n1111'], ['empty', ''], ['spaces', '  '], ['lone surrogate', '\ud800']])('from = %s → 400, nothing imported', async (_kind, from) => {
    const before = (await storedData(t)).callRecords.length;
    const res = await post('/api/v1/operator/call-records', { records: [{ ...call('2023-12-05T10:00:00'), from }] });
    expect(res.status).toBe(400);
    expect((await storedData(t)).callRecords.length).toBe(before);
  });

  it('full-width and CP932-special characters in a number are kept (the CSV maps them, D-5)', async () => {
    const res = await post('/api/v1/operator/call-records', { records: [{ ...call('2023-12-05T10:00:00'), to: '非通知〜‖' }] });
    expect(res.status).toBe(201);
  });
});

describe('back office: a bill is due on or after its issue date (D-8 振替日)', () => {
  it('a dueDate before issuedOn → 400, nothing published', async () => {
    const before = (await storedData(t)).bills.length;
    const res = await post('/api/v1/operator/bills', { billingGroupId: 'bg_a', month: '2024-07', issuedOn: '2024-08-09', dueDate: '2024-08-01', items: [] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toBe('振替日は発行日以降の日付を指定してください。');
    expect((await storedData(t)).bills.length).toBe(before);
  });

  it('a dueDate on the issue date is accepted', async () => {
    const res = await post('/api/v1/operator/bills', { billingGroupId: 'bg_a', month: '2024-07', issuedOn: '2024-08-09', dueDate: '2024-08-09', items: [] });
    expect(res.status).toBe(201);
  });
});
