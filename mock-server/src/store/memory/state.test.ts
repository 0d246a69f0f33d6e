import { describe, expect, it } from 'vitest';
import { contractRecord, groupRecord } from '../contract.js';
import type { BillItemRecord, BillRecord, CallRecordRow } from '../schema.js';
import { bucketKey, deepFreeze, groupPartition, State } from './state.js';

/*
 * The in-memory state keeps one object for equal bill items of one load (a data file): at 10,000
 * customers 625,000 item objects became 52,000 (with the other changes of that commit, the heap a
 * full collection walks went from 229 to 118 MB, docs/performance.md). What a reader sees must
 * not change: the records, the data files written from them, their frozenness.
 */

const item = (name: string, amount: number): BillItemRecord => ({ contractNumber: 'CAF0000000001', name, amount, remarks: '', taxRate: 10 });
const bill = (month: string, items: BillItemRecord[]): BillRecord => ({
  billingGroupId: 'g1',
  month,
  billingId: `B${month.replace('-', '')}`,
  issuedOn: '2024-01-09',
  dueDate: '2024-01-26',
  items,
  publishedAt: '2024-01-09T00:00:00.000Z',
});

/** The bills of three months: October and November alike, December with one more line. */
const monthly = () => [
  bill('2023-10', [item('基本料', 4950), item('mediaITサポート24', 3300)]),
  bill('2023-11', [item('基本料', 4950), item('mediaITサポート24', 3300)]),
  bill('2023-12', [item('基本料', 4950), item('mediaITサポート24', 3300), item('工事費', 2200)]),
];

function loaded(bills: BillRecord[]): State {
  const state = new State();
  state.load({ billingGroups: [groupRecord('g1')], contracts: [contractRecord('CAF0000000001', 'g1')], bills });
  return state;
}
const stored = (state: State, month: string) => state.bills.get(bucketKey('g1', month))!;

describe('bills of one load share their equal items (State.load)', () => {
  it('a bill without an items array is loaded as it is (no TypeError at start)', () => {
    const broken = { ...bill('2023-10', []), items: undefined } as unknown as BillRecord;
    const state = loaded([broken, bill('2023-11', [item('基本料', 4950)])]);
    expect(stored(state, '2023-10').items).toBeUndefined();
    expect(stored(state, '2023-11').items).toEqual([item('基本料', 4950)]);
  });

  it('a month whose items equal an earlier month’s keeps that month’s list; equal lines of a different list are one object', () => {
    const state = loaded(monthly());
    const [oct, nov, dec] = ['2023-10', '2023-11', '2023-12'].map((m) => stored(state, m));
    expect(nov!.items).toBe(oct!.items);
    expect(dec!.items).not.toBe(oct!.items);
    expect(dec!.items[0]).toBe(oct!.items[0]);
    expect(dec!.items[1]).toBe(oct!.items[1]);
  });

  it('items that differ in any field are not shared', () => {
    const state = loaded([
      bill('2023-10', [item('基本料', 4950)]),
      bill('2023-11', [item('基本料', 5500)]),
      bill('2023-12', [{ ...item('基本料', 4950), remarks: '日割' }]),
    ]);
    const items = ['2023-10', '2023-11', '2023-12'].map((m) => stored(state, m).items);
    expect(new Set(items.map((list) => list[0])).size).toBe(3);
    expect(items.map((list) => [list[0]!.amount, list[0]!.remarks])).toEqual([
      [4950, ''],
      [5500, ''],
      [4950, '日割'],
    ]);
  });

  it('the records read and the data file written are those loaded, frozen', () => {
    const state = loaded(monthly());
    for (const b of monthly()) expect(stored(state, b.month)).toEqual(b);
    const file = JSON.parse(JSON.stringify(state.partitionData(groupPartition('g1')))) as { bills: BillRecord[] };
    expect(file.bills).toEqual(monthly());
    const nov = stored(state, '2023-11');
    expect(Object.isFrozen(nov.items)).toBe(true);
    expect(Object.isFrozen(nov.items[0])).toBe(true);
  });

  it('a later load shares nothing with an earlier one, and a bill stored frozen is left as it is', () => {
    const state = loaded(monthly().slice(0, 1));
    const first = stored(state, '2023-10');
    state.load({ bills: monthly().slice(1, 2) });
    expect(stored(state, '2023-11').items).toEqual(first.items);
    expect(stored(state, '2023-11').items).not.toBe(first.items);
    // a frozen record (handed to load by a caller who keeps it) is never changed
    const frozen = deepFreeze(bill('2024-01', [item('基本料', 4950)]));
    const itsItems = frozen.items;
    state.load({ bills: [frozen] });
    expect(stored(state, '2024-01')).toBe(frozen);
    expect(stored(state, '2024-01').items).toBe(itsItems);
  });
});

describe('a bucket key kept once for the bills, the call buckets and the call-id index (State.#key)', () => {
  const call = (id: string, month = '2023-10'): CallRecordRow => ({
    id,
    billingGroupId: 'g1',
    contractNumber: 'CAF0000000001',
    month,
    startedAt: `${month}-05T01:00:00.000Z`,
    usageType: '国内通話',
    from: '0612345678',
    to: '0312345678',
    durationSeconds: 60,
    charge: 8,
  });

  it('the calls of a month whose bill was loaded first are found by id, and an id stored already is left out', () => {
    const state = loaded(monthly());
    state.loadCalls([call('c1'), call('c2')]);
    state.loadCalls([call('c2'), call('c3'), call('c4', '2023-11')]);
    expect(state.callRows('g1', '2023-10').all().map((r) => r.id)).toEqual(['c1', 'c2', 'c3']);
    expect(state.callRows('g1', '2023-11').all().map((r) => r.id)).toEqual(['c4']);
    for (const id of ['c1', 'c2', 'c3', 'c4']) expect(state.callIds.has(id)).toBe(true);
    expect(state.callIds.has('c5')).toBe(false);
    expect(stored(state, '2023-10').month).toBe('2023-10');
  });
});
