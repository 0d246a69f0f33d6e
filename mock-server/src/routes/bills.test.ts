import { beforeEach, describe, expect, it } from 'vitest';
import type { Bill, BillList, CallRecordPage } from '@mypage/api';
import { pdfText, squash } from '../pdf/read-pdf.js';
import { DEMO } from '../seed/demo.js';
import { createTestApp, demoSeed, type TestApp } from '../testing/index.js';
import { activeAccount, bearer, sessionToken } from '../testing/index.js';

let t: TestApp;
let auth: Record<string, string>;
async function setup(now?: string) {
  t = await createTestApp({ seed: demoSeed, ...(now ? { now } : {}) });
  auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
}
beforeEach(() => setup());
const get = (url: string) => t.app.request(url, { headers: auth });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string; messageEn: string } }).error;

describe('bill list (R-BILL-1, D-1)', () => {
  it('lists the years with bills and the latest year’s months, newest first (published bills only)', async () => {
    const res = await get('/api/v1/bills');
    expect(res.status).toBe(200);
    const list = (await res.json()) as BillList;
    expect(list.years).toEqual([2023]);
    expect(list.year).toBe(2023);
    expect(list.months.map((m) => m.month)).toEqual(['2023-12', '2023-11', '2023-10', '2023-09', '2023-08', '2023-07']);
    expect(list.months.find((m) => m.month === '2023-10')).toMatchObject({ total: 5646, issuedOn: '2023-11-09', dueDate: '2023-11-27' });
  });

  it('a group without any bill gets an empty list, not an error', async () => {
    const c = await activeAccount(t, DEMO.groupC.id);
    const res = await t.app.request('/api/v1/bills', { headers: bearer(await sessionToken(t, c.id)) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ years: [], year: null, months: [] });
  });

  it('picks a year by ?year= once later months are published', async () => {
    await setup('2024-07-20T12:00:00+09:00');
    const latest = (await (await get('/api/v1/bills')).json()) as BillList;
    expect(latest.years).toEqual([2024, 2023]);
    expect(latest.months.map((m) => m.month)).toEqual(['2024-06', '2024-05', '2024-04', '2024-03', '2024-02', '2024-01']);
    const y2023 = (await (await get('/api/v1/bills?year=2023')).json()) as BillList;
    expect(y2023.months.map((m) => m.month)[0]).toBe('2023-12');
    expect(y2023.months).toHaveLength(6);
  });

  it('answers a year with no bills with 404 naming the years that have some, a malformed year with 400', async () => {
    const res = await get('/api/v1/bills?year=2019');
    expect(res.status).toBe(404);
    const error = await errorOf(res);
    expect(error.code).toBe('BILL_NOT_FOUND');
    expect(error.message).toContain('2019年のご請求はありません');
    expect(error.message).toContain('2023');
    expect((await get('/api/v1/bills?year=twenty')).status).toBe(400);
  });
});

