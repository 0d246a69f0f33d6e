import { beforeEach, describe, expect, it } from 'vitest';
import { INQUIRY_SUBJECTS, MAIL_SUBJECTS, type Inquiry } from '@mypage/api';
import { DEMO } from '../seed/demo.js';
import { createTestApp, demoSeed, type TestApp } from '../testing/index.js';
import { activeAccount, bearer, sessionToken } from '../testing/index.js';

let t: TestApp;
let auth: Record<string, string>;
let op: Record<string, string>;
beforeEach(async () => {
  t = await createTestApp({ seed: demoSeed, now: '2024-01-15T10:00:00+09:00' });
  auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
  op = { authorization: `Bearer ${t.config.operatorToken}` };
});
const get = (url: string, headers = auth) => t.app.request(url, { headers });
const post = (url: string, body: unknown, headers = auth) =>
  t.app.request(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const send = async (body: unknown) => {
  const res = await post('/api/v1/inquiries', body);
  expect(res.status).toBe(201);
  return (await res.json()) as Inquiry;
};
const group = async (id: string) =>
  (await (await get(`/api/v1/operator/billing-groups/${id}`, op)).json()) as { callRecordsFrom: string | null; paperStop: { openingNotice: string | null; directDebit: string | null } };

describe('inquiries (R-INQ-1)', () => {
  it('offers the guide’s categories first', async () => {
    const { items } = (await (await get('/api/v1/inquiries/categories')).json()) as { items: { id: string; label: string }[] };
    expect(items.slice(0, 2)).toEqual([
      { id: 'call-records', label: '通話明細記録について' },
      { id: 'other', label: 'その他' },
    ]);
  });

  it('sends an inquiry, mails a receipt to the sender, and lists the group’s history newest first', async () => {
    const first = await send({ category: 'other', subject: '請求書の宛名について', body: '宛名を変更したい' });
    expect(first).toMatchObject({ category: 'other', categoryLabel: 'その他', kind: 'general', status: 'received', createdBy: 'm95au6', effectiveFrom: null, resolvedAt: null });
    expect(first.createdAt).toBe('2024-01-15T10:00:00+09:00');
    const mail = t.mailer.list({ to: 'taro@example.jp' }).at(-1)!;
    expect(mail.subject).toBe(MAIL_SUBJECTS.inquiryReceipt);
    expect(mail.text).toContain('請求書の宛名について');
    expect(mail.text).toContain(first.id);
    t.clock.advanceMinutes(1);
    const second = await send({ category: 'contract', subject: '住所変更' });
    expect(second.body).toBe('');
    const { items } = (await (await get('/api/v1/inquiries')).json()) as { items: Inquiry[] };
    expect(items.map((i) => i.id)).toEqual([second.id, first.id]);
  });

  it('rejects an unknown category and an empty subject with 400', async () => {
    const unknown = await post('/api/v1/inquiries', { category: 'complaint', subject: 'x' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain('call-records（通話明細記録について）');
    expect((await post('/api/v1/inquiries', { category: 'other', subject: '   ' })).status).toBe(400);
  });
});

describe('special requests (R-INQ-2, R-INQ-3) and the back office', () => {
  it('call-record application: recognised, and once resolved records start the following month', async () => {
    const b = await activeAccount(t, DEMO.groupB.id);
    const bAuth = bearer(await sessionToken(t, b.id));
    const res = await post('/api/v1/inquiries', { category: 'call-records', subject: INQUIRY_SUBJECTS.callRecords, body: 'お客様名：株式会社サンプル 担当者名：山田' }, bAuth);
    const inquiry = (await res.json()) as Inquiry;
    expect(inquiry.kind).toBe('call-records');
    expect(t.mailer.list({ to: b.email }).at(-1)!.text).toContain('翌月の通話明細記録より閲覧が可能です');
    expect((await group(DEMO.groupB.id)).callRecordsFrom).toBeNull();
    expect((await get('/api/v1/bills/2023-12/call-records', bAuth)).status).toBe(403);

    const received = (await (await get('/api/v1/operator/inquiries?status=received', op)).json()) as { items: (Inquiry & { billingGroupId: string })[] };
    expect(received.items.map((i) => i.id)).toContain(inquiry.id);
    const resolved = await post(`/api/v1/operator/inquiries/${inquiry.id}/resolve`, {}, op);
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({ status: 'resolved', effectiveFrom: '2024-02', resolvedAt: '2024-01-15T10:00:00+09:00', billingGroupId: DEMO.groupB.id });
    expect((await group(DEMO.groupB.id)).callRecordsFrom).toBe('2024-02');
    // still not for the month it was processed in
    expect((await get('/api/v1/bills/2023-12/call-records', bAuth)).status).toBe(403);
    const history = (await (await get('/api/v1/inquiries', bAuth)).json()) as { items: Inquiry[] };
    expect(history.items[0]).toMatchObject({ status: 'resolved', effectiveFrom: '2024-02' });
    // resolving twice is a conflict
    expect((await post(`/api/v1/operator/inquiries/${inquiry.id}/resolve`, {}, op)).status).toBe(409);
  });

  it('paper stop: only for the opening notice and the direct-debit notice, from the following month', async () => {
    const notice = await send({ category: 'other', subject: INQUIRY_SUBJECTS.paperStopOpeningNotice, body: '日本太郎' });
    const debit = await send({ category: 'other', subject: ` ${INQUIRY_SUBJECTS.paperStopDirectDebit} ` });
    const invoice = await send({ category: 'other', subject: '請求書の紙発送停止希望' });
    const wrongCategory = await send({ category: 'call-records', subject: INQUIRY_SUBJECTS.paperStopOpeningNotice });
    expect([notice.kind, debit.kind, invoice.kind, wrongCategory.kind]).toEqual(['paper-stop-opening-notice', 'paper-stop-direct-debit', 'general', 'general']);

    t.clock.set('2024-03-31T23:30:00+09:00');
    await post(`/api/v1/operator/inquiries/${notice.id}/resolve`, {}, op);
    expect((await group(DEMO.groupA.id)).paperStop).toEqual({ openingNotice: '2024-04', directDebit: null });
    t.clock.set('2024-04-01T00:30:00+09:00'); // Japan time decides the month (R-FMT-10)
    await post(`/api/v1/operator/inquiries/${debit.id}/resolve`, {}, op);
    const resolvedInvoice = (await (await post(`/api/v1/operator/inquiries/${invoice.id}/resolve`, {}, op)).json()) as Inquiry;
    expect(resolvedInvoice.effectiveFrom).toBeNull();
    expect((await group(DEMO.groupA.id)).paperStop).toEqual({ openingNotice: '2024-04', directDebit: '2024-05' });
    // PDFs stay downloadable after a paper stop (R-INQ-2); a new session, the old one idled out
    auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
    expect((await get('/api/v1/bills/2023-10/invoice.pdf')).status).toBe(200);
  });
});
