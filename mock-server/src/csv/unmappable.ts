import { unmappableIn } from './cp932.js';

/*
 * D-5: the Shift_JIS export names, in its `X-Unmappable-Chars` header, how many characters CP932
 * cannot write (each becomes 〓). The header goes out before the body, so the count cannot come
 * from the encoder as it runs: every engine keeps it with the call records instead, computed here
 * when a record is stored (memory and JSON engines: when it enters memory, at an import or when a
 * data file is loaded; PostgreSQL: the `unmappable` column, written by every INSERT and filled for
 * older rows by migration 005). An export then asks the engine for a sum, never reads the month twice.
 *
 * The cells of a row that come from stored text are 利用種類, 通話元 and 通話先 (csvCells in
 * call-records-csv.ts); the others are written by the server in ASCII (date-time, duration, charge,
 * the `'` of a neutralised formula, the `="…"` of the Excel variant) or are contract numbers, which
 * R-FMT-4 limits to ASCII letters and digits. So what the encoder replaces in a row is exactly this.
 */

/** The text cells of a call record, as they are stored. */
export interface CallRecordText {
  usageType: string;
  from: string;
  to: string;
}

/** How many characters of the row's CSV line CP932 cannot write (what `encodeCp932` turns into 〓). */
export function unmappableInCallRecord(r: CallRecordText): number {
  return unmappableIn(r.usageType) + unmappableIn(r.from) + unmappableIn(r.to);
}
