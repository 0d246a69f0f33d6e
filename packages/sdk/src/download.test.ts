import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http, HttpResponse, passthrough } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AbortError, MyPageClient, MyPageError, NetworkError, NotFoundError, fileNameFromDisposition } from './index.js';
import { BASE_URL, api, session } from './testing/fixtures.js';
import { apiError, createMswServer } from './testing/handlers.js';

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdk-download-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const CHUNK = 64 * 1024;
/** A PDF-ish body produced lazily, chunk by chunk; `failAfter` breaks the stream mid-way. */
function lazyBody(chunks: number, options: { failAfter?: number; pauseMs?: number } = {}) {
  const state = { produced: 0 };
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
      if (options.failAfter !== undefined && state.produced >= options.failAfter) {
        controller.error(new Error('connection reset'));
        return;
      }
      if (state.produced >= chunks) {
        controller.close();
        return;
      }
      const chunk = new Uint8Array(CHUNK).fill(0x41);
      if (state.produced === 0) chunk.set(new TextEncoder().encode('%PDF-1.7\n'));
      state.produced += 1;
      controller.enqueue(chunk);
    },
  });
  return { stream, state };
}

const pdfHeaders = (length?: number) => ({
  'content-type': 'application/pdf',
  'content-disposition': `attachment; filename="invoice-2023-10.pdf"; filename*=UTF-8''${encodeURIComponent('請求書_2023年10月.pdf')}`,
  ...(length !== undefined ? { 'content-length': String(length) } : {}),
});

const client = (options: { timeoutMs?: number } = {}) => new MyPageClient({ baseUrl: BASE_URL, session, ...options });

