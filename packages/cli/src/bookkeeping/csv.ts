import iconv from 'iconv-lite';

/*
 * CSV bytes for accounting software: comma-separated, a field quoted only when it holds a comma,
 * a quote or a line break (RFC 4180), CRLF line ends; CP932 (Shift_JIS as Windows has it) by
 * default because that is what the three products read by default, UTF-8 on request.
 */

export type JournalEncoding = 'cp932' | 'utf8';
export const JOURNAL_ENCODINGS: readonly JournalEncoding[] = ['cp932', 'utf8'];

export class EncodingError extends Error {
  override name = 'EncodingError';
  constructor(readonly character: string) {
    super(`"${character}" cannot be written in Shift_JIS (CP932)`);
  }
}

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(field).join(',') + '\r\n').join('');
}

/** The text as bytes; a character CP932 has no code for is an error, never a silent `?`. */
export function encodeCsv(text: string, encoding: JournalEncoding): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const bytes = iconv.encode(text, 'cp932');
  const back = iconv.decode(bytes, 'cp932');
  if (back !== text) {
    const a = [...text];
    const b = [...back];
    const i = a.findIndex((ch, k) => ch !== b[k]);
    throw new EncodingError(a[i] ?? '?');
  }
  return bytes;
}
