import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { csvText, encodeCsv, EncodingError } from './csv.js';
import { FORMAT_SPECS, FREEE_HEADER, journalRows, MONEYFORWARD_HEADER, YAYOI_HEADER, type JournalFormat } from './formats.js';
import { journalEntries, JournalError, type JournalSettings } from './journal.js';
import { makeBill, MIXED, OCT } from './fixtures.test-util.js';

const settings: JournalSettings = { dateBasis: 'issue', debit: { account: '通信費' }, credit: { account: '未払金' } };

/** Parse a written file back: CP932 bytes → rows. */
function readBack(bytes: Buffer, encoding: 'cp932' | 'utf8' = 'cp932'): string[][] {
  return parse(encoding === 'cp932' ? iconv.decode(bytes, 'cp932') : bytes.toString('utf8'), { relax_column_count: false, record_delimiter: '\r\n' });
}

/** Debit and credit amounts of each written row, per format. */
const AMOUNT_COLUMNS: Record<JournalFormat, { entry: number; debit: number; credit: number; debitTax: number; creditTax: number; taxName: number }> = {
  yayoi: { entry: -1, debit: 8, credit: 14, debitTax: 9, creditTax: 15, taxName: 7 },
  moneyforward: { entry: 0, debit: 8, credit: 16, debitTax: 9, creditTax: 17, taxName: 6 },
  freee: { entry: 1, debit: 5, credit: 12, debitTax: 6, creditTax: 13, taxName: 4 },
};

describe('journal entries of bills (R-FMT-9 amounts as the bill states them)', () => {
  it('one entry per bill, one line per tax rate; lines add up to the bill total', () => {
    const [oct, mixed] = journalEntries([MIXED, OCT], settings);
    expect(oct).toMatchObject({ no: 1, month: '2023-10', date: '2023-11-09', total: 5646, lines: [{ rate: 10, amount: 5646, tax: 513 }] });
    expect(mixed!.lines.map((l) => l.rate)).toEqual([10, 8]);
    expect(mixed!.lines.reduce((s, l) => s + l.amount, 0)).toBe(MIXED.total);
    expect(mixed!.lines.map((l) => l.tax)).toEqual(MIXED.taxes.map((t) => t.tax));
  });

  it('the entry date is the issue date, the billing month\'s last day or the due date', () => {
    expect(journalEntries([OCT], { ...settings, dateBasis: 'month-end' })[0]!.date).toBe('2023-10-31');
    expect(journalEntries([OCT], { ...settings, dateBasis: 'due' })[0]!.date).toBe('2023-11-27');
  });

  it('a bill whose tax lines do not add up to its total is refused, not booked', () => {
    expect(() => journalEntries([{ ...OCT, total: OCT.total + 1 }], settings)).toThrow(JournalError);
  });

  it('a credit (negative rate total) books the expense on the credit side, amounts positive', () => {
    const credit = makeBill('2024-08', { CAF0000000001: [['通信費', 1000, 10], ['返金（軽減）', -2000, 8]] });
    const [e] = journalEntries([credit], settings);
    expect(e!.lines).toEqual([
      { rate: 10, amount: 1100, tax: 100, reversed: false },
      { rate: 8, amount: 2160, tax: 160, reversed: true },
    ]);
    const rows = journalRows('moneyforward', [e!], settings).slice(1);
    expect(rows[1]!.slice(2, 4)).toEqual(['未払金', '']);
    expect(rows[1]![10]).toBe('通信費');
    expect(rows[1]![14]).toBe('課税仕入 (軽)8%');
  });
});

describe.each(['freee', 'moneyforward', 'yayoi'] as const)('%s import file', (format) => {
  const spec = FORMAT_SPECS[format];
  const entries = journalEntries([OCT, MIXED], settings);
  const bytes = encodeCsv(csvText(journalRows(format, entries, settings)), 'cp932');
  const rows = readBack(bytes);
  const body = spec.header ? rows.slice(1) : rows;
  const col = AMOUNT_COLUMNS[format];

  it('header and column count as the vendor specifies them', () => {
    const expected = { freee: FREEE_HEADER, moneyforward: MONEYFORWARD_HEADER, yayoi: null }[format];
    if (expected) expect(rows[0]).toEqual([...expected]);
    else expect(rows[0]![0]).toBe('2000'); // 弥生: no header, data from the first line
    expect(new Set(rows.map((r) => r.length))).toEqual(new Set([format === 'yayoi' ? YAYOI_HEADER.length : spec.columns]));
    expect({ freee: 18, moneyforward: 27, yayoi: 25 }[format]).toBe(spec.columns);
  });

  it('CRLF line ends, CP932 bytes (round trip to the same text)', () => {
    expect(bytes.includes(Buffer.from('\r\n'))).toBe(true);
    expect(iconv.decode(bytes, 'cp932').split('\r\n').filter(Boolean)).toHaveLength(rows.length);
    expect(bytes.includes(Buffer.from('通信費', 'utf8'))).toBe(false);
    expect(bytes.includes(iconv.encode('通信費', 'cp932'))).toBe(true);
  });

  it('debit = credit on every row, and the rows add up to the bills\' totals to the yen', () => {
    for (const r of body) expect(r[col.debit]).toBe(r[col.credit]);
    expect(body.reduce((s, r) => s + Number(r[col.debit]), 0)).toBe(OCT.total + MIXED.total);
    const taxes = body.reduce((s, r) => s + Number(r[col.debitTax] || 0) + Number(r[col.creditTax] || 0), 0);
    expect(taxes).toBe([...OCT.taxes, ...MIXED.taxes].reduce((s, t) => s + t.tax, 0));
  });

  it('10% and 8% (軽減) lines carry the product\'s own tax category names', () => {
    const names = body.map((r) => r[col.taxName]);
    const want = {
      freee: ['課対仕入10%', '課対仕入10%', '課対仕入8%(軽)'],
      moneyforward: ['課税仕入 10%', '課税仕入 10%', '課税仕入 (軽)8%'],
      // 2023-10 is booked on 2023-11-09: after the invoice system started, so 適格
      yayoi: ['課対仕入内10%適格', '課対仕入内10%適格', '課対仕入内軽減8%適格'],
    }[format];
    expect(names).toEqual(want);
  });
});

