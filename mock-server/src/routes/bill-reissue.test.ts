import { beforeEach, describe, expect, it } from 'vitest';
import { BillSchema, type Bill } from '@mypage/api';
import { ISSUER } from '../pdf/issuer.js';
import { pdfText, squash } from '../pdf/read-pdf.js';
import { DEMO } from '../seed/demo.js';
import { bearer, createTestApp, demoSeed, sessionToken, type TestApp } from '../testing/index.js';

/*
 * D-10: the bill names its issuer (the archive files and indexes invoices by it), and a month the
 * back office publishes again with a changed item is a re-issued document — different PDF bytes —
 * while publishing the very same bill again gives the same bytes (the archive then skips it).
 */

let t: TestApp;
let user: Record<string, string>;
let op: Record<string, string>;
beforeEach(async () => {
  t = await createTestApp({ seed: demoSeed, now: '2024-07-20T12:00:00+09:00' });
  user = bearer(await sessionToken(t, DEMO.groupA.admin.id));
  op = bearer(t.config.operatorToken);
});
const pdf = async (month: string) => {
  const res = await t.app.request(`/api/v1/bills/${month}/invoice.pdf`, { headers: user });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
};
const bill = async (month: string) => (await (await t.app.request(`/api/v1/bills/${month}`, { headers: user })).json()) as Bill;
const publish = (body: unknown) =>
  t.app.request('/api/v1/operator/bills', { method: 'POST', headers: { ...op, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const items2023_10 = [
  { contractNumber: 'CAF0000000001', name: 'mediaITサポート24', amount: 3300, remarks: '', taxRate: 10 },
  { contractNumber: 'COP00000001', name: 'Splashtop Business', amount: 1833, remarks: '', taxRate: 10 },
];

describe('the bill names its issuer (D-8, D-10)', () => {
  it('GET /bills/{month} has the issuer’s name and T-number — the same the invoice PDF prints', async () => {
    const b = await bill('2023-10');
    expect(BillSchema.parse(b).issuer).toEqual({ name: '日本メディアシステム株式会社', registrationNumber: ISSUER.registrationNumber });
    expect(b.issuer.registrationNumber).toMatch(/^T\d{13}$/);
    const text = squash(await pdfText(await pdf('2023-10')));
    expect(text).toContain(b.issuer.name);
    expect(text).toContain(`登録番号${b.issuer.registrationNumber}`);
  });
});

describe('a month published again (re-issued invoice, D-10)', () => {
  it('with a changed item gives a different PDF (new total, new issue date); the billing ID stays', async () => {
    const before = await pdf('2023-10');
    const original = await bill('2023-10');
    // a past month's default due date (the 27th of the month after) is before today: name one
    const res = await publish({ billingGroupId: DEMO.groupA.id, month: '2023-10', dueDate: '2024-08-27', items: [items2023_10[0], { ...items2023_10[1], amount: 2200, remarks: '訂正' }] });
    expect(res.status).toBe(201);
    const after = await pdf('2023-10');
    expect(Buffer.from(after).equals(Buffer.from(before))).toBe(false);
    const reissued = await bill('2023-10');
    expect(reissued).toMatchObject({ billingId: original.billingId, issuedOn: '2024-07-20', dueDate: '2024-08-27', total: 5500 + 550 });
    const text = squash(await pdfText(after));
    expect(text).toContain('2,200');
    expect(text).toContain('訂正');
  });

  it('with a changed item but the same issue date still gives different bytes', async () => {
    const before = await pdf('2023-10');
    await publish({ billingGroupId: DEMO.groupA.id, month: '2023-10', issuedOn: '2023-11-09', dueDate: '2023-11-27', items: [items2023_10[0], { ...items2023_10[1], remarks: '再発行' }] });
    expect((await bill('2023-10')).issuedOn).toBe('2023-11-09');
    expect(Buffer.from(await pdf('2023-10')).equals(Buffer.from(before))).toBe(false);
  });

  it('with the very same content gives the very same bytes (nothing to re-archive)', async () => {
    const before = await pdf('2023-10');
    const res = await publish({ billingGroupId: DEMO.groupA.id, month: '2023-10', issuedOn: '2023-11-09', dueDate: '2023-11-27', items: items2023_10 });
    expect(res.status).toBe(201);
    expect(Buffer.from(await pdf('2023-10')).equals(Buffer.from(before))).toBe(true);
  });
});
