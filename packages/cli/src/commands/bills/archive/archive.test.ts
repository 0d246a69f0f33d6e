import { appendFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { api } from '@mypage/sdk/testing';
import { sha256Of } from '../../../archive/hash.js';
import { failure, fakeTerminal, parseVerb, testClient, useMsw, useTempDir } from '../../../testing.js';
import { archiveRun, newArchiveCommand, type ArchiveOptions } from './archive.js';

/* `bills archive`: parse test (through runF) and run tests (fake IO + msw, a real temp folder). */

const server = useMsw();
const tmp = useTempDir('mypage-cli-archive-');
const NAME = (month: string) => `${month.replace('-', '')}01_日本メディアシステム株式会社_3630.pdf`;
const pdfOf = (month: string, v = '') => Buffer.from(`%PDF-1.4\n% invoice ${month}${v}\n%%EOF\n`);
const perMonthPdfs = (reissued: string[] = []) =>
  server.use(http.get(api('/bills/:month/invoice.pdf'), ({ params }) => new HttpResponse(pdfOf(String(params.month), reissued.includes(String(params.month)) ? ' v2' : ''), { headers: { 'content-type': 'application/pdf' } })));

function options(extra: Partial<ArchiveOptions> = {}, tty = false) {
  const term = fakeTerminal({ tty });
  const o: ArchiveOptions = {
    ...term,
    client: testClient(),
    now: () => new Date('2024-07-20T03:00:00Z'),
    actor: async () => ({ osUser: 'keiri', accessId: 'm95au6' }),
    dir: tmp(),
    notices: false,
    ...extra,
  };
  return { o, out: term.out, err: term.err };
}

describe('bills archive — parse', () => {
  it('passes every flag through', async () => {
    const o = await parseVerb(newArchiveCommand, ['--dir', 'inv', '--since', '2023-07', '--until', '2024/06', '--notices', '--name-template', '{請求年月}_{取引先}', '--encoding', 'utf8']);
    expect(o).toMatchObject({ dir: 'inv', since: '2023-07', until: '2024/06', notices: true, template: '{請求年月}_{取引先}', encoding: 'utf8' });
    expect(o.now()).toBeInstanceOf(Date);
  });

  it('leaves out what is not given', async () => {
    const o = await parseVerb(newArchiveCommand, ['--dir', 'inv']);
    expect(o).toMatchObject({ dir: 'inv', notices: false });
    for (const k of ['since', 'until', 'template', 'encoding'] as const) expect(o[k]).toBeUndefined();
  });
});

describe('bills archive — run (D-10)', () => {
  it('archives each month as {取引年月日}_{取引先}_{取引金額}.pdf with a CP932 index (取得日時 from the clock, Japan time) and an audit log naming who ran it', async () => {
    perMonthPdfs();
    const { o, out, err } = options();
    await archiveRun(o);
    const months = ['2023-10', '2023-11'];
    expect(readdirSync(tmp()).sort()).toEqual([...months.map(NAME), 'audit.log', '索引簿.csv'].sort());
    expect(out().split('\n').filter(Boolean)).toEqual(months.map((m, i) => `added\t${i + 1}\t${m}-01\t3630\t${NAME(m)}\t`));
    expect(err()).toContain('2 added, 0 corrected, 0 unchanged');
    const index = iconv.decode(readFileSync(path.join(tmp(), '索引簿.csv')), 'cp932').split('\r\n');
    expect(index[0]).toBe('連番,取引年月日,取引金額,取引先,登録番号,書類の種類,請求年月,お客様番号,ファイル名,SHA-256,取得日時,訂正元連番');
    expect(index[1]).toBe(`1,2023-10-01,3630,日本メディアシステム株式会社,T3120001234567,請求書/口座振替案内書,2023-10,2NCAF0000000001,${NAME('2023-10')},${sha256Of(pdfOf('2023-10'))},2024-07-20 12:00:00 JST,`);
    const audit = readFileSync(path.join(tmp(), 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(audit[0]).toMatchObject({ time: '2024-07-20T12:00:00+09:00', action: 'downloaded', seq: 1, by: { osUser: 'keiri', accessId: 'm95au6' } });
  });

  it('a re-issued month adds a _2 file and a correcting row; --json reports it', async () => {
    perMonthPdfs();
    await archiveRun(options().o);
    perMonthPdfs(['2023-11']);
    const { o, out } = options();
    o.io.json = true;
    await archiveRun(o);
    const j = JSON.parse(out());
    expect(j.downloaded).toEqual([]);
    expect(j.corrected).toEqual([expect.objectContaining({ seq: 3, file: NAME('2023-11').replace('.pdf', '_2.pdf'), corrects: 2 })]);
    expect(j.skipped.map((x: { seq: number }) => x.seq)).toEqual([1]);
    expect(readFileSync(path.join(tmp(), NAME('2023-11')))).toEqual(pdfOf('2023-11'));
    expect(readFileSync(path.join(tmp(), NAME('2023-11').replace('.pdf', '_2.pdf')))).toEqual(pdfOf('2023-11', ' v2'));
  });

  it('--notices also keeps the opening notices under their own names', async () => {
    perMonthPdfs();
    await archiveRun(options({ notices: true }).o);
    expect(readdirSync(tmp())).toContain('20231201_日本メディアシステム株式会社_開通案内_CAF0000000001.pdf');
  });

  it('a table on a terminal', async () => {
    perMonthPdfs();
    const { o, out } = options({}, true);
    await archiveRun(o);
    expect(out()).toContain('┌');
    expect(out()).toContain('3,630円');
  });

  it('refuses an unknown template field, a wrong encoding, since after until, no --dir — and writes nothing (exit 2)', async () => {
    for (const extra of [{ template: '{取引日}' }, { encoding: 'latin1' }, { since: '2024-01', until: '2023-12' }, { dir: '' }]) {
      const f = await failure(archiveRun(options(extra).o));
      expect(f.exitCode, JSON.stringify(extra)).toBe(2);
    }
    expect(readdirSync(tmp())).toEqual([]);
  });

  it('a folder another run holds is refused with a clear error (exit 1), nothing written', async () => {
    writeFileSync(path.join(tmp(), '.mypage-archive.lock'), JSON.stringify({ pid: 1, host: 'ci-runner-7' }));
    const f = await failure(archiveRun(options().o));
    expect(f).toMatchObject({ code: 'ARCHIVE_BUSY', exitCode: 1 });
    expect(f.error.message).toContain('ci-runner-7 pid 1');
    expect(readdirSync(tmp())).toEqual(['.mypage-archive.lock']);
  });

  it('an existing index keeps its encoding: asking for another one is refused', async () => {
    perMonthPdfs();
    await archiveRun(options().o);
    const f = await failure(archiveRun(options({ encoding: 'utf8' }).o));
    expect(f.exitCode).toBe(2);
    expect(f.error.message).toContain('already exists in cp932');
  });

  it('a session that cannot be had is exit 3 and leaves no file', async () => {
    const f = await failure(archiveRun(options({ client: testClient({ withSession: false }) }).o));
    expect(f.exitCode).toBe(3);
    expect(readdirSync(tmp()).filter((n) => n.endsWith('.pdf'))).toEqual([]);
  });
});
