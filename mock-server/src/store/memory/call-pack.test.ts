import { describe, expect, it } from 'vitest';
import type { CallRecordRow } from '../schema.js';
import { CHUNK_ROWS, compareCallRows, PackedRows, TextTable } from './call-pack.js';

const row = (i: number, over: Partial<CallRecordRow> = {}): CallRecordRow => ({
  id: `c${String(i).padStart(7, '0')}`,
  billingGroupId: 'bg_a',
  contractNumber: `CAF00000000${i % 3}`,
  month: '2023-12',
  startedAt: new Date(Date.UTC(2023, 11, 1) + Math.floor(i / 2) * 60_000).toISOString(),
  usageType: i % 2 === 0 ? 'PSTN・県内' : '移動体',
  from: `061111${String(i % 5).padStart(4, '0')}`,
  to: `0312${String(i).padStart(6, '0')}`,
  durationSeconds: i % 600,
  charge: (i % 97) * 1.5,
  ...over,
});

describe('packed call rows (call-pack.ts, the memory and JSON engines)', () => {
  it('gives back every row as stored, in (startedAt, id) order, whatever order they came in', () => {
    const rows = Array.from({ length: 200 }, (_, i) => row(i));
    const shuffled = [...rows].sort((a, b) => (a.id.charCodeAt(7) % 7) - (b.id.charCodeAt(7) % 7) || b.id.localeCompare(a.id));
    const packed = PackedRows.pack('bg_a', '2023-12', new TextTable(), shuffled);
    expect(packed.length).toBe(200);
    expect(packed.all()).toEqual([...rows].sort(compareCallRows));
    expect(packed.row(17)).toEqual([...rows].sort(compareCallRows)[17]);
  });

  it('keeps texts with a backslash, a tab or a line feed (a data file may hold anything), and any character', () => {
    const odd = [
      row(1, { id: 'a\tb', to: 'x\\ty\n', startedAt: '2023-12-01T00:00:00.000Z' }),
      row(2, { id: 'a\\', to: '\\\\n', usageType: 'u\tv', from: 'f\nrom' }),
      row(3, { to: '髙﨑😀', contractNumber: 'C\\t' }),
      row(4, { to: '', usageType: '' }),
    ];
    const packed = PackedRows.pack('bg\ta', '2023\n12', new TextTable(), [...odd]);
    expect(packed.all()).toEqual([...odd].map((r) => ({ ...r, billingGroupId: 'bg\ta', month: '2023\n12' })).sort(compareCallRows));
  });

  it(`splits a month into chunks of ${CHUNK_ROWS} rows: rows, search and sums across the boundaries`, () => {
    const n = 2 * CHUNK_ROWS + 5;
    const rows = Array.from({ length: n }, (_, i) => row(i));
    const packed = PackedRows.pack('bg_a', '2023-12', new TextTable(), [...rows]);
    expect(packed.length).toBe(n);
    for (const i of [0, CHUNK_ROWS - 1, CHUNK_ROWS, CHUNK_ROWS + 1, 2 * CHUNK_ROWS - 1, 2 * CHUNK_ROWS, n - 1]) expect(packed.row(i)).toEqual(rows[i]);
    for (const i of [0, CHUNK_ROWS - 1, CHUNK_ROWS, 2 * CHUNK_ROWS + 2, n - 1]) expect(packed.firstAfter(rows[i]!)).toBe(i + 1);
    expect(packed.firstAfter({ startedAt: '', id: '' })).toBe(0);
    expect(packed.firstAfter({ startedAt: '9999', id: '' })).toBe(n);
    // between two rows of the same minute: after the first, before the second
    expect(packed.firstAfter({ startedAt: rows[CHUNK_ROWS]!.startedAt, id: `${rows[CHUNK_ROWS]!.id}~` })).toBe(CHUNK_ROWS + 1);
    const sums = new Map<string, { count: number; sum: number }>();
    for (const r of rows) {
      const e = sums.get(r.contractNumber) ?? { count: 0, sum: 0 };
      sums.set(r.contractNumber, { count: e.count + 1, sum: e.sum + r.charge });
    }
    const packedSums = new Map([...packed.chargesByContract()].map(([id, e]) => [packed.table.text(id), e]));
    expect(packedSums).toEqual(sums);
  });

  it('names each repeated text by one number in the table shared by every month, and filters on those numbers', () => {
    const table = new TextTable();
    const a = PackedRows.pack('bg_a', '2023-12', table, [row(0), row(1), row(3)]);
    const b = PackedRows.pack('bg_b', '2024-01', table, [row(3, { billingGroupId: 'bg_b', month: '2024-01' })]);
    expect(table.find('CAF000000000')).toBe(a.keys(0).contract);
    expect(b.keys(0).contract).toBe(a.keys(2).contract);
    expect(table.find('never stored')).toBe(-1);
    expect(a.keys(1).from).toBe(table.find(row(1).from));
  });

  it('an empty month has no rows, and its search ends at once', () => {
    const packed = PackedRows.empty('bg_a', '2023-12', new TextTable());
    expect(packed.length).toBe(0);
    expect(packed.all()).toEqual([]);
    expect(packed.firstAfter({ startedAt: 'x', id: 'y' })).toBe(0);
    expect([...packed.chargesByContract()]).toEqual([]);
  });
});
