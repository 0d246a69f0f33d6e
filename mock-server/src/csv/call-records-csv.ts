import { once } from 'node:events';
import { Transform, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { stringify } from 'csv-stringify';
import { callRecordCsvHeader, formatDuration, jstDateTime, type CsvEncoding } from '@mypage/api';
import type { CallRecordRow } from '../store/schema.js';
import { encodeCp932 } from './cp932.js';

/*
 * D-5: call records as CSV — the Japanese header row, one row per call, the full date-time in
 * Japan time (`2023-12-01 10:19:00`), the duration as `00:00:34`, the charge in integer yen;
 * CRLF line ends; written row by row (csv-stringify), sent in chunks of about 16K characters,
 * encoded on the fly: UTF-8, UTF-8 with a BOM, or CP932 (Shift_JIS as Windows writes it).
 *
 * Two opt-in variants (query flags; without them the file is exactly D-5's six columns):
 * `contractColumn` adds 契約番号 as a 7th column, after the six, so that readers of the six by
 * position are not disturbed; `excel` writes numbers made of digits only as `="0611115555"`.
 */

export interface CsvStyle {
  /** a 7th column, 契約番号 */
  contractColumn?: boolean;
  /** digit-only numbers as `="…"` text formulas, for Excel */
  excel?: boolean;
}

export function csvCells(r: CallRecordRow, style: CsvStyle = {}): string[] {
  const number = style.excel ? excelText : (cell: string) => cell;
  const cells = [jstDateTime(new Date(r.startedAt)), neutraliseFormula(r.usageType), number(neutraliseFormula(r.from)), number(neutraliseFormula(r.to)), formatDuration(r.durationSeconds), String(r.charge)];
  if (style.contractColumn) cells.push(number(neutraliseFormula(r.contractNumber)));
  return cells;
}

/**
 * Excel reads a CSV cell of digits as a number: `0611115555` becomes 611115555 and a long one is
 * shown as 6.11E+09. A text formula `="0611115555"` gives the text back, leading 0 and all. Only a
 * cell of ASCII digits alone is wrapped, so the formula is always a constant: a value holding `"`
 * or a formula sign (neutralised above, it then begins with `'`) is never put inside one.
 */
export function excelText(cell: string): string {
  return /^[0-9]+$/.test(cell) ? `="${cell}"` : cell;
}

/**
 * CSV formula injection (OWASP "CSV Injection"): a spreadsheet runs a cell that begins with
 * `=`, `+`, `-`, `@`, TAB, CR or LF as a formula — an imported value, or an international number
 * such as `+81312345678`, which Excel would also turn into 81312345678. Such a cell gets a single
 * quote in front, which spreadsheets read as "this is text" and do not show, so `+81…` stays
 * readable; the cell is also quoted (see `quoted_match`). Full-width ＝＋－＠ are treated the
 * same, as Japanese Excel may read them as formula signs. The cells this applies to are the text
 * ones (usage type, numbers); date-time, duration and charge are written by the server.
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell) ? `'${cell}` : cell;
}

/** About how many characters each chunk of the CSV stream holds (the last one may hold fewer). */
export const CSV_CHUNK_CHARS = 16_384;

/** The CSV of `rows` (read as the client takes it: a store stream is pulled chunk by chunk). */
export function callRecordsCsv(rows: Iterable<CallRecordRow> | AsyncIterable<CallRecordRow>, encoding: CsvEncoding, style: CsvStyle = {}): Readable {
  const csv = stringify({ header: true, columns: callRecordCsvHeader(style), record_delimiter: '\r\n', quoted_match: /^'/ });
  // Feed the stringifier as fast as the reader takes it (backpressure through 'drain').
  void (async () => {
    try {
      for await (const r of rows) {
        if (csv.destroyed) return;
        if (!csv.write(csvCells(r, style))) await once(csv, 'drain');
      }
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  csv.setEncoding('utf8'); // strings straight through: no UTF-8 round trip before re-encoding
  // csv-stringify emits one small chunk per row. Passed on as they are, every row is a write of
  // its own all the way down (an HTTP chunk, often a TCP segment, a read and a buffer in the
  // client: 1,000,000 of each for a large month), and encoding each on its own costs more than the
  // encoding itself. So rows are gathered into chunks of about 16K characters first, whatever the
  // encoding.
  const BATCH = CSV_CHUNK_CHARS;
  let first = true;
  let pending = '';
  const decoder = new StringDecoder('utf8');
  const bytesOf = (text: string): Buffer => {
    const prefix = first && encoding === 'utf8-bom' ? '\uFEFF' : '';
    first = false;
    return encoding === 'sjis' ? encodeCp932(text) : Buffer.from(prefix + text, 'utf8');
  };
  const encode = new Transform({
    transform(chunk: Buffer | string, _enc, done) {
      pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      if (pending.length < BATCH) return done();
      const text = pending;
      pending = '';
      done(null, bytesOf(text));
    },
    flush(done) {
      pending += decoder.end();
      if (pending.length > 0 || first) this.push(bytesOf(pending));
      pending = '';
      done();
    },
  });
  csv.on('error', (e) => encode.destroy(e));
  return csv.pipe(encode);
}

export function csvContentType(encoding: CsvEncoding): string {
  return encoding === 'sjis' ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8';
}
