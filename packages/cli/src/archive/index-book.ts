import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/*
 * 索引簿.csv (D-10): one row per archived document, in CP932 with CRLF by default (Excel opens it
 * as it is) or UTF-8. Rows are only ever appended — a correction is a new row naming the row it
 * corrects (訂正元連番) — so what was recorded once stays as it was.
 */

export const INDEX_FILE = '索引簿.csv';

export type IndexEncoding = 'cp932' | 'utf8';

export interface IndexRow {
  /** 連番, from 1 */
  seq: number;
  /** 取引年月日 `YYYY-MM-DD` */
  date: string;
  /** 取引金額 (yen incl. tax); null when the document has none (開通案内) */
  amount: number | null;
  /** 取引先 */
  partner: string;
  /** 登録番号 */
  registration: string;
  /** 書類の種類 */
  kind: string;
  /** 請求年月 `YYYY-MM` (a notice: its date's month) */
  month: string;
  /** お客様番号 (a notice: the contract number) */
  customer: string;
  /** ファイル名 */
  file: string;
  /** SHA-256, hex */
  sha256: string;
  /** 取得日時, Japan time `YYYY-MM-DD HH:MM:SS JST` */
  fetchedAt: string;
  /** 訂正元連番: the row this document corrects, or null */
  corrects: number | null;
}

export const INDEX_HEADER = ['連番', '取引年月日', '取引金額', '取引先', '登録番号', '書類の種類', '請求年月', 'お客様番号', 'ファイル名', 'SHA-256', '取得日時', '訂正元連番'] as const;

export function rowToCells(r: IndexRow): string[] {
  return [String(r.seq), r.date, r.amount === null ? '' : String(r.amount), r.partner, r.registration, r.kind, r.month, r.customer, r.file, r.sha256, r.fetchedAt, r.corrects === null ? '' : String(r.corrects)];
}

import { IndexFormatError } from './index-error.js';
export { IndexFormatError };

const intOrNull = (s: string, line: number, what: string): number | null => {
  if (s === '') return null;
  if (!/^\d+$/.test(s)) throw new IndexFormatError(line, `${what} is not a whole number: ${s}`);
  return Number(s);
};

export function cellsToRow(c: string[], line: number): IndexRow {
  if (c.length !== INDEX_HEADER.length) throw new IndexFormatError(line, `expected ${INDEX_HEADER.length} columns, found ${c.length}`);
  const seq = intOrNull(c[0]!, line, '連番');
  if (seq === null) throw new IndexFormatError(line, '連番 is empty');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(c[1]!)) throw new IndexFormatError(line, `取引年月日 is not YYYY-MM-DD: ${c[1]}`);
  return {
    seq,
    date: c[1]!,
    amount: intOrNull(c[2]!, line, '取引金額'),
    partner: c[3]!,
    registration: c[4]!,
    kind: c[5]!,
    month: c[6]!,
    customer: c[7]!,
    file: c[8]!,
    sha256: c[9]!,
    fetchedAt: c[10]!,
    corrects: intOrNull(c[11]!, line, '訂正元連番'),
  };
}

/** CSV text (CRLF, RFC 4180 quoting) of rows, with the header first when asked. */
export function indexCsv(rows: readonly IndexRow[], withHeader: boolean): string {
  const records = rows.map(rowToCells);
  if (withHeader) records.unshift([...INDEX_HEADER]);
  return records.length === 0 ? '' : stringify(records, { record_delimiter: '\r\n' });
}

export function encode(text: string, encoding: IndexEncoding): Buffer {
  return encoding === 'cp932' ? iconv.encode(text, 'cp932') : Buffer.from(text, 'utf8');
}

/** UTF-8 when the bytes are valid UTF-8 (with or without a BOM), else CP932. */
export function detectEncoding(bytes: Buffer): IndexEncoding {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf8';
  } catch {
    return 'cp932';
  }
}

export function decode(bytes: Buffer, encoding: IndexEncoding): string {
  return encoding === 'cp932' ? iconv.decode(bytes, 'cp932') : bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/** Rows of an index file's text; checks the header and every row. */
export function parseIndex(text: string): IndexRow[] {
  const records = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  if (records.length === 0) return [];
  const header = records[0]!;
  if (header.join(',') !== INDEX_HEADER.join(',')) throw new IndexFormatError(1, `unexpected header: ${header.join(',')}`);
  return records.slice(1).map((c, i) => cellsToRow(c, i + 2));
}

export interface IndexBook {
  /** null: there is no index yet */
  encoding: IndexEncoding | null;
  rows: IndexRow[];
}

export async function readIndex(dir: string): Promise<IndexBook> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, INDEX_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { encoding: null, rows: [] };
    throw err;
  }
  if (bytes.length === 0) return { encoding: null, rows: [] };
  const encoding = detectEncoding(bytes);
  return { encoding, rows: parseIndex(decode(bytes, encoding)) };
}

/**
 * Appends rows to the index (creating it with its header), never rewriting what is there. The
 * file keeps the encoding it was created with.
 */
export async function appendIndex(dir: string, book: IndexBook, rows: readonly IndexRow[], encoding: IndexEncoding): Promise<void> {
  if (rows.length === 0) return;
  const enc = book.encoding ?? encoding;
  await appendFile(path.join(dir, INDEX_FILE), encode(indexCsv(rows, book.encoding === null), enc));
  book.encoding = enc;
  book.rows.push(...rows);
}
