import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE } from './names.js';
import { NOTICE_KIND, nameKey, planDocument } from './plan.js';
import { billFields, row } from './testing.js';

const T = '2024-07-20 12:00:00 JST';
const oct = billFields('2023-10', 5646, '2023-11-09');
const OCT = '20231109_日本メディアシステム株式会社_5646.pdf';

describe('archive plan (D-10: nothing overwritten or lost)', () => {
  it('a new document is added under its template name with the next 連番', () => {
    const d = planDocument([], new Set(), { fields: oct, sha256: 'h1' }, DEFAULT_TEMPLATE, T);
    expect(d).toEqual({ action: 'add', row: row(1, oct, OCT, 'h1') });
    expect(d.row.fetchedAt).toBe(T);
  });

  it('the same bytes again are skipped (naming the row that holds them)', () => {
    const rows = [row(1, oct, OCT, 'h1')];
    expect(planDocument(rows, new Set([nameKey(OCT)]), { fields: oct, sha256: 'h1' }, DEFAULT_TEMPLATE, T)).toEqual({ action: 'skip', row: rows[0] });
  });

  it('a re-issued document (same month, other bytes) is stored as _2 with a row naming the row it corrects', () => {
    const rows = [row(1, oct, OCT, 'h1'), row(2, billFields('2023-11', 5646), 'nov.pdf', 'h2')];
    const reissued = { ...oct, date: '2024-07-20', amount: 6050 };
    const d = planDocument(rows, new Set(rows.map((r) => nameKey(r.file))), { fields: reissued, sha256: 'h3' }, DEFAULT_TEMPLATE, T);
    expect(d.action).toBe('correct');
    expect(d.row).toMatchObject({ seq: 3, file: '20240720_日本メディアシステム株式会社_6050_2.pdf', amount: 6050, date: '2024-07-20', corrects: 1 });
    if (d.action === 'correct') expect(d.corrects.seq).toBe(1);
  });

  it('a second re-issue is _3 and corrects the second version; going back to any archived bytes is a skip', () => {
    const v2 = row(2, oct, '20231109_日本メディアシステム株式会社_5646_2.pdf', 'h2', 1);
    const rows = [row(1, oct, OCT, 'h1'), v2];
    const taken = new Set(rows.map((r) => nameKey(r.file)));
    const d = planDocument(rows, taken, { fields: oct, sha256: 'h3' }, DEFAULT_TEMPLATE, T);
    expect(d.row).toMatchObject({ seq: 3, file: '20231109_日本メディアシステム株式会社_5646_3.pdf', corrects: 2 });
    expect(planDocument(rows, taken, { fields: oct, sha256: 'h1' }, DEFAULT_TEMPLATE, T).action).toBe('skip');
  });

  it('a name already taken on disk (even differing in case, as Windows and macOS compare) is not reused', () => {
    const taken = new Set([nameKey(OCT.toUpperCase())]);
    const d = planDocument([], taken, { fields: oct, sha256: 'h1' }, DEFAULT_TEMPLATE, T);
    expect(d).toMatchObject({ action: 'add', row: { file: '20231109_日本メディアシステム株式会社_5646_2.pdf', corrects: null } });
  });

  it('two documents that render the same name get distinct files; they do not correct each other', () => {
    const other = { ...billFields('2023-09', 5646), date: '2023-11-09' };
    const rows = [row(1, oct, OCT, 'h1')];
    const d = planDocument(rows, new Set([nameKey(OCT)]), { fields: other, sha256: 'h2' }, DEFAULT_TEMPLATE, T);
    expect(d).toMatchObject({ action: 'add', row: { seq: 2, file: '20231109_日本メディアシステム株式会社_5646_2.pdf', corrects: null } });
  });

  it('opening notices are one document per date, not per month', () => {
    const n1 = { ...oct, kind: NOTICE_KIND, amount: null, customer: 'CAF0000000001', date: '2023-12-01', month: '2023-12' };
    const rows = [row(1, n1, 'n1.pdf', 'h1')];
    const n2 = { ...n1, date: '2023-12-15' };
    expect(planDocument(rows, new Set(), { fields: n2, sha256: 'h2' }, '{取引年月日}', T)).toMatchObject({ action: 'add', row: { corrects: null } });
  });
});