describe('format details', () => {
  it('弥生: 識別フラグ 2000 for a one-line entry, 2110 … 2101 for a multi-line one; タイプ 0, 調整 no', () => {
    const three = makeBill('2024-09', { CAF0000000001: [['a', 1000, 10], ['b', 1000, 8], ['c', 500, 0]] });
    const rows = journalRows('yayoi', journalEntries([OCT, three], settings), settings);
    expect(rows.map((r) => r[0])).toEqual(['2000', '2110', '2100', '2101']);
    expect(rows.map((r) => r[3])).toEqual(['2023/11/09', '2024/10/09', '2024/10/09', '2024/10/09']);
    expect(rows[3]!.slice(7, 10)).toEqual(['対象外', '500', '']);
    for (const r of rows) expect([r[19], r[24]]).toEqual(['0', 'no']);
  });

  it('弥生: before the invoice system (2023-10-01) the tax category has no 適格', () => {
    const july = makeBill('2023-07', { CAF0000000001: [['a', 3300, 10]] });
    const rows = journalRows('yayoi', journalEntries([july], { ...settings, dateBasis: 'month-end' }), settings);
    expect(rows[0]![7]).toBe('課対仕入内10%');
  });

  it('マネーフォワード: rows of one bill share 取引No and 取引日; インボイス 適格; 取引先 on the payment side', () => {
    const rows = journalRows('moneyforward', journalEntries([OCT, MIXED], settings), settings).slice(1);
    expect(rows.map((r) => `${r[0]} ${r[1]}`)).toEqual(['1 2023/11/09', '2 2024/08/09', '2 2024/08/09']);
    expect(rows[0]![7]).toBe('適格');
    expect(rows[0]![13]).toBe('日本メディアシステム株式会社');
  });

  it('取引先 is the issuer each bill prints (D-10 bill.issuer.name); a mapping file\'s partner overrides it', () => {
    const renamed = { ...MIXED, issuer: { ...MIXED.issuer, name: '新社名株式会社' } };
    const entries = journalEntries([OCT, renamed], settings);
    expect(entries.map((e) => e.partner)).toEqual([OCT.issuer.name, '新社名株式会社']);
    expect(entries[1]!.description).toMatch(/^新社名 /);
    const fr = journalRows('freee', entries, settings).slice(1);
    expect(fr.map((r) => r[14])).toEqual([OCT.issuer.name, '新社名株式会社', '新社名株式会社']);
    const mapped = journalEntries([OCT, renamed], { ...settings, partner: 'NMS' });
    expect(mapped.map((e) => e.partner)).toEqual(['NMS', 'NMS']);
  });

  it('accounts, 補助科目, 部門 and tax names come from the settings / mapping', () => {
    const s: JournalSettings = { ...settings, debit: { account: '通信費', subAccount: '光回線', department: '総務部' }, credit: { account: '普通預金', subAccount: 'みずほ' } };
    const mf = journalRows('moneyforward', journalEntries([OCT], s), s, { '10': '課仕 10%' })[1]!;
    expect(mf.slice(2, 7)).toEqual(['通信費', '光回線', '総務部', '', '課仕 10%']);
    expect(mf.slice(10, 12)).toEqual(['普通預金', 'みずほ']);
    const fr = journalRows('freee', journalEntries([OCT], s), s)[1]!;
    expect(fr.slice(3, 10)).toEqual(['通信費', '課対仕入10%', '5646', '513', '', '光回線', '総務部']);
  });

  it('a name CP932 cannot write is an error naming the character, never a silent ?', () => {
    expect(() => encodeCsv(csvText([['通信費', '🍣']]), 'cp932')).toThrow(EncodingError);
    expect(encodeCsv(csvText([['髙橋', '①']]), 'cp932').length).toBeGreaterThan(0);
    expect(encodeCsv(csvText([['🍣']]), 'utf8').toString('utf8')).toBe('🍣\r\n');
  });

  it('fields with commas or quotes are quoted (RFC 4180)', () => {
    expect(csvText([['a,b', 'say "hi"', 'plain']])).toBe('"a,b","say ""hi""",plain\r\n');
  });
});
