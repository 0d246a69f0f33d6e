import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { PDF_BYTES } from '@mypage/sdk/testing';
import { apiError, BASE, failure, fakeTerminal, parseVerb, testClient, useMsw, useTempDir } from '../../testing.js';
import { downloadRun, newDownloadCommand, type DownloadOptions } from './download.js';

const server = useMsw();
const dir = useTempDir();

describe('bills download — parse', () => {
  it('takes an optional month and -o', async () => {
    expect(await parseVerb<DownloadOptions>(newDownloadCommand, ['2023-10', '-o', '-'])).toMatchObject({ month: '2023-10', output: '-', clobber: false });
    const o = await parseVerb<DownloadOptions>(newDownloadCommand, []);
    expect(o.month).toBeUndefined();
    expect(o.output).toBeUndefined();
  });
});

describe('bills download — run (R-BILL-3)', () => {
  it('on a terminal saves the latest month as invoice-YYYY-MM.pdf inside a folder', async () => {
    const t = fakeTerminal({ tty: true });
    await downloadRun({ ...t, client: testClient(), output: `${dir()}/`, clobber: false });
    const file = path.join(dir(), 'invoice-2023-11.pdf');
    expect(readFileSync(file)).toEqual(Buffer.from(PDF_BYTES));
    expect(t.err()).toContain(`Saved ${file} (${PDF_BYTES.length} bytes)`);
  });

  it('with -o - writes the PDF itself to stdout', async () => {
    const t = fakeTerminal();
    await downloadRun({ ...t, client: testClient(), month: '2023-10', output: '-', clobber: false });
    expect(t.out()).toBe(Buffer.from(PDF_BYTES).toString('utf8'));
  });

  it('with --json prints the saved file', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    const out = path.join(dir(), 'x.pdf');
    await downloadRun({ ...t, client: testClient(), month: '202310', output: out, clobber: false });
    expect(JSON.parse(t.out())).toMatchObject({ path: out, month: '2023-10', contentType: 'application/pdf' });
  });

  it('a month without a bill exits 4 and leaves no file', async () => {
    server.use(http.get(`${BASE}/api/v1/bills/:month/invoice.pdf`, () => apiError('BILL_NOT_FOUND')));
    const t = fakeTerminal();
    const out = path.join(dir(), 'none.pdf');
    expect(await failure(downloadRun({ ...t, client: testClient(), month: '2023-10', output: out, clobber: false }))).toMatchObject({ code: 'BILL_NOT_FOUND', exitCode: 4 });
    expect(() => readFileSync(out)).toThrow();
  });

  it('does not replace an existing file unless --clobber, as notices download (FILE_EXISTS, exit 2)', async () => {
    const file = path.join(dir(), 'invoice-2023-10.pdf');
    writeFileSync(file, 'keep me');
    expect(await failure(downloadRun({ ...fakeTerminal(), client: testClient(), month: '2023-10', output: `${dir()}/`, clobber: false }))).toMatchObject({ code: 'FILE_EXISTS', exitCode: 2 });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    await downloadRun({ ...fakeTerminal(), client: testClient(), month: '2023-10', output: file, clobber: true });
    expect(readFileSync(file)).toEqual(Buffer.from(PDF_BYTES));
  });
});
