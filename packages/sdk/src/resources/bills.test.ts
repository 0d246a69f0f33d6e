import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MyPageClient } from '../index.js';
import { BASE_URL, api, session } from '../testing/fixtures.js';
import { apiError, createMswServer } from '../testing/handlers.js';

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => new MyPageClient({ baseUrl: BASE_URL, session, retries: 0 });
const PDF = new TextEncoder().encode('%PDF-1.7 invoice');
const ETAG = '"5f2b0c"';

/** R-BILL-3: an issued invoice is stored once; its ETag (SHA-256) names those bytes. */
const asked: (string | null)[] = [];
function invoiceHandler() {
  return http.get(api('/bills/:month/invoice.pdf'), ({ request }) => {
    const tag = request.headers.get('if-none-match');
    asked.push(tag);
    if (tag === ETAG) return new HttpResponse(null, { status: 304, headers: { etag: ETAG } });
    return new HttpResponse(PDF, { headers: { 'content-type': 'application/pdf', etag: ETAG, 'content-length': String(PDF.byteLength) } });
  });
}

describe('bills.invoiceIfChanged', () => {
  afterEach(() => void (asked.length = 0));

  it('a download carries the ETag the server sent', async () => {
    server.use(invoiceHandler());
    const download = await client().bills.invoice('2023-10');
    expect(download.etag).toBe(ETAG);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
  });

  it('sends If-None-Match and answers null when the server says 304 Not Modified', async () => {
    server.use(invoiceHandler());
    expect(await client().bills.invoiceIfChanged('2023/10', ETAG)).toBeNull();
    expect(asked).toEqual([ETAG]);
  });

  it('answers the new download when the stored invoice changed (another ETag)', async () => {
    server.use(invoiceHandler());
    const download = await client().bills.invoiceIfChanged('2023-10', '"older"');
    expect(download).not.toBeNull();
    expect(download!.etag).toBe(ETAG);
    expect(new Uint8Array(await download!.arrayBuffer())).toEqual(PDF);
  });

  it('an error is still an error (no bill: BILL_NOT_FOUND)', async () => {
    server.use(http.get(api('/bills/:month/invoice.pdf'), () => apiError('BILL_NOT_FOUND')));
    await expect(client().bills.invoiceIfChanged('2023-10', ETAG)).rejects.toMatchObject({ code: 'BILL_NOT_FOUND' });
  });
});