describe('a month’s bill (R-BILL-2, R-FMT-9)', () => {
  it('2023-10 is the guide’s: mediaITサポート24 3300 → 10%対象計 3300 → 消費税（10%） 330 → 小計 3630', async () => {
    const res = await get('/api/v1/bills/2023-10');
    expect(res.status).toBe(200);
    const bill = (await res.json()) as Bill;
    expect(bill.contracts[0]).toEqual({
      contractNumber: 'CAF0000000001',
      serviceName: '[100M] ファミリー',
      items: [{ name: 'mediaITサポート24', amount: 3300, remarks: '', taxRate: 10 }],
      taxes: [{ rate: 10, taxableTotal: 3300, tax: 330 }],
      subtotal: 3630,
    });
    expect(bill.contracts[1]).toMatchObject({ contractNumber: 'COP00000001', taxes: [{ rate: 10, taxableTotal: 1833, tax: 183 }], subtotal: 2016 });
    expect(bill).toMatchObject({
      month: '2023-10',
      customerNumber: '2NCAF0000000001',
      recipientName: '日本　太郎',
      issuedOn: '2023-11-09',
      dueDate: '2023-11-27',
      billingPeriod: { from: '2023-10-01', to: '2023-10-31' },
      taxes: [{ rate: 10, taxableTotal: 5133, tax: 513 }],
      roundingAdjustment: 0,
      total: 5646,
      callCharges: 0,
    });
  });

  it('accepts 2023/10 and 202310 for the month', async () => {
    for (const m of ['2023%2F10', '202310', '2023年10月']) {
      const res = await get(`/api/v1/bills/${m.includes('年') ? encodeURIComponent(m) : m}`);
      expect(res.status, m).toBe(200);
      expect(((await res.json()) as Bill).month).toBe('2023-10');
    }
  });

  it('derives 通話料 per contract from the call records (D-2): the bill’s call charges are the sum of its records', async () => {
    const bill = (await (await get('/api/v1/bills/2023-12')).json()) as Bill;
    let sum = 0;
    let count = 0;
    let cursor: string | null = null;
    do {
      const page = (await (await get(`/api/v1/bills/2023-12/call-records?limit=17${cursor ? `&cursor=${cursor}` : ''}`)).json()) as CallRecordPage;
      for (const r of page.items) sum += r.charge;
      count += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(sum).toBeGreaterThan(104);
    expect(bill.callCharges).toBe(sum);
    const line = bill.contracts.find((c) => c.contractNumber === 'CAF0000000001')!;
    expect(line.items.find((i) => i.name === '通話料')).toEqual({ name: '通話料', amount: sum, remarks: `${count}件`, taxRate: 10 });
    // R-FMT-9 invariants: the invoice total is the per-rate sums plus their tax, once per rate, rounded down.
    const taxable = bill.contracts.flatMap((c) => c.items).reduce((s, i) => s + i.amount, 0);
    expect(bill.taxes).toEqual([{ rate: 10, taxableTotal: taxable, tax: Math.floor(taxable / 10) }]);
    expect(bill.total).toBe(taxable + Math.floor(taxable / 10));
    expect(bill.total).toBe(bill.contracts.reduce((s, c) => s + c.subtotal, 0) + bill.roundingAdjustment);
  });

  it('answers malformed, future, unpublished and unknown months with 4xx, never 5xx', async () => {
    for (const [month, status, code] of [
      ['2023-13', 400, 'VALIDATION_FAILED'],
      ['abc', 400, 'VALIDATION_FAILED'],
      ['20231', 400, 'VALIDATION_FAILED'],
      ['2024-02', 404, 'BILL_NOT_FOUND'], // future (the clock says 2024-01-15)
      ['2024-01', 404, 'BILL_NOT_FOUND'], // current month, not yet issued
      ['2022-01', 404, 'BILL_NOT_FOUND'],
    ] as const) {
      for (const suffix of ['', '/invoice.pdf', '/call-records', '/call-records.csv']) {
        const res = await get(`/api/v1/bills/${month}${suffix}`);
        expect(res.status, `${month}${suffix}`).toBe(status);
        expect((await errorOf(res)).code).toBe(code);
      }
    }
    const future = await errorOf(await get('/api/v1/bills/2024-02'));
    expect(future.messageEn).toContain('future');
  });
});

describe('invoice / direct-debit notice PDF (R-BILL-3, D-8)', () => {
  it('is one real PDF for the billing group with the bilingual header, breakdown per contract and qualified-invoice fields', async () => {
    const res = await get('/api/v1/bills/2023-10/invoice.pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('invoice-2NCAF0000000001-2023-10.pdf');
    const raw = await pdfText(res);
    const text = squash(raw);
    for (const expected of [
      '請求書/口座振替案内書',
      '適格請求書',
      '発行日IssueDate2023年11月09日',
      'ご請求番号BillingIDB2023000004',
      'ご請求年月BillingMonth2023年10月',
      'お客様番号CustomerNumber2NCAF0000000001',
      '金融機関名NameofBankみらい銀行大阪支店',
      '口座番号TransferAccountNo.****567',
      '振替日DueDate2023年11月27日',
      '次回振替TotalAmount5,646円',
      'ご請求期間BillingPeriod2023年10月01日～2023年10月31日',
      '日本メディアシステム株式会社',
      '登録番号T3120001234567',
      '日本太郎様',
      '契約番号CAF0000000001[100M]ファミリー',
      'mediaITサポート243,30010%',
      '10%対象計3,300',
      '消費税（10%）330',
      '小計3,630',
      '契約番号COP00000001Splashtop',
      'SplashtopBusiness1,83310%',
      '10%対象計5,13310%',
      '消費税（10%）51310%',
      '合計（税込）Total5,646',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(raw.split('\n').find((l) => l.includes('口座番号'))).not.toContain('1234567'); // masked but the last digits
    expect(/T[0-9]{13}/.test(text)).toBe(true);
  });
});
