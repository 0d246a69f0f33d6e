import { describe, expect, it } from 'vitest';
import { emptyData } from '../store/schema.js';
import { seedDemo } from './demo.js';
import { generateData } from './generate.js';

describe('seed generator (benchmarks)', () => {
  it('is deterministic for a seed and scales with the knobs', () => {
    const a = emptyData();
    const b = emptyData();
    generateData(a, { customers: 5, months: 3, callsPerLine: 20, seed: 9 });
    generateData(b, { customers: 5, months: 3, callsPerLine: 20, seed: 9 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = emptyData();
    generateData(c, { customers: 5, months: 3, callsPerLine: 20, seed: 10 });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
    expect(a.billingGroups).toHaveLength(5);
    expect(a.bills).toHaveLength(15);
    const lines = a.contracts.reduce((n, k) => n + k.hikariPhone.length, 0);
    expect(a.callRecords).toHaveLength(lines * 3 * 20);
    expect(new Set(a.callRecords.map((r) => r.id)).size).toBe(a.callRecords.length);
  });

  it('demo data (D-7) is the same on every run', async () => {
    const a = emptyData();
    const b = emptyData();
    await seedDemo(a);
    await seedDemo(b);
    const strip = (d: typeof a) => JSON.stringify({ ...d, accounts: [] }); // password hashes are salted
    expect(strip(a)).toBe(strip(b));
    expect(a.bills.filter((x) => x.billingGroupId === 'bg_a').map((x) => x.month)).toEqual([
      '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12', '2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06',
    ]);
  });
});
