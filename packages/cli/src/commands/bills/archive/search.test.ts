import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { archiveDocuments } from '../../../archive/archive.js';
import { DEFAULT_TEMPLATE } from '../../../archive/names.js';
import { billFields } from '../../../archive/testing.js';
import { Command } from 'commander';
import { Factory } from '../../../factory.js';
import { failure, fakeIO, fakeTerminal, parseVerb, useTempDir } from '../../../testing.js';
import { archiveSearchRun, newArchiveSearchCommand, type ArchiveSearchOptions } from './search.js';

/* `bills archive search` (検索要件): parse test and run tests on a real index. */

const tmp = useTempDir('mypage-cli-search-');
beforeEach(async () => {
  const actor = { osUser: 'keiri', accessId: 'm95au6' };
  const src = (month: string, amount: number, date: string) => ({ fields: billFields(month, amount, date), open: async () => Readable.from([Buffer.from(`pdf ${month}`)]) });
  await archiveDocuments({ dir: tmp(), template: DEFAULT_TEMPLATE, encoding: 'cp932', now: () => new Date('2024-07-20T03:00:00Z'), actor }, [
    src('2023-10', 5646, '2023-11-09'),
    src('2023-12', 12848, '2024-01-09'),
    src('2024-01', 15522, '2024-02-09'),
    src('2024-02', 14976, '2024-03-09'),
  ]);
});

function options(extra: Partial<ArchiveSearchOptions> = {}, tty = false) {
  const term = fakeTerminal({ tty });
  const o: ArchiveSearchOptions = { ...term, now: () => new Date('2024-08-01T00:00:00Z'), actor: async () => ({ osUser: 'keiri', accessId: 'm95au6' }), dir: tmp(), ...extra };
  return { o, out: term.out, err: term.err };
}
const seqs = async (extra: Partial<ArchiveSearchOptions>) => {
  const { o, out } = options(extra);
  o.io.json = true;
  await archiveSearchRun(o);
  return (JSON.parse(out()) as { seq: number }[]).map((r) => r.seq);
};

describe('bills archive search — parse', () => {
  it('passes every condition through as given (checked by the run)', async () => {
    const o = await parseVerb(newArchiveSearchCommand, ['--dir', 'Y', '--from', '2024-01', '--to', '2024-03-31', '--min', '5,000', '--max', '9000', '--partner', 'メディア', '--export', 'o.csv', '--encoding', 'utf8']);
    expect(o).toMatchObject({ dir: 'Y', from: '2024-01', to: '2024-03-31', min: '5,000', max: '9000', partner: 'メディア', export: 'o.csv', encoding: 'utf8' });
  });

  it('`archive search --dir X --encoding utf8` reaches search although archive has both flags; global flags stay out', async () => {
    let got: ArchiveSearchOptions | undefined;
    const parent = new Command('archive').option('--dir <dir>').option('--encoding <enc>').option('--json');
    parent.addCommand(newArchiveSearchCommand(new Factory({ io: fakeIO().io, env: {} }), async (o) => void (got = o)));
    await parent.parseAsync(['search', '--dir', 'X', '--encoding', 'utf8', '--json', '--min', '1'], { from: 'user' });
    expect(got).toMatchObject({ dir: 'X', encoding: 'utf8', min: '1' });
    expect(Object.keys(got!)).not.toContain('json');
  });
});

describe('bills archive search — run', () => {
  it('a date range, an amount range, both combined, and 取引先', async () => {
    expect(await seqs({ from: '2024-01-01', to: '2024-02-29' })).toEqual([2, 3]);
    expect(await seqs({ min: '13,000', max: '15000円' })).toEqual([4]);
    expect(await seqs({ from: '2024-01', min: '14000' })).toEqual([3, 4]);
    expect(await seqs({ partner: 'ﾒﾃﾞｨｱ', to: '2023-11-09' })).toEqual([1]);
    expect(await seqs({ min: '99999' })).toEqual([]);
  });

  it('TSV when piped, a table on a terminal', async () => {
    const piped = options({ from: '2024-01-01', to: '2024-01-31' });
    await archiveSearchRun(piped.o);
    expect(piped.out()).toBe('2\t2024-01-09\t12848\t日本メディアシステム株式会社\tT3120001234567\t請求書/口座振替案内書\t2023-12\t2NCAF0000000001\t20240109_日本メディアシステム株式会社_12848.pdf\t\n');
    const tty = options({ min: '15000' }, true);
    await archiveSearchRun(tty.o);
    expect(tty.out()).toContain('┌');
    expect(tty.out()).toContain('15,522円');
  });

  it('--export writes the matches with the header as CP932 CSV and logs it', async () => {
    mkdirSync(path.join(tmp(), 'out'));
    const out = path.join(tmp(), 'out', '提出用.csv');
    await archiveSearchRun(options({ from: '2024-01-01', export: out }).o);
    const lines = iconv.decode(readFileSync(out), 'cp932').split('\r\n').filter(Boolean);
    expect(lines[0]!.startsWith('連番,取引年月日,取引金額,取引先,登録番号')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['2', '3', '4']);
    const last = readFileSync(path.join(tmp(), 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).at(-1);
    expect(last).toMatchObject({ action: 'exported', detail: { rows: 3 } });
  });

  it('bad input is a usage error (exit 2); no index is exit 4; --export onto the index is refused', async () => {
    for (const extra of [{ from: '2023-02-30' }, { min: 'abc' }, { min: '9', max: '1' }, { from: '2024-02', to: '2024-01' }, { encoding: 'latin1' }, { export: path.join(tmp(), '索引簿.csv') }]) {
      expect((await failure(archiveSearchRun(options(extra).o))).exitCode, JSON.stringify(extra)).toBe(2);
    }
    expect((await failure(archiveSearchRun(options({ dir: path.join(tmp(), 'none') }).o))).exitCode).toBe(4);
    expect(iconv.decode(readFileSync(path.join(tmp(), '索引簿.csv')), 'cp932').split('\r\n').filter(Boolean)).toHaveLength(5);
  });
});
