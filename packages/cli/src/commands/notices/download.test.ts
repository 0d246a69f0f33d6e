import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PDF_BYTES } from '@mypage/sdk/testing';
import { failure, fakeTerminal, parseVerb, testClient, useMsw, useTempDir } from '../../testing.js';
import { listRun } from './list.js';
import { downloadRun, newDownloadCommand, type DownloadOptions } from './download.js';

useMsw();
const dir = useTempDir();

describe('notices download — parse', () => {
  it('takes the contract, an optional date and -o', async () => {
    const o = await parseVerb<DownloadOptions>(newDownloadCommand, ['CAF0000000001', '2023-12-01', '-o', 'n.pdf']);
    expect(o).toMatchObject({ contractNumber: 'CAF0000000001', date: '2023-12-01', output: 'n.pdf' });
    expect((await parseVerb<DownloadOptions>(newDownloadCommand, ['CAF0000000001'])).date).toBeUndefined();
  });
  it('--clobber allows overwriting; off by default', async () => {
    expect((await parseVerb<DownloadOptions>(newDownloadCommand, ['CAF0000000001'])).clobber).toBe(false);
    expect((await parseVerb<DownloadOptions>(newDownloadCommand, ['CAF0000000001', '--clobber'])).clobber).toBe(true);
  });
});

describe('notices download — run (R-NOTICE-1, D-9)', () => {
  it('on a terminal saves the newest notice under its usual name and says so on stderr', async () => {
    const t = fakeTerminal({ tty: true });
    await downloadRun({ ...t, client: testClient(), contractNumber: 'CAF0000000001', output: `${dir()}/`, clobber: false });
    const file = path.join(dir(), 'opening-notice-CAF0000000001-2023-12-01.pdf');
    expect(readFileSync(file)).toEqual(Buffer.from(PDF_BYTES));
    expect(t.err()).toContain(`Saved ${file}`);
    expect(t.out()).toBe('');
  });

  it('in a pipe prints only the path', async () => {
    const t = fakeTerminal();
    const out = path.join(dir(), 'n.pdf');
    await downloadRun({ ...t, client: testClient(), contractNumber: 'CAF0000000001', date: '2023年12月01日分', output: out, clobber: false });
    expect(t.out()).toBe(`${out}\n`);
  });

  it('with --json prints where it went', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    const out = path.join(dir(), 'n.pdf');
    await downloadRun({ ...t, client: testClient(), contractNumber: 'CAF0000000001', date: '2023-12-01', output: out, clobber: false });
    expect(JSON.parse(t.out())).toMatchObject({ path: out, bytes: PDF_BYTES.length, contractNumber: 'CAF0000000001', date: '2023-12-01' });
  });

  it('a date that is not a date is a usage error (exit 2) before any request', async () => {
    const t = fakeTerminal();
    expect(await failure(downloadRun({ ...t, client: testClient(), contractNumber: 'CAF0000000001', date: '2023-02-30', clobber: false }))).toMatchObject({ exitCode: 2 });
  });

  it('-o - with stdout on a terminal is refused (exit 2) before anything is fetched — it dumped the binary PDF into the terminal', async () => {
    const t = fakeTerminal({ tty: true });
    let asked = false;
    const f = await failure(downloadRun({ ...t, client: async () => ((asked = true), testClient()()) as never, contractNumber: 'CAF0000000001', date: '2023-12-01', output: '-', clobber: false }));
    expect(f).toMatchObject({ exitCode: 2 });
    expect(f.error.message).toContain('Refusing to write a binary PDF to the terminal');
    expect(asked).toBe(false);
    expect(t.out()).toBe('');
  });

  it('notices download refuses to overwrite an existing file (FILE_EXISTS, exit 2, nothing fetched); --clobber overwrites', async () => {
    const file = path.join(dir(), 'opening-notice-CAF0000000001-2023-12-01.pdf');
    writeFileSync(file, 'my own notes');
    let asked = false;
    const client = async () => ((asked = true), testClient()()) as never;
    for (const output of [file, `${dir()}/`]) {
      const t = fakeTerminal({ tty: true });
      const f = await failure(downloadRun({ ...t, client, contractNumber: 'CAF0000000001', date: '2023-12-01', output, clobber: false }));
      expect(f).toMatchObject({ code: 'FILE_EXISTS', exitCode: 2 });
      expect(f.error.message).toContain(`${file} already exists: pass --clobber to overwrite it`);
    }
    expect(asked).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('my own notes');
    await downloadRun({ ...fakeTerminal(), client: testClient(), contractNumber: 'CAF0000000001', date: '2023-12-01', output: file, clobber: true });
    expect(readFileSync(file)).toEqual(Buffer.from(PDF_BYTES));
  });

  it('the notice list\'s file column names exactly the file notices download saves', async () => {
    const listed = fakeTerminal();
    await listRun({ ...listed, client: testClient(), contractNumber: 'caf0000000001' });
    const [date, , fileName] = listed.out().trim().split('\t');
    const saved = fakeTerminal();
    await downloadRun({ ...saved, client: testClient(), contractNumber: 'caf0000000001', date: date!, output: `${dir()}/`, clobber: false });
    expect(saved.out().trim()).toBe(path.join(dir(), fileName!));
    expect(readFileSync(path.join(dir(), fileName!))).toEqual(Buffer.from(PDF_BYTES));
  });
});
