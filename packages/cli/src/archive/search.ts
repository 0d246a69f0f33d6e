import type { IndexRow } from './index-book.js';

/*
 * `bills archive search` (電子帳簿保存法の検索要件): by 取引年月日 (a range), 取引金額 (a range) and
 * 取引先, each alone or combined (all given conditions must hold) — from the index alone, offline.
 */

export interface SearchQuery {
  /** `YYYY-MM-DD`, inclusive */
  from?: string;
  to?: string;
  /** yen, inclusive */
  min?: number;
  max?: number;
  /** part of 取引先 (width and case do not matter) */
  partner?: string;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

export function searchIndex(rows: readonly IndexRow[], q: SearchQuery): IndexRow[] {
  const partner = q.partner !== undefined ? fold(q.partner) : undefined;
  return rows.filter((r) => {
    if (q.from !== undefined && r.date < q.from) return false;
    if (q.to !== undefined && r.date > q.to) return false;
    if (q.min !== undefined && (r.amount === null || r.amount < q.min)) return false;
    if (q.max !== undefined && (r.amount === null || r.amount > q.max)) return false;
    if (partner !== undefined && !fold(r.partner).includes(partner)) return false;
    return true;
  });
}

/** `2023-11-09`, `2023/11/09`, `20231109`, `2023-11-9` → `2023-11-09`; a month `2023-11` → its first or last day. */
export function parseSearchDate(input: string, end: 'from' | 'to'): string | null {
  const s = input.normalize('NFKC').trim();
  if (/^\d+$/.test(s) && s.length !== 8) return null;
  let m = /^(\d{4})[-/年](\d{1,2})月?$/.exec(s);
  if (m) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) return null;
    const day = end === 'from' ? 1 : new Date(Date.UTC(y, mo, 0)).getUTCDate();
    return `${m[1]}-${String(mo).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(s);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return null;
}

/** `5,646`, `5646円`, `５６４６` → 5646; anything else → null. */
export function parseYen(input: string): number | null {
  const s = input.normalize('NFKC').trim().replace(/[,円¥\\]/g, '');
  return /^\d{1,12}$/.test(s) ? Number(s) : null;
}
