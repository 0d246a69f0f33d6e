import { describe, expect, it } from 'vitest';
import { MemoryEngine } from '../store/memory/engine.js';
import { emptyData } from '../store/schema.js';
import { computeBill } from './bills.js';
import { callCharge } from './call-charges.js';
import { spellOut } from './kana-spelling.js';
import { taxLines, taxOf } from './tax.js';

describe('tax (R-FMT-9)', () => {
  it('is computed once per rate on the summed amounts and rounded down', () => {
    expect(taxLines([{ amount: 3300, taxRate: 10 }])).toEqual([{ rate: 10, taxableTotal: 3300, tax: 330 }]);
    expect(taxLines([{ amount: 1833, taxRate: 10 }, { amount: 1257, taxRate: 10 }, { amount: 999, taxRate: 8 }, { amount: 500, taxRate: 0 }])).toEqual([
      { rate: 10, taxableTotal: 3090, tax: 309 },
      { rate: 8, taxableTotal: 999, tax: 79 },
      { rate: 0, taxableTotal: 500, tax: 0 },
    ]);
    expect(taxOf(-1833, 10)).toBe(-183);
    expect(taxOf(0, 10)).toBe(0);
  });

  it('a bill with two contracts: per-contract taxes 183 + 125, invoice tax 309, rounding adjustment 1', async () => {
    const store = await MemoryEngine.create(emptyData());
    const group = { id: 'g', customerNumber: '2N123456789', name: 'テスト', kana: 'テスト', bank: { name: 'b', branch: '', accountNumber: '1234' }, paperStop: { openingNotice: null, directDebit: null }, callRecordsFrom: null };
    const bill = await computeBill(store, group, {
      billingGroupId: 'g',
      month: '2024-02',
      billingId: 'B1',
      issuedOn: '2024-03-09',
      dueDate: '2024-03-27',
      publishedAt: '2024-03-09T00:00:00.000Z',
      items: [
        { contractNumber: '123456789', name: 'A', amount: 1833, remarks: '', taxRate: 10 },
        { contractNumber: '1234567890', name: 'B', amount: 1257, remarks: '', taxRate: 10 },
      ],
    });
    expect(bill.contracts.map((c) => [c.taxes[0]!.tax, c.subtotal])).toEqual([[183, 2016], [125, 1382]]);
    expect(bill.taxes).toEqual([{ rate: 10, taxableTotal: 3090, tax: 309 }]);
    expect(bill.roundingAdjustment).toBe(1);
    expect(bill.total).toBe(3399);
    expect(bill.billingPeriod).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
});

describe('call charges (D-2)', () => {
  it('reproduces the guide’s sample charges', () => {
    expect(callCharge('ひかり電話・県内', 34)).toBe(8);
    expect(callCharge('PSTN・県間', 62)).toBe(8);
    expect(callCharge('PSTN・県間', 186)).toBe(16);
    expect(callCharge('ひかり電話・県内', 72)).toBe(8);
    expect(callCharge('ひかり電話・県内', 59)).toBe(8);
    expect(callCharge('移動体', 5)).toBe(16);
  });
  it('charges per started unit, nothing for 0 seconds, and refuses an unknown usage type', () => {
    expect(callCharge('ひかり電話・県間', 180)).toBe(8);
    expect(callCharge('ひかり電話・県間', 181)).toBe(16);
    expect(callCharge('移動体', 60)).toBe(16);
    expect(callCharge('移動体', 61)).toBe(32);
    expect(callCharge('PSTN・県内', 0)).toBe(0);
    expect(() => callCharge('国際', 10)).toThrow(/rate table/);
  });
});

describe('katakana spelling (D-9)', () => {
  it('spells the customer ID and the access key, marking lowercase letters', () => {
    expect(spellOut('CAF0000000001')).toBe('シー・エー・エフ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・イチ');
    expect(spellOut('aaAA1234')).toBe('エー(小)・エー(小)・エー・エー・イチ・ニ・サン・ヨン');
    expect(spellOut('BUEdeJWm')).toBe('ビー・ユー・イー・ディー(小)・イー(小)・ジェー・ダブリュー・エム(小)');
  });
});
