import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { CallRecordRow } from '../store/schema.js';
import { callRecordsCsv } from './call-records-csv.js';

/*
 * D-5: the call-record CSV is streamed in chunks of about CSV_CHUNK_CHARS, whatever the encoding.
 * Regression: the UTF-8 CSV went out one row per chunk — a million writes, HTTP chunks and client
 * reads for a 1,000,000-row month; a client that kept up read them one by one and spent minutes
 * of CPU and hundreds of MB on them.
 */

function rows(n: number): CallRecordRow[] {
  const start = Date.parse('2024-06-01T00:00:00+09:00');
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`, billingGroupId: 'bg_a', contractNumber: 'CAF0000000001', month: '2024-06', startedAt: new Date(start + i * 60_000).toISOString(),
    usageType: 'ひかり電話・県内', from: '0611115555', to: `06${String(i).padStart(8, '0')}`, durationSeconds: 34, charge: 8,
  }));
}

async function chunksOf(stream: NodeJS.ReadableStream): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of stream) out.push(Buffer.from(c as Buffer));
  return out;
}

const CSV_CHUNK_CHARS = 16_384;
describe.each(['utf8', 'utf8-bom', 'sjis'] as const)('call-record CSV streamed in %s', (encoding) => {
  const decode = (b: Buffer) => (encoding === 'sjis' ? iconv.decode(b, 'CP932') : b.toString('utf8'));

  it('comes in chunks of about 16K characters, not one chunk per row', async () => {
    const n = 5_000;
    const chunks = await chunksOf(callRecordsCsv(rows(n), encoding));
    const text = decode(Buffer.concat(chunks));
    expect(text.split('\r\n')).toHaveLength(n + 2); // header, n rows, the empty string after the last CRLF
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(text.length / CSV_CHUNK_CHARS) + 1);
    for (const c of chunks.slice(0, -1)) expect(decode(c).length).toBeGreaterThanOrEqual(CSV_CHUNK_CHARS);
  });

  it('a month of a few rows is one chunk, with the header (and the BOM once, for utf8-bom)', async () => {
    const chunks = await chunksOf(callRecordsCsv(rows(3), encoding));
    expect(chunks).toHaveLength(1);
    const text = decode(chunks[0]!);
    expect(text.startsWith(encoding === 'utf8-bom' ? '\uFEFF日時,' : '日時,')).toBe(true);
    expect(text.split('\uFEFF')).toHaveLength(encoding === 'utf8-bom' ? 2 : 1);
    expect(text.split('\r\n')).toHaveLength(5);
  });
});
