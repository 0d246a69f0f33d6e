import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MyPageClient, MyPageError, ValidationError, type CallRecord } from '../index.js';
import { BASE_URL, api, callRecord, session } from '../testing/fixtures.js';
import { apiError, createMswServer } from '../testing/handlers.js';

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Per month: records (paged by `limit`, cursor = next index), or an error code. */
const months: Record<string, number | 'CALL_RECORDS_NOT_ENABLED' | 'BILL_NOT_FOUND'> = {
  '2023-10': 'CALL_RECORDS_NOT_ENABLED',
  '2023-11': 7,
  '2023-12': 2,
  '2024-01': 'BILL_NOT_FOUND',
  '2024-02': 0,
};

const seenQueries: string[] = [];
function callRecordsHandler() {
  return http.get(api('/bills/:month/call-records'), ({ params, request }) => {
    const url = new URL(request.url);
    seenQueries.push(`${String(params.month)}?${url.searchParams.toString()}`);
    const month = String(params.month);
    const entry = months[month];
    if (entry === undefined || entry === 'BILL_NOT_FOUND') return apiError('BILL_NOT_FOUND');
    if (entry === 'CALL_RECORDS_NOT_ENABLED') return apiError('CALL_RECORDS_NOT_ENABLED');
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const end = Math.min(entry, start + limit);
    const items = Array.from({ length: end - start }, (_, i) => callRecord(month, start + i));
    return HttpResponse.json({ month, items, nextCursor: end < entry ? String(end) : null });
  });
}

const client = () => new MyPageClient({ baseUrl: BASE_URL, session, retries: 0 });

async function collect(iterable: AsyncIterable<CallRecord>): Promise<string[]> {
  const ids: string[] = [];
  for await (const record of iterable) ids.push(record.id);
  return ids;
}

describe('calls.iterate across months and pages', () => {
  it('yields every record oldest month first, all pages, skipping months not enabled or without a bill', async () => {
    seenQueries.length = 0;
    server.use(callRecordsHandler());
    const ids = await collect(client().calls.iterate({ from: '2023/10', to: '202402', pageSize: 3 }));
    expect(ids).toEqual([
      ...Array.from({ length: 7 }, (_, i) => `2023-11-${i}`),
      '2023-12-0',
      '2023-12-1',
    ]);
    expect(seenQueries).toEqual([
      '2023-10?limit=3',
      '2023-11?limit=3',
      '2023-11?limit=3&cursor=3',
      '2023-11?limit=3&cursor=6',
      '2023-12?limit=3',
      '2024-01?limit=3',
      '2024-02?limit=3',
    ]);
  });

  it('passes the line filters (normalised) on every page', async () => {
    seenQueries.length = 0;
    server.use(callRecordsHandler());
    await collect(client().calls.iterate({ from: '2023-12', to: '2023-12', contract: '2NCAF0000000001', phone: '06-1111-5555' }));
    expect(seenQueries).toEqual(['2023-12?contract=CAF0000000001&phone=0611115555']);
  });

  it('other errors stop the iteration with a typed error', async () => {
    server.use(
      http.get(api('/bills/2023-12/call-records'), () => apiError('FORBIDDEN')),
      callRecordsHandler(),
    );
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const record of client().calls.iterate({ from: '2023-11', to: '2023-12' })) seen.push(record.id);
      } catch (e) {
        return e as MyPageError;
      }
      return null;
    })();
    expect(seen).toHaveLength(7);
    expect(error?.code).toBe('FORBIDDEN');
  });

  it('a bad month range fails with ValidationError', async () => {
    await expect(collect(client().calls.iterate({ from: 'October', to: '2023-12' }))).rejects.toBeInstanceOf(ValidationError);
  });

  it('page() returns one page with its cursor', async () => {
    server.use(callRecordsHandler());
    const page = await client().calls.page('2023-11', { limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.nextCursor).toBe('5');
    const next = await client().calls.page('2023-11', { limit: 5, cursor: page.nextCursor! });
    expect(next.items.map((r) => r.id)).toEqual(['2023-11-5', '2023-11-6']);
    expect(next.nextCursor).toBeNull();
  });
});
