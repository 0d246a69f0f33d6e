import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendIndex, INDEX_FILE, INDEX_HEADER, IndexFormatError, parseIndex, readIndex } from './index-book.js';
import { billFields, row } from './testing.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-index-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const r1 = row(1, billFields('2023-10', 5646, '2023-11-09'), '20231109_日本メディアシステム株式会社_5646.pdf', 'a'.repeat(64));
const r2 = row(2, { ...billFields('2023-11', 5646), partner: '株式会社 "引用", 改行\nあり' }, 'x.pdf', 'b'.repeat(64), 1);

describe('索引簿.csv (D-10)', () => {
  it('is CP932 with CRLF by default: decodes to the Japanese header and parses as CSV', async () => {
    const book = await readIndex(dir);
    expect(book).toEqual({ encoding: null, rows: [] });
    await appendIndex(dir, book, [r1], 'cp932');
    const bytes = readFileSync(path.join(dir, INDEX_FILE));
    expect(bytes.includes(Buffer.from('連番', 'utf8'))).toBe(false);
    const text = iconv.decode(bytes, 'cp932');
    expect(text.startsWith('連番,取引年月日,取引金額,取引先,登録番号,書類の種類,請求年月,お客様番号,ファイル名,SHA-256,取得日時,訂正元連番\r\n')).toBe(true);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const records = parse(text) as string[][];
    expect(records[0]).toEqual([...INDEX_HEADER]);
    expect(records[1]).toEqual(['1', '2023-11-09', '5646', '日本メディアシステム株式会社', 'T3120001234567', '請求書/口座振替案内書', '2023-10', '2NCAF0000000001', '20231109_日本メディアシステム株式会社_5646.pdf', 'a'.repeat(64), '2024-07-20 12:00:00 JST', '']);
  });

  it('appends rows without rewriting earlier bytes, header once; reads back what it wrote (quotes, commas, newlines)', async () => {
    const book = await readIndex(dir);
    await appendIndex(dir, book, [r1], 'cp932');
    const first = readFileSync(path.join(dir, INDEX_FILE));
    await appendIndex(dir, await readIndex(dir), [r2], 'cp932');
    const both = readFileSync(path.join(dir, INDEX_FILE));
    expect(both.subarray(0, first.length).equals(first)).toBe(true);
    expect((await readIndex(dir)).rows).toEqual([r1, r2]);
  });

  it('--encoding utf8 writes UTF-8 (CRLF); an existing index keeps the encoding it was made with', async () => {
    await appendIndex(dir, await readIndex(dir), [r1], 'utf8');
    expect(readFileSync(path.join(dir, INDEX_FILE), 'utf8').startsWith('連番,')).toBe(true);
    const book = await readIndex(dir);
    expect(book.encoding).toBe('utf8');
    await appendIndex(dir, book, [r2], 'cp932');
    expect((await readIndex(dir)).rows).toEqual([r1, r2]);
  });

  it('a damaged index is reported with its line, not read as something else', () => {
    expect(() => parseIndex('a,b\r\n')).toThrow(IndexFormatError);
    expect(() => parseIndex(`${INDEX_HEADER.join(',')}\r\n1,2023-11-09,12x,p,r,k,m,c,f,h,t,\r\n`)).toThrow(/line 2: 取引金額/);
    expect(() => parseIndex(`${INDEX_HEADER.join(',')}\r\n1,2023-11-09\r\n`)).toThrow(/line 2: expected 12 columns/);
  });

  it('an empty file is an empty index', async () => {
    writeFileSync(path.join(dir, INDEX_FILE), '');
    expect(await readIndex(dir)).toEqual({ encoding: null, rows: [] });
  });
});
