import { beforeAll, describe, expect, it } from 'vitest';
import { routes } from '@mypage/api';
import { pdfText } from '../pdf/read-pdf.js';
import { DEMO } from '../seed/demo.js';
import { createTestApp, demoSeed, type TestApp } from '../testing/index.js';
import { activeAccount, bearer, sessionToken } from '../testing/index.js';

/*
 * Access control: every resource endpoint, called for group A's data with a session of group B
 * and with no session. Group B may get its own data (200) but never a byte of A's.
 */

const A_MARKERS = ['CAF0000000001', 'CAF0000000002', 'COP00000001', '2NCAF', '太郎', 'ニホン', 'm95au6', 'taro@', 'mediaITサポート24', 'Splashtop', '東野田', '0611112222', '0611115555', '通話明細がご覧いただけます', 'A社の問い合わせ'];

/** One request per endpoint, naming group A's items. */
const MATRIX: Record<string, { method: 'GET' | 'POST'; url: string; body?: unknown }[]> = {
  news: [{ method: 'GET', url: '/api/v1/news' }],
  contracts: [
    { method: 'GET', url: '/api/v1/contracts' },
    { method: 'GET', url: '/api/v1/contracts?group=other' },
  ],
  contract: [
    { method: 'GET', url: '/api/v1/contracts/CAF0000000001' },
    { method: 'GET', url: '/api/v1/contracts/2NCAF0000000001' },
    { method: 'GET', url: '/api/v1/contracts/COP00000001' },
  ],
  openingNotices: [{ method: 'GET', url: '/api/v1/contracts/CAF0000000001/opening-notices' }],
  openingNoticePdf: [{ method: 'GET', url: '/api/v1/contracts/CAF0000000001/opening-notices/2023-12-01.pdf' }],
  bills: [
    { method: 'GET', url: '/api/v1/bills' },
    { method: 'GET', url: '/api/v1/bills?year=2023' },
  ],
  bill: [
    { method: 'GET', url: '/api/v1/bills/2023-07' },
    { method: 'GET', url: '/api/v1/bills/2023-10' },
    { method: 'GET', url: '/api/v1/bills/2023-12' },
  ],
  invoicePdf: [
    { method: 'GET', url: '/api/v1/bills/2023-07/invoice.pdf' },
    { method: 'GET', url: '/api/v1/bills/2023-10/invoice.pdf' },
  ],
  callRecords: [
    { method: 'GET', url: '/api/v1/bills/2023-12/call-records' },
    { method: 'GET', url: '/api/v1/bills/2023-12/call-records?contract=CAF0000000001' },
    { method: 'GET', url: '/api/v1/bills/2023-12/call-records?phone=0611112222' },
  ],
  callRecordsCsv: [
    { method: 'GET', url: '/api/v1/bills/2023-12/call-records.csv' },
    { method: 'GET', url: '/api/v1/bills/2023-12/call-records.csv?encoding=sjis&contract=CAF0000000001' },
  ],
  inquiryCategories: [{ method: 'GET', url: '/api/v1/inquiries/categories' }],
  inquiries: [{ method: 'GET', url: '/api/v1/inquiries' }],
  inquiryCreate: [{ method: 'POST', url: '/api/v1/inquiries', body: { category: 'other', subject: 'B社の問い合わせ' } }],
};

const RESOURCE_TAGS = new Set(['home', 'contracts', 'notices', 'bills', 'calls', 'inquiries']);

let t: TestApp;
let a: Record<string, string>;
let b: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ seed: demoSeed });
  a = bearer(await sessionToken(t, DEMO.groupA.admin.id));
  b = bearer(await sessionToken(t, (await activeAccount(t, DEMO.groupB.id)).id));
  // B has applied for call records too, so its call-record endpoints answer with its own (empty) months.
  await t.store.billingGroups.update(DEMO.groupB.id, { callRecordsFrom: '2023-10' });
  const res = await call({ method: 'POST', url: '/api/v1/inquiries', body: { category: 'other', subject: 'A社の問い合わせ' } }, a);
  expect(res.status).toBe(201);
});