describe('downloads are streams', () => {
  it('hands back the body before the server has produced it (never buffered whole)', async () => {
    // a real server (msw's socket mock reads a mocked body whole before the client sees it): the
    // first chunk, then nothing until the client has its first bytes
    const state = { produced: 0 };
    const real = createServer((_req, res) => {
      res.writeHead(200, pdfHeaders(1600 * CHUNK));
      const chunk = Buffer.alloc(CHUNK, 0x41);
      chunk.write('%PDF-1.7\n');
      state.produced += 1;
      res.write(chunk);
    });
    await new Promise<void>((resolve) => real.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(real.address() as AddressInfo).port}`;
    server.use(http.all(`${url}/*`, () => passthrough()));
    try {
      const download = await new MyPageClient({ baseUrl: url, session }).bills.invoice('2023-10');
      expect(download.size).toBe(1600 * CHUNK);
      expect(download.contentType).toBe('application/pdf');
      expect(download.fileName).toBe('請求書_2023年10月.pdf');
      const reader = download.body.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value!.slice(0, 5))).toBe('%PDF-');
      expect(state.produced).toBe(1);
      await reader.cancel();
    } finally {
      real.closeAllConnections();
      await new Promise((resolve) => real.close(resolve));
    }
  });

  it('saveTo streams all bytes into the file and names it from Content-Disposition when given a folder', async () => {
    const { stream } = lazyBody(40);
    server.use(http.get(api('/bills/:month/invoice.pdf'), () => new HttpResponse(stream, { headers: pdfHeaders() })));
    const download = await client().bills.invoice('2023-10');
    const saved = await download.saveTo(dir);
    expect(saved).toEqual({ path: join(dir, '請求書_2023年10月.pdf'), bytes: 40 * CHUNK });
    const content = await readFile(saved.path);
    expect(content.length).toBe(40 * CHUNK);
    expect(content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await readdir(dir)).toEqual(['請求書_2023年10月.pdf']);
  });

  it('saveTo leaves no partial file (and keeps an existing file intact) when the stream breaks mid-way', async () => {
    const target = join(dir, 'invoice.pdf');
    await writeFile(target, 'previous complete file');
    const { stream } = lazyBody(100, { failAfter: 10 });
    server.use(http.get(api('/bills/:month/invoice.pdf'), () => new HttpResponse(stream, { headers: pdfHeaders() })));
    const download = await client().bills.invoice('2023-10');
    const error = await download.saveTo(target).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as MyPageError).messageJa).toBe('ダウンロードが途中で中断されました。');
    expect(await readdir(dir)).toEqual(['invoice.pdf']);
    expect(await readFile(target, 'utf8')).toBe('previous complete file');
  });

  it('saveTo of a body already broken off leaves no temp file (the file is made before the first read)', async () => {
    // a real server: headers, one chunk, then the connection cut — the body has failed before saveTo
    const real = createServer((_req, res) => {
      res.writeHead(200, pdfHeaders(100 * CHUNK));
      res.write(Buffer.alloc(CHUNK, 0x41), () => res.socket?.destroy());
    });
    await new Promise<void>((resolve) => real.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(real.address() as AddressInfo).port}`;
    server.use(http.all(`${url}/*`, () => passthrough()));
    try {
      for (let i = 0; i < 10; i++) {
        const download = await new MyPageClient({ baseUrl: url, session }).bills.invoice('2023-10');
        await new Promise((resolve) => setTimeout(resolve, 20));
        await expect(download.saveTo(join(dir, 'x.pdf'))).rejects.toBeInstanceOf(NetworkError);
        // a late open would create the temp file after its removal: give it the time to
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(await readdir(dir)).toEqual([]);
      }
    } finally {
      real.closeAllConnections();
      await new Promise((resolve) => real.close(resolve));
    }
  });

  it.each([
    ['the call\'s signal', (signal: AbortSignal) => client().bills.invoice('2023-10', { signal })],
    ['the client\'s own signal (Ctrl-C in an app)', (signal: AbortSignal) => new MyPageClient({ baseUrl: BASE_URL, session, signal }).bills.invoice('2023-10')],
  ])('aborting %s mid-download stops saveTo with AbortError and leaves no file', async (_, start) => {
    const { stream } = lazyBody(1000, { pauseMs: 5 });
    server.use(http.get(api('/bills/:month/invoice.pdf'), () => new HttpResponse(stream, { headers: pdfHeaders() })));
    const controller = new AbortController();
    const download = await start(controller.signal);
    setTimeout(() => controller.abort(), 30);
    const error = await download.saveTo(join(dir, 'x.pdf')).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('saveTo a named pipe (or /dev/null) writes into it instead of replacing it with a regular file', async () => {
    const fifo = join(dir, 'invoice.pipe');
    execFileSync('mkfifo', [fifo]);
    const { stream } = lazyBody(8);
    server.use(http.get(api('/bills/:month/invoice.pdf'), () => new HttpResponse(stream, { headers: pdfHeaders() })));
    const download = await client().bills.invoice('2023-10');
    const read = new Promise<number>((resolve, reject) => {
      let n = 0;
      createReadStream(fifo)
        .on('data', (c) => (n += c.length))
        .on('end', () => resolve(n))
        .on('error', reject);
    });
    const saved = await download.saveTo(fifo);
    expect(saved).toEqual({ path: fifo, bytes: 8 * CHUNK });
    expect(await read).toBe(8 * CHUNK);
    expect((await stat(fifo)).isFIFO()).toBe(true);
    expect(await readdir(dir)).toEqual(['invoice.pipe']);
  });

  it('saveTo into a missing folder fails with the file-system error and leaves nothing', async () => {
    server.use(http.get(api('/bills/:month/invoice.pdf'), () => new HttpResponse(lazyBody(2).stream, { headers: pdfHeaders() })));
    const download = await client().bills.invoice('2023-10');
    const missing = join(dir, 'no', 'such', 'folder', 'x.pdf');
    await expect(download.saveTo(missing)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('the timeout ends when the headers arrive: a slow body is not cut off', async () => {
    const { stream } = lazyBody(6, { pauseMs: 40 });
    server.use(http.get(api('/bills/:month/invoice.pdf'), () => new HttpResponse(stream, { headers: pdfHeaders() })));
    const download = await client({ timeoutMs: 100 }).bills.invoice('2023-10');
    expect((await download.arrayBuffer()).byteLength).toBe(6 * CHUNK);
  });

  it('toNodeStream gives a node Readable; a body is read only once', async () => {
    server.use(http.get(api('/bills/:month/invoice.pdf'), () => new HttpResponse(lazyBody(3).stream, { headers: pdfHeaders() })));
    const download = await client().bills.invoice('2023-10');
    let bytes = 0;
    for await (const chunk of download.toNodeStream()) bytes += (chunk as Buffer).length;
    expect(bytes).toBe(3 * CHUNK);
    await expect(download.arrayBuffer()).rejects.toThrow(/already been read/);
  });

  it('an error answer on a download is a typed error, not a file', async () => {
    server.use(http.get(api('/contracts/:no/opening-notices/:file'), () => apiError('NOTICE_NOT_FOUND')));
    const error = await client().notices.download('2NCAF0000000001', '2023/12/02').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as MyPageError).code).toBe('NOTICE_NOT_FOUND');
  });

  it('opening notice and CSV downloads ask for the normalised path and query', async () => {
    let noticeUrl = '';
    let csvUrl = '';
    server.use(
      http.get(api('/contracts/:no/opening-notices/:file'), ({ request }) => {
        noticeUrl = new URL(request.url).pathname;
        return new HttpResponse(lazyBody(1).stream, { headers: { 'content-type': 'application/pdf' } });
      }),
      http.get(api('/bills/:month/call-records.csv'), ({ request }) => {
        csvUrl = `${new URL(request.url).pathname}${new URL(request.url).search}`;
        return new HttpResponse('日時,利用種類\r\n', { headers: { 'content-type': 'text/csv; charset=Shift_JIS', 'content-disposition': 'attachment; filename="call-records-2023-12.csv"' } });
      }),
    );
    const notice = await client().notices.download('2NCAF0000000001', '2023年12月01日');
    expect(noticeUrl).toBe('/api/v1/contracts/CAF0000000001/opening-notices/2023-12-01.pdf');
    expect(notice.fileName).toBe('opening-notice-CAF0000000001-2023-12-01.pdf');
    expect((await notice.arrayBuffer()).byteLength).toBe(CHUNK);
    const csv = await client().calls.csv('2023/12', { encoding: 'sjis', contract: '2NCAF0000000001' });
    expect(csvUrl).toBe('/api/v1/bills/2023-12/call-records.csv?contract=CAF0000000001&encoding=sjis');
    expect(csv.fileName).toBe('call-records-2023-12.csv');
    expect(new TextDecoder().decode(await csv.arrayBuffer())).toBe('日時,利用種類\r\n');
  });
});

describe('fileNameFromDisposition', () => {
  it.each([
    [`attachment; filename="a.pdf"`, 'a.pdf'],
    [`attachment; filename=plain.csv`, 'plain.csv'],
    [`attachment; filename="fallback.pdf"; filename*=UTF-8''%E8%AB%8B%E6%B1%82%E6%9B%B8.pdf`, '請求書.pdf'],
    [`attachment; filename="../../etc/passwd"`, 'passwd'],
    [`attachment; filename=".bashrc"`, 'bashrc'],
    [`inline`, null],
  ])('%s → %s', (header, expected) => {
    expect(fileNameFromDisposition(header)).toBe(expected);
  });
});
