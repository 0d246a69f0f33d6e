import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, parseVerb, testClient, useMsw, useTempDir } from '../../testing.js';
import { newSyncCommand, syncRun, type SyncOptions } from './sync.js';

const server = useMsw();
const dir = useTempDir();

describe('bills sync — parse', () => {
  it('takes --since, --until and --dir', async () => {
    expect(await parseVerb<SyncOptions>(newSyncCommand, ['--since', '2023-10', '--until', '2023-11', '--dir', 'b'])).toMatchObject({ since: '2023-10', until: '2023-11', dir: 'b' });
  });
});

describe('bills sync — run', () => {
  it('keeps each billed month as JSON and PDF, then reports what it added', async () => {
    const t = fakeTerminal({ tty: true });
    await syncRun({ ...t, client: testClient(), since: '2023-10', dir: dir() });
    const files = ['bill-2023-10.json', 'invoice-2023-10.pdf', 'bill-2023-11.json', 'invoice-2023-11.pdf'];
    for (const f of files) expect(existsSync(path.join(dir(), f)), f).toBe(true);
    expect(t.out()).toContain('bills sync: 4 added');
  });

  it('reports the same summary as JSON with --json (piped)', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await syncRun({ ...t, client: testClient(), since: '2023-11', dir: dir() });
    expect(JSON.parse(t.out()).added).toEqual(['bill-2023-11.json', 'invoice-2023-11.pdf']);
  });

  it('a server that refuses the listing fails the sync (exit 5) and writes no manifest', async () => {
    server.use(http.get(`${BASE}/api/v1/bills`, () => apiError('FORBIDDEN')));
    const t = fakeTerminal();
    expect(await failure(syncRun({ ...t, client: testClient(), since: '2023-10', dir: dir() }))).toMatchObject({ exitCode: 5 });
    expect(existsSync(path.join(dir(), 'manifest.json'))).toBe(false);
  });
});

/*
 * R-BILL-3: an issued invoice is stored once by the server, with its SHA-256 as a strong ETag; a
 * kept PDF is asked for with If-None-Match and only a 304 keeps it.
 */
describe('bills sync — invoices by ETag', () => {
  /** per month: the PDF's bytes and ETag; every request's month and If-None-Match */
  const pdfs: Record<string, { bytes: string; etag: string }> = {};
  const requests: { month: string; ifNoneMatch: string | null }[] = [];
  const invoices = () =>
    http.get(`${BASE}/api/v1/bills/:month/invoice.pdf`, ({ params, request }) => {
      const month = String(params.month);
      const pdf = pdfs[month] ?? (pdfs[month] = { bytes: `%PDF-1.7 ${month} v1`, etag: `"${month}-v1"` });
      const ifNoneMatch = request.headers.get('if-none-match');
      requests.push({ month, ifNoneMatch });
      if (ifNoneMatch === pdf.etag) return new HttpResponse(null, { status: 304, headers: { etag: pdf.etag } });
      return new HttpResponse(pdf.bytes, { headers: { 'content-type': 'application/pdf', etag: pdf.etag } });
    });
  const sync = async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await syncRun({ ...t, client: testClient(), since: '2023-10', dir: dir() });
    return JSON.parse(t.out()) as { added: string[]; updated: string[]; unchanged: string[] };
  };
  const reset = () => {
    for (const k of Object.keys(pdfs)) delete pdfs[k];
    requests.length = 0;
  };

  it('a second sync asks for each kept PDF with its ETag and keeps it on 304', async () => {
    reset();
    server.use(invoices());
    await sync();
    const manifest = JSON.parse(readFileSync(path.join(dir(), 'manifest.json'), 'utf8'));
    expect(manifest.files['invoice-2023-10.pdf'].etag).toBe('"2023-10-v1"');
    requests.length = 0;
    const second = await sync();
    expect(requests).toEqual([
      { month: '2023-10', ifNoneMatch: '"2023-10-v1"' },
      { month: '2023-11', ifNoneMatch: '"2023-11-v1"' },
    ]);
    expect(second.unchanged).toEqual(['bill-2023-10.json', 'invoice-2023-10.pdf', 'bill-2023-11.json', 'invoice-2023-11.pdf']);
  });

  it('a re-published invoice (another ETag) is fetched again although the bill JSON is the same', async () => {
    reset();
    server.use(invoices());
    await sync();
    pdfs['2023-11'] = { bytes: '%PDF-1.7 2023-11 v2', etag: '"2023-11-v2"' };
    const second = await sync();
    expect(second.updated).toEqual(['invoice-2023-11.pdf']);
    expect(readFileSync(path.join(dir(), 'invoice-2023-11.pdf'), 'utf8')).toBe('%PDF-1.7 2023-11 v2');
    expect(JSON.parse(readFileSync(path.join(dir(), 'manifest.json'), 'utf8')).files['invoice-2023-11.pdf'].etag).toBe('"2023-11-v2"');
  });

  it('a kept PDF changed on disk is fetched whole, not asked for by its ETag', async () => {
    reset();
    server.use(invoices());
    await sync();
    writeFileSync(path.join(dir(), 'invoice-2023-10.pdf'), 'damaged');
    requests.length = 0;
    const second = await sync();
    expect(requests).toContainEqual({ month: '2023-10', ifNoneMatch: null });
    expect(second.updated).toEqual(['invoice-2023-10.pdf']);
    expect(readFileSync(path.join(dir(), 'invoice-2023-10.pdf'), 'utf8')).toBe('%PDF-1.7 2023-10 v1');
  });

  it('from a server that sends no ETag, an unchanged bill JSON keeps the PDF without asking', async () => {
    reset();
    await sync(); // the shared handlers: no ETag
    let asked = 0;
    server.use(http.get(`${BASE}/api/v1/bills/:month/invoice.pdf`, () => void asked++));
    const second = await sync();
    expect(asked).toBe(0);
    expect(second.unchanged).toContain('invoice-2023-10.pdf');
  });
});
