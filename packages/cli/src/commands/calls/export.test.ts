import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { http, HttpResponse } from 'msw';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, parseVerb, testClient, useMsw, useTempDir } from '../../testing.js';
import { exportRun, newExportCommand, type ExportOptions } from './export.js';

const server = useMsw();
const dir = useTempDir();

describe('calls export — parse', () => {
  it('--to defaults to --from and the encoding to utf8', async () => {
    expect(await parseVerb<ExportOptions>(newExportCommand, ['--from', '2023-12'])).toMatchObject({ from: '2023-12', to: '2023-12', encoding: 'utf8' });
  });

  it('refuses an unknown encoding', async () => {
    await expect(parseVerb<ExportOptions>(newExportCommand, ['--from', '2023-12', '--encoding', 'latin1'])).rejects.toThrow(/Allowed choices/);
  });
});

describe('calls export — run (R-CALL-3, D-5)', () => {
  it('joins the months of a range under one header', async () => {
    const t = fakeTerminal({ tty: true });
    const out = path.join(dir(), 'calls.csv');
    await exportRun({ ...t, client: testClient(), from: '2023-10', to: '2023-11', encoding: 'utf8', output: out, contractColumn: false, excel: false, clobber: false });
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('日時,利用種類,通話元,通話先,通話時間,料金');
    expect(lines.filter((l) => l.startsWith('日時'))).toHaveLength(1);
    expect(lines).toHaveLength(5);
  });

  it('with -o - writes the CSV to stdout', async () => {
    const t = fakeTerminal();
    await exportRun({ ...t, client: testClient(), from: '2023-10', to: '2023-10', encoding: 'utf8', output: '-', contractColumn: false, excel: false, clobber: false });
    expect(t.out()).toMatch(/^日時,利用種類/);
    expect(t.out().trim().split('\r\n')).toHaveLength(3);
  });

  it('with --json reports the file written', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    const out = path.join(dir(), 'c.csv');
    await exportRun({ ...t, client: testClient(), from: '2023-10', to: '2023-10', encoding: 'utf8', output: out, contractColumn: false, excel: false, clobber: false });
    expect(JSON.parse(t.out())).toMatchObject({ path: out });
  });

  it('an existing file is not replaced without --clobber: FILE_EXISTS (exit 2) before any request, the file as it was', async () => {
    const out = path.join(dir(), 'calls.csv');
    writeFileSync(out, 'last month\n');
    let asked = 0;
    server.events.on('request:start', () => void asked++);
    const t = fakeTerminal();
    const err = await failure(exportRun({ ...t, client: testClient(), from: '2023-10', to: '2023-10', encoding: 'utf8', output: out, contractColumn: false, excel: false, clobber: false }));
    server.events.removeAllListeners();
    expect(err).toMatchObject({ code: 'FILE_EXISTS', exitCode: 2 });
    expect(asked).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('last month\n');
    expect(await parseVerb<ExportOptions>(newExportCommand, ['--from', '2023-12'])).toMatchObject({ clobber: false });
    expect(await parseVerb<ExportOptions>(newExportCommand, ['--from', '2023-12', '--clobber'])).toMatchObject({ clobber: true });
  });

  it('with --clobber the existing file is replaced by the export', async () => {
    const out = path.join(dir(), 'calls.csv');
    writeFileSync(out, 'last month\n');
    const t = fakeTerminal();
    await exportRun({ ...t, client: testClient(), from: '2023-10', to: '2023-10', encoding: 'utf8', output: out, contractColumn: false, excel: false, clobber: true });
    expect(readFileSync(out, 'utf8')).toMatch(/^日時,利用種類/);
  });

  it('--from after --to is a usage error (exit 2)', async () => {
    const t = fakeTerminal();
    expect(await failure(exportRun({ ...t, client: testClient(), from: '2023-11', to: '2023-10', encoding: 'utf8', contractColumn: false, excel: false, clobber: false }))).toMatchObject({ exitCode: 2 });
  });
});

describe('calls export — for Excel (契約番号, --excel)', () => {
  const run = async (extra: Partial<ExportOptions>) => {
    const t = fakeTerminal();
    await exportRun({ ...t, client: testClient(), from: '2023-10', to: '2023-11', encoding: 'utf8', output: '-', contractColumn: true, excel: false, clobber: false, ...extra });
    return t.out().trimEnd().split('\r\n');
  };

  it('an export of every contract names each call’s contract (契約番号, after the six columns)', async () => {
    const o = await parseVerb<ExportOptions>(newExportCommand, ['--from', '2023-12']);
    expect(o).toMatchObject({ contractColumn: true, excel: false });
    const lines = await run({});
    expect(lines[0]).toBe('日時,利用種類,通話元,通話先,通話時間,料金,契約番号');
    expect(lines.filter((l) => l.startsWith('日時'))).toHaveLength(1);
    expect(lines.slice(1).every((l) => l.endsWith(',CAF0000000001'))).toBe(true);
  });

  it('one contract, or --no-contract-column: the six columns of the portal', async () => {
    expect(await parseVerb<ExportOptions>(newExportCommand, ['--from', '2023-12', '--contract', 'CAF0000000001'])).toMatchObject({ contractColumn: false });
    expect(await parseVerb<ExportOptions>(newExportCommand, ['--from', '2023-12', '--no-contract-column'])).toMatchObject({ contractColumn: false });
    expect(await parseVerb<ExportOptions>(newExportCommand, ['--from', '2023-12', '--contract', 'CAF0000000001', '--contract-column'])).toMatchObject({ contractColumn: true });
    expect((await run({ contractColumn: false }))[0]).toBe('日時,利用種類,通話元,通話先,通話時間,料金');
  });

  it('--excel writes phone numbers as ="0611115555" so Excel keeps the leading 0', async () => {
    expect(await parseVerb<ExportOptions>(newExportCommand, ['--from', '2023-12', '--excel'])).toMatchObject({ excel: true });
    const lines = await run({ excel: true });
    expect(lines[1]).toContain(',"=""0611115555""","=""0638846327""",');
  });

  it('a range without records still gets the header it asked for', async () => {
    server.use(http.get(`${BASE}/api/v1/bills/:month/call-records.csv`, () => apiError('CALL_RECORDS_NOT_ENABLED')));
    expect(await run({})).toEqual(['日時,利用種類,通話元,通話先,通話時間,料金,契約番号']);
  });

  it('a server that ignores the 契約番号 flag (an older one) is an error, and no file is left', async () => {
    server.use(
      http.get(`${BASE}/api/v1/bills/:month/call-records.csv`, () =>
        new HttpResponse('日時,利用種類,通話元,通話先,通話時間,料金\r\n2023/10/01 10:01:00,ひかり電話・県内,0611115555,0638846327,00:00:34,8\r\n', { headers: { 'content-type': 'text/csv; charset=utf-8' } }),
      ),
    );
    const t = fakeTerminal();
    const out = path.join(dir(), 'calls.csv');
    const f = await failure(exportRun({ ...t, client: testClient(), from: '2023-10', to: '2023-10', encoding: 'utf8', output: out, contractColumn: true, excel: false, clobber: false }));
    expect(f).toMatchObject({ code: 'CSV_FORMAT_UNSUPPORTED', exitCode: 1 });
    expect(existsSync(out)).toBe(false);
  });
});
