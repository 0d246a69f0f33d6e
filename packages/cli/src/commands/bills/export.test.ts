import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { Factory } from '../../factory.js';
import { fakeIO, runInProcess } from '../../testing.js';
import { MIXED, OCT } from '../../bookkeeping/fixtures.test-util.js';
import { billHandlers } from '../../bookkeeping/msw.test-util.js';
import { verbTestSetup } from '../../bookkeeping/verb.test-util.js';
import { newExportCommand, type ExportOptions } from './export.js';

const ctx = verbTestSetup();

async function parsed(args: string[]): Promise<ExportOptions> {
  let got: ExportOptions | undefined;
  await newExportCommand(new Factory({ io: fakeIO().io, env: {} }), async (o) => {
    got = o;
  }).parseAsync(args, { from: 'user' });
  return got!;
}

describe('bills export — parse', () => {
  it('defaults: CP932, issue date; flags pass through', async () => {
    const o = await parsed(['--format', 'yayoi', '--from', '2023-10', '-o', 'x.csv', '--credit', '普通預金', '--sub-account', '光回線']);
    expect(o).toMatchObject({ format: 'yayoi', from: '2023-10', output: 'x.csv', encoding: 'cp932', date: 'issue', credit: '普通預金', subAccount: '光回線' });
    expect(o.to).toBeUndefined();
    expect((await parsed(['--format', 'freee', '--from', '2023-10', '--encoding', 'sjis'])).encoding).toBe('cp932');
    expect((await parsed(['--format', 'freee', '--from', '2023-10', '--encoding', 'utf8', '--date', 'month-end'])).date).toBe('month-end');
  });
});

describe('bills export — run', () => {
  it('writes the months\' entries to -o in CP932 and prints the path on a pipe', async () => {
    ctx.server.use(...billHandlers([OCT, MIXED]));
    const file = path.join(ctx.configDir, 'mf.csv');
    const r = await runInProcess(['bills', 'export', '--format', 'moneyforward', '--from', '2023-10', '--to', '2024-12', '-o', file], { store: ctx.store, configDir: ctx.configDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim()).toBe(file);
    const lines = iconv.decode(readFileSync(file), 'cp932').split('\r\n');
    expect(lines).toHaveLength(5); // header, 2023-10, two rates of 2024-07, final CRLF
    expect(lines[3]).toContain('課税仕入 (軽)8%');
  });

  it('-o into an existing folder uses the usual name there', async () => {
    ctx.server.use(...billHandlers([OCT, MIXED]));
    const r = await runInProcess(['bills', 'export', '--format', 'freee', '--from', '2023-10', '--to', '2024-07', '-o', ctx.configDir], { store: ctx.store, configDir: ctx.configDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim()).toBe(path.join(ctx.configDir, 'freee-2023-10_2024-07.csv'));
    expect(readFileSync(r.out.trim()).length).toBeGreaterThan(0);
  });

  it('an existing file is kept without --clobber (FILE_EXISTS, exit 2), replaced with it', async () => {
    ctx.server.use(...billHandlers([OCT, MIXED]));
    const file = path.join(ctx.configDir, 'freee.csv');
    writeFileSync(file, 'last year\n');
    const args = ['bills', 'export', '--format', 'freee', '--from', '2023-10', '--to', '2024-07', '-o', file];
    const refused = await runInProcess(args, { store: ctx.store, configDir: ctx.configDir });
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('--clobber');
    expect(readFileSync(file, 'utf8')).toBe('last year\n');
    const replaced = await runInProcess([...args, '--clobber'], { store: ctx.store, configDir: ctx.configDir });
    expect(replaced.code, replaced.err).toBe(0);
    const fresh = path.join(ctx.configDir, 'fresh.csv');
    expect((await runInProcess([...args.slice(0, -1), fresh], { store: ctx.store, configDir: ctx.configDir })).code).toBe(0);
    expect(readFileSync(file)).toEqual(readFileSync(fresh));
  });

  it('--json reports the file, the entries and the total', async () => {
    ctx.server.use(...billHandlers([OCT, MIXED]));
    const file = path.join(ctx.configDir, 'y.csv');
    const r = await runInProcess(['--json', 'bills', 'export', '--format', 'yayoi', '--from', '2023-10', '--to', '2024-07', '-o', file], { store: ctx.store, configDir: ctx.configDir });
    expect(JSON.parse(r.out)).toMatchObject({ path: file, format: 'yayoi', encoding: 'cp932', months: ['2023-10', '2024-07'], entries: 2, rows: 3, total: OCT.total + MIXED.total });
  });

  it('refuses to write a journal file onto a terminal (usage, exit 2)', async () => {
    const r = await runInProcess(['bills', 'export', '--format', 'freee', '--from', '2023-10'], { tty: true, store: ctx.store, configDir: ctx.configDir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('-o');
  });

  it('--to before --from, an unknown format, a bad mapping: usage errors (exit 2) before any request', async () => {
    for (const args of [
      ['--format', 'freee', '--from', '2024-01', '--to', '2023-12', '-o', '-'],
      ['--format', 'excel', '--from', '2024-01', '-o', '-'],
      ['--format', 'freee', '--from', '2024-13', '-o', '-'],
      ['--format', 'freee', '--from', '2024-01', '-o', '-', '--mapping', path.join(ctx.configDir, 'missing.json')],
    ]) {
      const r = await runInProcess(['bills', 'export', ...args], { store: ctx.store, configDir: ctx.configDir });
      expect(r.code, r.err).toBe(2);
    }
  });

  it('an account name CP932 cannot write is named in the error (exit 2), no file written', async () => {
    ctx.server.use(...billHandlers([OCT]));
    const file = path.join(ctx.configDir, 'f.csv');
    const r = await runInProcess(['bills', 'export', '--format', 'freee', '--from', '2023-10', '--account', '通信費🍣', '-o', file], { store: ctx.store, configDir: ctx.configDir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('🍣');
    expect(() => readFileSync(file)).toThrow();
  });

  it('no bill in the range: not found (exit 4)', async () => {
    ctx.server.use(...billHandlers([OCT]));
    const r = await runInProcess(['bills', 'export', '--format', 'freee', '--from', '2025-01', '-o', '-'], { store: ctx.store, configDir: ctx.configDir });
    expect(r.code).toBe(4);
  });
});
