import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Factory } from '../../../factory.js';
import { BASE, fakeIO, handlers, MemoryStore, runInProcess, TOKEN } from '../../../testing.js';
import { sha256Of } from '../../../archive/hash.js';
import { newArchiveCommand, type ArchiveOptions } from './archive.js';
import type { ArchiveSearchOptions } from './search.js';
import type { ArchiveVerifyOptions } from './verify.js';

/* `bills archive` / `archive verify` / `archive search`: parse tests (through runF) and run tests (fake IO + msw). */

const pdfOf = (month: string, version = '') => Buffer.from(`%PDF-1.3 fake invoice ${month}${version}\n%%EOF\n`);
let reissued = new Set<string>();
const server = setupServer(
  ...handlers,
  http.get(`${BASE}/api/v1/bills/:month/invoice.pdf`, ({ params }) => {
    const month = String(params.month);
    return new HttpResponse(pdfOf(month, reissued.has(month) ? ' v2' : ''), { headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="invoice-${month}.pdf"` } });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let configDir: string;
let dir: string;
let store: MemoryStore;
beforeEach(async () => {
  reissued = new Set();
  configDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-cli-unit-'));
  dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-cli-archive-'));
  writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentProfile: 'default', profiles: { default: { accessId: 'm95au6', storage: 'keychain' } } }));
  store = new MemoryStore();
  await store.set('default', { accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2099-12-01T10:29:00+09:00' } });
});
afterEach(() => {
  rmSync(configDir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});
const run = (args: string[], tty = false) => runInProcess(args, { store, configDir, tty });
const NAME = (month: string) => `${month.replace('-', '')}09_日本メディアシステム株式会社_3630.pdf`;

describe('bills archive — parse', () => {
  function capture() {
    const { io } = fakeIO();
    const f = new Factory({ io, env: {}, now: () => new Date('2024-07-20T03:00:00Z') });
    const got: { archive?: ArchiveOptions; verify?: ArchiveVerifyOptions; search?: ArchiveSearchOptions } = {};
    return { f, got };
  }

  it('passes every flag through, with the Factory’s clock', async () => {
    const { f, got } = capture();
    await newArchiveCommand(f, async (o) => void (got.archive = o)).parseAsync(
      ['--dir', 'inv', '--since', '2023-07', '--until', '2024/06', '--notices', '--name-template', '{請求年月}_{取引先}', '--encoding', 'utf8'],
      { from: 'user' },
    );
    expect(got.archive).toMatchObject({ dir: 'inv', since: '2023-07', until: '2024/06', notices: true, template: '{請求年月}_{取引先}', encoding: 'utf8' });
    expect(got.archive!.now()).toEqual(new Date('2024-07-20T03:00:00Z'));
  });

  it('leaves out what is not given', async () => {
    const { f, got } = capture();
    await newArchiveCommand(f, async (o) => void (got.archive = o)).parseAsync(['--dir', 'inv'], { from: 'user' });
    expect(got.archive).toMatchObject({ dir: 'inv', notices: false });
    for (const k of ['since', 'until', 'template', 'encoding'] as const) expect(got.archive![k]).toBeUndefined();
  });

  it('`archive verify --dir X` and `archive search --dir X --encoding utf8 …` reach the subcommand (the parent has --dir too)', async () => {
    const { f } = capture();
    const cmd = newArchiveCommand(f);
    let verify: ArchiveVerifyOptions | undefined;
    let search: ArchiveSearchOptions | undefined;
    const { newArchiveVerifyCommand } = await import('./verify.js');
    const { newArchiveSearchCommand } = await import('./search.js');
    // swap in capturing subcommands
    (cmd as unknown as { commands: unknown[] }).commands = [];
    cmd.addCommand(newArchiveVerifyCommand(f, async (o) => void (verify = o)));
    cmd.addCommand(newArchiveSearchCommand(f, async (o) => void (search = o)));
    await cmd.parseAsync(['verify', '--dir', 'X'], { from: 'user' });
    expect(verify?.dir).toBe('X');
    await cmd.parseAsync(['search', '--dir', 'Y', '--from', '2024-01', '--to', '2024-03-31', '--min', '5,000', '--max', '9000', '--partner', 'メディア', '--export', 'o.csv', '--encoding', 'utf8'], { from: 'user' });
    expect(search).toMatchObject({ dir: 'Y', from: '2024-01', to: '2024-03-31', min: '5,000', max: '9000', partner: 'メディア', export: 'o.csv', encoding: 'utf8' });
    expect(Object.keys(search!)).not.toContain('json');
  });
});

describe('bills archive — run (D-10)', () => {
  it('archives each month under {取引年月日}_{取引先}_{取引金額}.pdf with a CP932 index and an audit log naming who ran it', async () => {
    const r = await run(['bills', 'archive', '--dir', dir]);
    expect(r.code, r.err).toBe(0);
    const months = ['2023-10', '2023-11'];
    expect(readdirSync(dir).sort()).toEqual([...months.map(NAME), 'audit.log', '索引簿.csv'].sort());
    expect(r.out.split('\n').filter(Boolean)).toEqual(months.map((m, i) => `added\t${i + 1}\t${m}-09\t3630\t${NAME(m)}\t`));
    expect(r.err).toContain('2 added, 0 corrected, 0 unchanged');
    const index = iconv.decode(readFileSync(path.join(dir, '索引簿.csv')), 'cp932').split('\r\n');
    expect(index[0]).toBe('連番,取引年月日,取引金額,取引先,登録番号,書類の種類,請求年月,お客様番号,ファイル名,SHA-256,取得日時,訂正元連番');
    expect(index[1]).toMatch(new RegExp(`^1,2023-10-09,3630,日本メディアシステム株式会社,T3120001234567,請求書/口座振替案内書,2023-10,2NCAF0000000001,${NAME('2023-10')},${sha256Of(pdfOf('2023-10'))},\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d JST,$`));
    const audit = readFileSync(path.join(dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit[0]).toMatchObject({ action: 'downloaded', seq: 1, by: { accessId: 'm95au6', osUser: expect.any(String) } });
    expect(readFileSync(path.join(dir, 'audit.log'), 'utf8')).not.toMatch(/mypage2023|tok-cli-test/);
  });

  it('a re-issued month adds a _2 file and a correcting row; --json reports it', async () => {
    await run(['bills', 'archive', '--dir', dir]);
    reissued.add('2023-11');
    const r = await run(['--json', 'bills', 'archive', '--dir', dir]);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.downloaded).toEqual([]);
    expect(j.corrected).toEqual([expect.objectContaining({ seq: 3, file: NAME('2023-11').replace('.pdf', '_2.pdf'), corrects: 2 })]);
    expect(j.skipped.map((x: { seq: number }) => x.seq)).toEqual([1]);
    expect(readFileSync(path.join(dir, NAME('2023-11').replace('.pdf', '_2.pdf')))).toEqual(pdfOf('2023-11', ' v2'));
    expect(readFileSync(path.join(dir, NAME('2023-11')))).toEqual(pdfOf('2023-11'));
  });

  it('a table on a terminal', async () => {
    const r = await run(['bills', 'archive', '--dir', dir], true);
    expect(r.out).toContain('┌');
    expect(r.out).toMatch(/追加|added/);
    expect(r.out).toContain('3,630円');
  });

  it('refuses an unknown template field, a wrong encoding, since after until — and writes nothing (exit 2)', async () => {
    for (const args of [['--name-template', '{取引日}'], ['--encoding', 'latin1'], ['--since', '2024-01', '--until', '2023-12'], []]) {
      const r = await run(['bills', 'archive', ...(args.length ? ['--dir', dir] : []), ...args]);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a folder another run holds is refused with a clear error (exit 1), nothing written', async () => {
    writeFileSync(path.join(dir, '.mypage-archive.lock'), JSON.stringify({ pid: 1, host: 'ci-runner-7' }));
    const r = await run(['bills', 'archive', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Another bills archive is running on this folder (ci-runner-7 pid 1)');
    expect(readdirSync(dir)).toEqual(['.mypage-archive.lock']);
  });

  it('an existing index keeps its encoding: asking for another one is refused', async () => {
    await run(['bills', 'archive', '--dir', dir]);
    const r = await run(['bills', 'archive', '--dir', dir, '--encoding', 'utf8']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('already exists in cp932');
  });
});

describe('bills archive verify — run (D-11)', () => {
  it('exit 0 on an intact archive; exit 8 listing a changed, a missing and an unlisted file', async () => {
    await run(['bills', 'archive', '--dir', dir]);
    const ok = await run(['bills', 'archive', 'verify', '--dir', dir]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.err).toContain('All 2 documents');
    appendFileSync(path.join(dir, NAME('2023-10')), 'x');
    rmSync(path.join(dir, NAME('2023-11')));
    writeFileSync(path.join(dir, 'memo.txt'), 'x');
    const bad = await run(['bills', 'archive', 'verify', '--dir', dir]);
    expect(bad.code).toBe(8);
    expect(bad.out).toContain(`missing\t2\t${NAME('2023-11')}`);
    expect(bad.out).toContain(`changed\t1\t${NAME('2023-10')}`);
    expect(bad.out).toContain('unlisted\t\tmemo.txt');
    expect(bad.err).toContain('ARCHIVE_VERIFY_FAILED');
    const json = await run(['--json', 'bills', 'archive', 'verify', '--dir', dir]);
    expect(json.code).toBe(8);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, checked: 2, unlisted: ['memo.txt'] });
    const audit = readFileSync(path.join(dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.filter((e) => e.action === 'verified').map((e) => e.detail.ok)).toEqual([true, false, false]);
  });

  it('a folder that does not exist is exit 4, not a crash', async () => {
    const r = await run(['bills', 'archive', 'verify', '--dir', path.join(dir, 'nope')]);
    expect(r.code).toBe(4);
  });
});

describe('bills archive search — run', () => {
  beforeEach(async () => {
    expect((await run(['bills', 'archive', '--dir', dir])).code).toBe(0);
  });

  it('TSV rows of the matches; --json the rows; combined conditions', async () => {
    const r = await run(['bills', 'archive', 'search', '--dir', dir, '--from', '2023-10-01', '--to', '2023-10']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim().split('\n').map((l) => l.split('\t')[0])).toEqual(['1']);
    const j = await run(['--json', 'bills', 'archive', 'search', '--dir', dir, '--min', '3630', '--max', '3630', '--to', '2023-11-09', '--partner', 'ﾒﾃﾞｨｱ']);
    expect(JSON.parse(j.out).map((x: { seq: number }) => x.seq)).toEqual([1, 2]);
    const none = await run(['bills', 'archive', 'search', '--dir', dir, '--min', '4000']);
    expect(none.out).toBe('');
  });

  it('--export writes the matches as CP932 CSV with the header', async () => {
    const out = path.join(configDir, '提出用.csv');
    const r = await run(['bills', 'archive', 'search', '--dir', dir, '--from', '2023-11-01', '--export', out]);
    expect(r.code, r.err).toBe(0);
    const lines = iconv.decode(readFileSync(out), 'cp932').split('\r\n');
    expect(lines[0]!.startsWith('連番,取引年月日,取引金額,取引先')).toBe(true);
    expect(lines.filter(Boolean)).toHaveLength(2);
    expect(lines[1]!.startsWith('2,2023-11-09,3630,')).toBe(true);
  });

  it('bad dates and amounts are usage errors (exit 2); --export onto the index is refused', async () => {
    for (const args of [['--from', '2023-02-30'], ['--min', 'abc'], ['--min', '9', '--max', '1'], ['--export', path.join(dir, '索引簿.csv')]]) {
      const r = await run(['bills', 'archive', 'search', '--dir', dir, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(iconv.decode(readFileSync(path.join(dir, '索引簿.csv')), 'cp932').split('\r\n').filter(Boolean)).toHaveLength(3);
  });
});
