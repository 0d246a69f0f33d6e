import { PassThrough, Readable, Writable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { copyInto, HeaderDropper } from './concat.js';

async function through(chunks: Buffer[], drop: boolean): Promise<{ out: Buffer; lines: number }> {
  const parts: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => parts.push(c));
  const d = new HeaderDropper(drop);
  await copyInto(Readable.from(chunks), sink, d);
  return { out: Buffer.concat(parts), lines: d.lines };
}

/** Every way of cutting `buf` into two chunks. */
function splits(buf: Buffer): Buffer[][] {
  return Array.from({ length: buf.length + 1 }, (_, i) => [buf.subarray(0, i), buf.subarray(i)]);
}

describe('HeaderDropper (joining monthly CSVs, D-5)', () => {
  const header = '日時,利用種類,通話元,通話先,通話時間,料金\r\n';
  const rows = '2023-12-01 10:19:00,ひかり電話・県内,0611115555,0638846327,00:00:34,8\r\n2023-12-01 11:26:00,PSTN・県間,0611112222,0653000900,00:01:02,8\r\n';

  it('drops the BOM and header of a later month, however the bytes are chunked (UTF-8 with BOM)', async () => {
    const month = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(header + rows)]);
    for (const chunks of splits(month)) {
      const { out, lines } = await through(chunks, true);
      expect(out.toString('utf8')).toBe(rows);
      expect(lines).toBe(2);
    }
  });

  it('works on Shift_JIS bytes (LF never occurs inside a multi-byte character)', async () => {
    const month = iconv.encode(header + rows, 'CP932');
    for (const chunks of splits(month)) {
      const { out } = await through(chunks, true);
      expect(iconv.decode(out, 'CP932')).toBe(rows);
    }
  });

  it('keeps the first month whole and counts its lines', async () => {
    const { out, lines } = await through([Buffer.from(header + rows)], false);
    expect(out.toString('utf8')).toBe(header + rows);
    expect(lines).toBe(3);
  });
});

describe('copyInto — a sink that fails (a full disk)', () => {
  it('rejects with the sink\'s error instead of waiting for a drain that never comes', async () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const sink = new Writable({
      highWaterMark: 4,
      write(_chunk, _enc, cb) {
        setTimeout(() => cb(enospc), 5);
      },
    });
    sink.on('error', () => {});
    const month = () => Readable.from([Buffer.from('日時,利用種類\r\n'), Buffer.from('2023-12-01 10:19:00,x\r\n'), Buffer.from('2023-12-02 10:19:00,y\r\n')]);
    // the first month fails the sink; the second must not hang on it
    await copyInto(month(), sink, new HeaderDropper(false)).catch(() => {});
    await expect(copyInto(month(), sink, new HeaderDropper(true))).rejects.toMatchObject({ code: 'ENOSPC' });
  });
});

describe('joining months keeps CSV formula neutralisation (OWASP CSV Injection)', () => {
  it('keeps the server\'s formula neutralisation (a leading quote in a quoted cell) when joining months, in every encoding', async () => {
    const header = '日時,利用種類,通話元,通話先,通話時間,料金\r\n';
    const neutralised = '2023-12-31 20:00:00,移動体,"\'=HYPERLINK(""x"",A1)","\'+81312345678",00:00:30,16\r\n';
    const encodings: [string, Buffer][] = [
      ['utf8', Buffer.from(header + neutralised, 'utf8')],
      ['utf8', Buffer.from('\uFEFF' + header + neutralised, 'utf8')],
      ['cp932', iconv.encode(header + neutralised, 'cp932')],
    ];
    for (const [charset, later] of encodings) {
      for (const chunks of splits(later)) {
        const { out } = await through(chunks, true);
        expect(iconv.decode(out, charset)).toBe(neutralised);
      }
    }
  });
});