function call(entry: { method: string; url: string; body?: unknown }, headers: Record<string, string>) {
  return t.app.request(entry.url, {
    method: entry.method,
    headers: { ...headers, ...(entry.body ? { 'content-type': 'application/json' } : {}) },
    ...(entry.body ? { body: JSON.stringify(entry.body) } : {}),
  });
}

async function bodyText(res: Response): Promise<string> {
  if (res.headers.get('content-type') === 'application/pdf') return pdfText(res);
  return res.text();
}

describe('access-control matrix', () => {
  it('covers every resource endpoint of the route table', () => {
    const resourceRoutes = Object.entries(routes)
      .filter(([, r]) => r['x-auth'] === 'session' && r.tags.some((tag) => RESOURCE_TAGS.has(tag)) && !['me'].includes(r.operationId))
      .map(([name]) => name)
      .sort();
    expect(Object.keys(MATRIX).sort()).toEqual(resourceRoutes);
  });

  it('group A’s session sees its own data (the matrix names real items)', async () => {
    for (const [name, entries] of Object.entries(MATRIX)) {
      for (const entry of entries) {
        if (entry.method === 'POST') continue;
        const res = await call(entry, a);
        expect(res.status, `${name} ${entry.url}`).toBe(200);
      }
    }
  });

  it('a session of group B gets 404/403 or its own data, and never any of group A’s: 0 leaks', async () => {
    const leaks: string[] = [];
    const statuses: Record<string, number> = {};
    for (const [name, entries] of Object.entries(MATRIX)) {
      for (const entry of entries) {
        const res = await call(entry, b);
        statuses[entry.url] = res.status;
        expect(res.status, entry.url).toBeLessThan(500);
        const text = await bodyText(res);
        for (const marker of A_MARKERS) if (text.includes(marker)) leaks.push(`${name} ${entry.url}: ${marker}`);
      }
    }
    expect(leaks, leaks.join("\n")).toEqual([]);
    expect(statuses).toMatchObject({
      '/api/v1/contracts/CAF0000000001': 404,
      '/api/v1/contracts/2NCAF0000000001': 404,
      '/api/v1/contracts/COP00000001': 404,
      '/api/v1/contracts/CAF0000000001/opening-notices': 404,
      '/api/v1/contracts/CAF0000000001/opening-notices/2023-12-01.pdf': 404,
      '/api/v1/bills/2023-07': 404,
      '/api/v1/bills/2023-07/invoice.pdf': 404,
      '/api/v1/bills/2023-10': 200, // B's own bill of that month
      '/api/v1/bills/2023-10/invoice.pdf': 200,
      '/api/v1/bills/2023-12/call-records': 200, // B's own (empty) month
      '/api/v1/bills/2023-12/call-records?contract=CAF0000000001': 404,
      '/api/v1/bills/2023-12/call-records.csv?encoding=sjis&contract=CAF0000000001': 404,
    });
    // and A does not see B's inquiry either
    const aList = await (await call({ method: 'GET', url: '/api/v1/inquiries' }, a)).text();
    expect(aList).toContain('A社の問い合わせ');
    expect(aList).not.toContain('B社の問い合わせ');
  });

  it('without a session every endpoint answers 401 AUTH_REQUIRED; with a bogus token 401 SESSION_EXPIRED', async () => {
    for (const entries of Object.values(MATRIX)) {
      for (const entry of entries) {
        for (const [headers, code] of [[{}, 'AUTH_REQUIRED'], [bearer('not-a-session'), 'SESSION_EXPIRED']] as const) {
          const res = await call(entry, headers);
          expect(res.status, entry.url).toBe(401);
          const text = await res.text();
          expect(JSON.parse(text).error.code).toBe(code);
          for (const marker of A_MARKERS) expect(text).not.toContain(marker);
        }
      }
    }
  });
});
