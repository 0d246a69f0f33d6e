import type { CallRecord } from '@mypage/api';
import { describe, expect, it } from 'vitest';
import { summariseCalls } from './calls-summary.js';
import { makeBill, MIXED, OCT } from './fixtures.test-util.js';
import { parseAccountMapping, parseDepartmentMap, MappingError } from './mapping.js';
import { ADJUSTMENT_KEY, summariseBills, UNMAPPED_DEPARTMENT } from './summary.js';

describe('bills summary: contracts × months reconcile with the bills (R-FMT-9)', () => {
  it('each contract\'s 小計 per month, the invoice\'s rounding adjustment as its own row, columns = bill totals', () => {
    const s = summariseBills([MIXED, OCT]);
    expect(s.months).toEqual(['2023-10', '2024-07']);
    expect(s.rows.map((r) => r.key)).toEqual(['CAF0000000001', 'COP00000001', ADJUSTMENT_KEY]);
    expect(MIXED.roundingAdjustment).toBeGreaterThan(0); // the fixture exercises the invoice-level rounding
    for (const m of s.months) expect(s.rows.reduce((t, r) => t + r.byMonth[m]!, 0)).toBe(s.totals[m]);
    expect(s.totals).toEqual({ '2023-10': 5646, '2024-07': MIXED.total });
    expect(s.rows.find((r) => r.key === ADJUSTMENT_KEY)!.byMonth).toEqual({ '2023-10': 0, '2024-07': MIXED.roundingAdjustment });
    expect(s.grandTotal).toBe(5646 + MIXED.total);
  });

  it('a department map groups contracts; unmapped ones are (未設定)', () => {
    const s = summariseBills([OCT], new Map([['CAF0000000001', '営業部']]));
    expect(s.rows.map((r) => [r.key, r.label, r.total])).toEqual([
      ['営業部', 'CAF0000000001', 3630],
      [UNMAPPED_DEPARTMENT, 'COP00000001', 2016],
    ]);
  });

  it('a contract missing in a month counts 0 there', () => {
    const s = summariseBills([OCT, makeBill('2023-11', { CAF0000000001: [['x', 1000, 10]] })]);
    expect(s.rows.find((r) => r.key === 'COP00000001')!.byMonth['2023-11']).toBe(0);
  });
});

const call = (from: string, usageType: string, durationSeconds: number, charge: number): CallRecord => ({
  id: `${from}-${durationSeconds}`, contractNumber: 'CAF0000000001', startedAt: '2023-12-01T10:19:00+09:00', usageType, from, to: '0638846327', durationSeconds, charge,
});

describe('calls summary (D-2 charges as recorded)', () => {
  const records = [call('0611115555', 'ひかり電話・県内', 34, 8), call('0611115555', '移動体', 5, 16), call('0611112222', 'ひかり電話・県内', 186, 16)];

  it('per phone: counts, minutes and charges equal the sums of the records', () => {
    const s = summariseCalls(records, 'phone');
    expect(s.rows).toEqual([
      { key: '0611112222', calls: 1, durationSeconds: 186, minutes: 3.1, charge: 16 },
      { key: '0611115555', calls: 2, durationSeconds: 39, minutes: 0.7, charge: 24 },
    ]);
    expect(s.total).toMatchObject({ calls: 3, durationSeconds: 225, charge: 40 });
  });

  it('per usage type, and per department through the map', () => {
    expect(summariseCalls(records, 'type').rows.map((r) => [r.key, r.charge])).toEqual([['ひかり電話・県内', 24], ['移動体', 16]]);
    const byDept = summariseCalls(records, 'phone', parseDepartmentMap('0611-11-5555,営業部\n'));
    expect(byDept.by).toBe('department');
    expect(byDept.rows.map((r) => [r.key, r.charge])).toEqual([['(未設定)', 16], ['営業部', 24]]);
  });
});

describe('mapping files', () => {
  it('department map: CSV / TSV lines with comments, 2N prefix dropped, or JSON', () => {
    const m = parseDepartmentMap('\uFEFF# 部門表\n2NCAF0000000001,営業部\ncop00000001\t"総務部"\n\n');
    expect([...m]).toEqual([['CAF0000000001', '営業部'], ['COP00000001', '総務部']]);
    expect([...parseDepartmentMap('{"0611115555":"営業部"}')]).toEqual([['0611115555', '営業部']]);
    expect(() => parseDepartmentMap('CAF0000000001\n')).toThrow(/line 1/);
  });

  it('account mapping: known keys only, non-empty names', () => {
    expect(parseAccountMapping('{"debit":{"account":"通信費","department":"総務部"},"credit":{"account":"普通預金"},"taxCategories":{"10":"課仕 10%"}}')).toEqual({
      debit: { account: '通信費', department: '総務部' },
      credit: { account: '普通預金' },
      taxCategories: { '10': '課仕 10%' },
    });
    expect(() => parseAccountMapping('{"debit":{"acount":"通信費"}}')).toThrow(MappingError);
    expect(() => parseAccountMapping('{"credit":{"account":""}}')).toThrow(/non-empty/);
    expect(() => parseAccountMapping('not json')).toThrow(/not JSON/);
  });
});
