import type { CallRecord } from '@mypage/api';
import { describe, expect, it } from 'vitest';
import { makeBill } from './fixtures.test-util.js';
import { parseThreshold, watchBills } from './watch.js';

const month = (m: string, fibre: number, cloud = 1833) => makeBill(m, { CAF0000000001: [['基本料', fibre, 10]], COP00000001: [['Splashtop Business', cloud, 10]] });
const calls = (m: string, perPhone: Record<string, number>): CallRecord[] =>
  Object.entries(perPhone).map(([from, charge], i) => ({ id: `${m}-${i}`, contractNumber: 'CAF0000000001', startedAt: `${m}-01T10:00:00+09:00`, usageType: 'ひかり電話・県内', from, to: '0638846327', durationSeconds: 60, charge }));

describe('bills watch: newest bill against the average of the months before', () => {
  const previous = [month('2024-03', 10000), month('2024-04', 10000), month('2024-05', 10000)];

  it('nothing rose past 20%: no alarm', () => {
    const r = watchBills({ newest: month('2024-06', 11000), previous, calls: new Map(), threshold: 0.2 });
    expect(r.risen).toEqual([]);
    expect(r.items.find((i) => i.key === 'CAF0000000001')).toMatchObject({ newest: 12100, average: 11000, change: 0.1, risen: false });
  });

  it('a line that doubles is reported with its rise', () => {
    const r = watchBills({ newest: month('2024-06', 20000), previous, calls: new Map(), threshold: 0.2 });
    expect(r.risen.map((i) => [i.kind, i.key, i.newest, i.average, i.change])).toEqual([['contract', 'CAF0000000001', 22000, 11000, 1]]);
  });

  it('exactly at the threshold is not past it', () => {
    expect(watchBills({ newest: month('2024-06', 12000), previous, calls: new Map(), threshold: 0.2 }).risen).toEqual([]);
  });

  it('call charges per phone number; a small rise in yen never alarms (min rise 1,000円)', () => {
    const m = new Map([
      ['2024-04', calls('2024-04', { '0611112222': 500, '0611115555': 1000 })],
      ['2024-05', calls('2024-05', { '0611112222': 600, '0611115555': 1000 })],
      ['2024-06', calls('2024-06', { '0611112222': 1200, '0611115555': 2400 })],
    ]);
    const r = watchBills({ newest: month('2024-06', 10000), previous, calls: m, threshold: 0.2 });
    const phones = r.items.filter((i) => i.kind === 'phone');
    expect(phones.map((p) => [p.key, p.newest, p.average, p.baselineMonths, p.risen])).toEqual([
      ['0611112222', 1200, 550, ['2024-04', '2024-05'], false],
      ['0611115555', 2400, 1000, ['2024-04', '2024-05'], true],
    ]);
    expect(watchBills({ newest: month('2024-06', 10000), previous, calls: m, threshold: 0.2, minRise: 0 }).risen.map((i) => i.key)).toEqual(['0611112222', '0611115555']);
  });

  it('a line that costs nothing before and something now is new (change null) and alarms past the minimum', () => {
    const newest = makeBill('2024-06', { CAF0000000001: [['基本料', 10000, 10]], COP00000001: [['x', 1833, 10]], CAF0000000002: [['新回線', 5000, 10]] });
    const r = watchBills({ newest, previous, calls: new Map(), threshold: 0.2 });
    expect(r.risen.map((i) => [i.key, i.change])).toEqual([['CAF0000000002', null]]);
  });

  it('thresholds: 20% / 20 / 12.5%; anything else is refused', () => {
    expect(parseThreshold('20%')).toBe(0.2);
    expect(parseThreshold('20')).toBe(0.2);
    expect(parseThreshold('12.5%')).toBe(0.125);
    for (const bad of ['', '-5%', 'abc', '20%%', '1e3']) expect(parseThreshold(bad)).toBeNull();
  });
});
