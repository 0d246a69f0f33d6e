import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportTargetError, exportRows } from './export.js';
import { INDEX_HEADER, parseIndex } from './index-book.js';
import { parseSearchDate, parseYen, searchIndex } from './search.js';
import { billFields, row } from './testing.js';

const rows = [
  row(1, billFields('2023-10', 5646, '2023-11-09'), 'a.pdf', 'h1'),
  row(2, billFields('2023-12', 10000, '2024-01-09'), 'b.pdf', 'h2'),
  row(3, { ...billFields('2024-01', 8000, '2024-02-09'), partner: 'ＡＢＣ商事株式会社' }, 'c.pdf', 'h3'),
  row(4, { ...billFields('2023-12', 0, '2023-12-01'), amount: null, kind: '開通案内' }, 'd.pdf', 'h4'),
];
const seqs = (q: Parameters<typeof searchIndex>[1]) => searchIndex(rows, q).map((r) => r.seq);

describe('archive search (検索要件: 取引年月日・取引金額・取引先, ranges, combined)', () => {
  it('by a date range (inclusive at both ends)', () => {
    expect(seqs({ from: '2023-12-01', to: '2024-01-09' })).toEqual([2, 4]);
    expect(seqs({ from: '2024-01-10' })).toEqual([3]);
    expect(seqs({ to: '2023-11-09' })).toEqual([1]);
  });

  it('by an amount range (inclusive); a document without an amount never matches one', () => {
    expect(seqs({ min: 5646, max: 8000 })).toEqual([1, 3]);
    expect(seqs({ min: 0 })).toEqual([1, 2, 3]);
  });

  it('by 取引先, width and case blind', () => {
    expect(seqs({ partner: 'abc' })).toEqual([3]);
    expect(seqs({ partner: 'メディア' })).toEqual([1, 2, 4]);
  });

  it('conditions combine (all must hold); no condition lists everything', () => {
    expect(seqs({ from: '2023-12-01', min: 6000 })).toEqual([2, 3]);
    expect(seqs({ from: '2023-12-01', min: 6000, partner: '日本メディア' })).toEqual([2]);
    expect(seqs({})).toEqual([1, 2, 3, 4]);
  });

  it('dates as people type them; a month means its first or last day', () => {
    expect(parseSearchDate('2023/11/9', 'from')).toBe('2023-11-09');
    expect(parseSearchDate('20231109', 'from')).toBe('2023-11-09');
    expect(parseSearchDate('２０２３年１１月９日', 'from')).toBe('2023-11-09');
    expect(parseSearchDate('2024-02', 'to')).toBe('2024-02-29');
    expect(parseSearchDate('2024-02', 'from')).toBe('2024-02-01');
    for (const bad of ['2023-02-30', '2023-13', '202311', 'yesterday', '']) expect(parseSearchDate(bad, 'from'), bad).toBeNull();
  });

  it('amounts with separators, 円 or full-width digits', () => {
    expect(parseYen('5,646円')).toBe(5646);
    expect(parseYen('５６４６')).toBe(5646);
    for (const bad of ['-1', '1.5', 'abc', '']) expect(parseYen(bad), bad).toBeNull();
  });
});

describe('--export (ダウンロードの求め)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-export-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the matching rows with the index header, CP932 by default', async () => {
    const out = path.join(dir, 'out', '..', 'request.csv');
    const r = await exportRows(out, path.join(dir, 'archive'), searchIndex(rows, { partner: 'abc' }), rows, 'cp932');
    expect(r.rows).toBe(1);
    const text = iconv.decode(readFileSync(path.join(dir, 'request.csv')), 'cp932');
    expect(text.split('\r\n')[0]).toBe(INDEX_HEADER.join(','));
    expect(parseIndex(text)).toEqual([rows[2]]);
  });

  it('refuses to write over the index, the audit log or an archived document', async () => {
    for (const name of ['索引簿.csv', 'audit.log', 'A.PDF']) {
      await expect(exportRows(path.join(dir, name), dir, rows, rows, 'utf8'), name).rejects.toThrow(ExportTargetError);
    }
  });
});
