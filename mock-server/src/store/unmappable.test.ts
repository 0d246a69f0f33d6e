import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callRow, contractRecord, freshUnmappable, groupRecord } from './contract.js';
import { MemoryEngine } from './memory/engine.js';
import type { CallQuery, StoreEngine } from './repositories.js';
import { emptyData, type CallRecordRow } from './schema.js';
import { scratchStores } from './scratch.test-util.js';

/*
 * D-5 in the memory and JSON engines: the count of the characters Shift_JIS cannot write is kept
 * with each group's month in memory, counted as the rows come in — at an import, and when a data
 * file is loaded. The data files hold no count, so a folder written by any release (or by a script
 * writing the engine's format, as the benches do) opens with the counts right.
 */

const { tmp, open, close, keep } = scratchStores('unmappable');

const call = (id: string, startedAt: string, over: Partial<CallRecordRow> = {}) => callRow(id, 'g1', 'CAF0000000011', startedAt, over);

const QUERIES: CallQuery[] = [
  { billingGroupId: 'g1', month: '2023-12' },
  { billingGroupId: 'g1', month: '2023-12', contractNumber: 'CAF0000000011' },
  { billingGroupId: 'g1', month: '2023-12', contractNumber: 'COP00000012' },
  { billingGroupId: 'g1', month: '2023-12', from: '0611115555' },
  { billingGroupId: 'g1', month: '2024-01' },
];

async function expectCounts(e: StoreEngine, expected: number[]): Promise<void> {
  const got: number[] = [];
  for (const q of QUERIES) {
    const n = await e.callRecords.unmappable(q);
    expect(n, JSON.stringify(q)).toBe(await freshUnmappable(e.callRecords.stream(q)));
    got.push(n);
  }
  expect(got).toEqual(expected);
}

describe('JSON engine: the unmappable count of a data folder (D-5)', () => {
  it('a folder whose call-record files hold no count (an older release, a bench writer) opens with the counts right; imports add to them, and a restart keeps them', async () => {
    const dir = tmp();
    const e = await open(dir);
    await e.billingGroups.create(groupRecord('g1'), [contractRecord('CAF0000000011', 'g1'), contractRecord('COP00000012', 'g1', 'other')]);
    await close(e);
    // the month's file written straight in the engine's format, as an older release wrote it
    const file = path.join(dir, 'calls', '2023-12', 'g1.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      JSON.stringify({
        callRecords: [
          call('a1', '2023-12-01T00:00:00.000Z', { to: '😀0612345678' }),
          call('a2', '2023-12-01T01:00:00.000Z', { from: '0611115555', to: '〜−‖—¢£¬①' }),
          call('a3', '2023-12-01T02:00:00.000Z', { contractNumber: 'COP00000012', from: '0611115555', to: '𠮷野家😀' }),
        ],
      }),
    );

    const reopened = await open(dir);
    await expectCounts(reopened, [3, 1, 2, 2, 0]);
    await reopened.callRecords.import([call('b1', '2023-12-05T00:00:00.000Z', { contractNumber: 'COP00000012', to: '😀😀' }), call('b2', '2024-01-02T00:00:00.000Z', { to: '😀' })]);
    await expectCounts(reopened, [5, 1, 4, 2, 1]);
    await close(reopened);
    // what the engine wrote back is the records alone: the count is derived, never stored
    expect(readFileSync(file, 'utf8')).not.toContain('unmappable');

    const again = await open(dir);
    await expectCounts(again, [5, 1, 4, 2, 1]);
  });

  it('the memory engine counts the rows of a loaded data graph and of each import', async () => {
    const data = { ...emptyData(), billingGroups: [groupRecord('g1')], contracts: [contractRecord('CAF0000000011', 'g1'), contractRecord('COP00000012', 'g1', 'other')] };
    data.callRecords.push(call('a1', '2023-12-01T00:00:00.000Z', { to: '😀' }), call('a2', '2023-12-01T00:00:00.000Z', { from: '0611115555', to: '😀😀' }));
    const e = await MemoryEngine.create(data);
    keep(e);
    await expectCounts(e, [3, 3, 0, 2, 0]);
    await e.callRecords.import([call('b1', '2023-12-02T00:00:00.000Z', { contractNumber: 'COP00000012', usageType: 'PSTN・県内', to: '😀' })]);
    await expectCounts(e, [4, 3, 1, 2, 0]);
  });
});
