import type { Bill, BillList, CallRecord } from '@mypage/api';
import { http, HttpResponse } from 'msw';
import { apiError, BASE } from '../testing.js';

/* msw answers for the bookkeeping verbs' run tests: a set of bills and the call records per month. */

export function billHandlers(bills: readonly Bill[]) {
  const sorted = [...bills].sort((a, b) => b.month.localeCompare(a.month));
  const years = [...new Set(sorted.map((b) => Number(b.month.slice(0, 4))))];
  const list = (year: number): BillList => ({
    years,
    year,
    months: sorted.filter((b) => b.month.startsWith(`${year}-`)).map((b) => ({ month: b.month, total: b.total, issuedOn: b.issuedOn, dueDate: b.dueDate })),
  });
  return [
    http.get(`${BASE}/api/v1/bills`, ({ request }) => {
      const year = new URL(request.url).searchParams.get('year');
      return HttpResponse.json(list(year ? Number(year) : years[0]!));
    }),
    http.get(`${BASE}/api/v1/bills/:month`, ({ params }) => {
      const b = bills.find((x) => x.month === params.month);
      return b ? HttpResponse.json(b) : apiError('BILL_NOT_FOUND');
    }),
  ];
}

/** Call records per month; a month not in the map answers CALL_RECORDS_NOT_ENABLED (403). */
export function callHandlers(calls: ReadonlyMap<string, CallRecord[]>) {
  return [
    http.get(`${BASE}/api/v1/bills/:month/call-records`, ({ params }) => {
      const items = calls.get(String(params.month));
      return items ? HttpResponse.json({ month: params.month, items, nextCursor: null }) : apiError('CALL_RECORDS_NOT_ENABLED');
    }),
  ];
}

export function callRecord(month: string, from: string, usageType: string, durationSeconds: number, charge: number, n = 0): CallRecord {
  return { id: `${month}-${from}-${n}`, contractNumber: 'CAF0000000001', startedAt: `${month}-01T10:${String(n % 60).padStart(2, '0')}:00+09:00`, usageType, from, to: '0638846327', durationSeconds, charge };
}
