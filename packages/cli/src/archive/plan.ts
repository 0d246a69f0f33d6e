import type { IndexRow } from './index-book.js';
import { renderName, versionName, type NameFields } from './names.js';

/*
 * The archive's one decision per document (D-10), pure: given what the index already holds, the
 * names already used in the folder, and a freshly downloaded document (its fields and hash):
 *   - the same bytes are archived already → skip;
 *   - a document never archived → add it under its template name;
 *   - the same document (same kind, customer and month — or date for a notice) with other bytes
 *     is a re-issue → add it beside the original as `…_2.pdf` (`_3` …) with a row naming the row
 *     it corrects. The original file and row stay.
 * A name already taken — in the index or on disk, compared as Windows and macOS do (case- and
 * normalisation-blind) — is never reused: nothing is overwritten.
 */

export const BILL_KIND = '請求書/口座振替案内書';
export const NOTICE_KIND = '開通案内';

export interface Candidate {
  fields: NameFields;
  sha256: string;
}

export type Decision =
  | { action: 'skip'; row: IndexRow }
  | { action: 'add'; row: IndexRow }
  | { action: 'correct'; row: IndexRow; corrects: IndexRow };

/** Which rows are versions of one document: bills by month, notices by their date. */
export function documentKey(d: { kind: string; customer: string; month: string; date: string }): string {
  return d.kind === NOTICE_KIND ? `${d.kind}|${d.customer}|${d.date}` : `${d.kind}|${d.customer}|${d.month}`;
}

export const nameKey = (name: string) => name.normalize('NFC').toLowerCase();

export function planDocument(rows: readonly IndexRow[], taken: ReadonlySet<string>, c: Candidate, template: string, fetchedAt: string): Decision {
  const key = documentKey(c.fields);
  const versions = rows.filter((r) => documentKey(r) === key);
  const same = versions.find((r) => r.sha256 === c.sha256);
  if (same) return { action: 'skip', row: same };
  const base = renderName(template, c.fields);
  let n = versions.length + 1;
  while (taken.has(nameKey(versionName(base, n)))) n += 1;
  const seq = rows.reduce((m, r) => Math.max(m, r.seq), 0) + 1;
  const previous = versions[versions.length - 1];
  const row: IndexRow = {
    seq,
    date: c.fields.date,
    amount: c.fields.amount,
    partner: c.fields.partner,
    registration: c.fields.registration,
    kind: c.fields.kind,
    month: c.fields.month,
    customer: c.fields.customer,
    file: versionName(base, n),
    sha256: c.sha256,
    fetchedAt,
    corrects: previous ? previous.seq : null,
  };
  return previous ? { action: 'correct', row, corrects: previous } : { action: 'add', row };
}
