import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateUpTo, postgresForFile } from '../../../test/helpers/postgres-for-file.js';
import { dbCommand } from '../db-command.js';
import { seedDemo } from '../seed/demo.js';
import { testHasher } from '../testing/app.js';
import { callRow, contractRecord, freshUnmappable, groupRecord } from './contract.js';
import { JsonEngine } from './json/engine.js';
import { PostgresEngine } from './postgres/engine.js';
import type { CallQuery } from './repositories.js';
import { emptyData, type CallRecordRow } from './schema.js';

/*
 * D-5 on PostgreSQL: the count of the characters Shift_JIS cannot write, kept per call record
 * (migration 005, column `unmappable`): filled for the rows of a database migrated before it,
 * written by `db copy`, and summed over the partial index under the export's WHERE.
 */

const { freshDatabase } = postgresForFile('u');

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}


/** Rows with characters CP932 cannot write in every text cell a row has, and rows without. */
const rows = (group: string, contract: string): CallRecordRow[] => [
  callRow(`${group}-1`, group, contract, '2023-12-01T00:00:00.000Z', { to: '😀0612345678' }),
  callRow(`${group}-2`, group, contract, '2023-12-01T01:00:00.000Z', { from: '0611115555', to: '〜−‖①' }),
  callRow(`${group}-3`, group, contract, '2023-12-01T02:00:00.000Z', { from: '𠮷0611115555', to: '𠮷野家😀😀' }),
  callRow(`${group}-4`, group, contract, '2023-12-01T03:00:00.000Z', { usageType: 'PSTN・県内' }),
  callRow(`${group}-5`, group, contract, '2024-01-01T03:00:00.000Z', { to: '😀' }),
];

const queriesOf = (group: string, contract: string): CallQuery[] => [
  { billingGroupId: group, month: '2023-12' },
  { billingGroupId: group, month: '2023-12', contractNumber: contract },
  { billingGroupId: group, month: '2023-12', from: '0611115555' },
  { billingGroupId: group, month: '2023-12', from: '𠮷0611115555' },
  { billingGroupId: group, month: '2024-01' },
  { billingGroupId: group, month: '2024-02' },
];

describe('migration 005 on a database that already holds call records', () => {
  it('counts the rows stored before it exactly as the encoder replaces; an INSERT without the count is refused', async () => {
    const url = await freshDatabase();
    // the schema as the previous release left it, with its rows (no count column yet)
    await migrateUpTo(url, 4);
    const old = [...rows('g1', 'CAF0000000011'), ...rows('g2', 'CAF0000000021').slice(0, 2)];
    await withClient(url, async (c) => {
      await c.query("INSERT INTO billing_groups (id, customer_number, name, kana, bank, paper_stop, call_records_from) VALUES ('g1', '2Ng1', 'g1', 'ジー', '{}', '{}', '2023-12'), ('g2', '2Ng2', 'g2', 'ジー', '{}', '{}', '2023-12')");
      for (const r of old) {
        await c.query('INSERT INTO call_records (id, billing_group_id, contract_number, month, started_at, usage_type, from_number, to_number, duration_seconds, charge) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)', [
          r.id, r.billingGroupId, r.contractNumber, r.month, r.startedAt, r.usageType, r.from, r.to, r.durationSeconds, r.charge,
        ]);
      }
    });

    const engine = await PostgresEngine.open(url); // migrates to the newest
    try {
      const stored = await withClient(url, async (c) => (await c.query<{ id: string; unmappable: number }>('SELECT id, unmappable FROM call_records ORDER BY id')).rows);
      expect(stored).toEqual(await Promise.all([...old].sort((a, b) => (a.id < b.id ? -1 : 1)).map(async (r) => ({ id: r.id, unmappable: await freshUnmappable([r]) }))));
      expect(stored.map((r) => r.unmappable)).toEqual([1, 0, 4, 0, 1, 1, 0]);
      for (const q of [...queriesOf('g1', 'CAF0000000011'), ...queriesOf('g2', 'CAF0000000021')]) {
        expect(await engine.callRecords.unmappable(q), JSON.stringify(q)).toBe(await freshUnmappable(engine.callRecords.stream(q)));
      }
      // rows imported after the migration carry their count too
      await engine.callRecords.import([callRow('g2-9', 'g2', 'CAF0000000021', '2023-12-05T00:00:00.000Z', { to: '😀😀😀' })]);
      expect(await engine.callRecords.unmappable({ billingGroupId: 'g2', month: '2023-12' })).toBe(4);
      // the column has no default: a write path that forgot the count would fail, not store 0
      await expect(
        withClient(url, (c) =>
          c.query("INSERT INTO call_records (id, billing_group_id, contract_number, month, started_at, usage_type, from_number, to_number, duration_seconds, charge) VALUES ('x', 'g1', 'CAF0000000011', '2023-12', now(), 'a', 'b', 'c', 1, 1)"),
        ),
      ).rejects.toMatchObject({ code: '23502' });
    } finally {
      await engine.close();
    }
  });

  it('the export’s sum reads the partial index of the rows that have a count, not the month', async () => {
    const url = await freshDatabase();
    const engine = await PostgresEngine.open(url);
    try {
      await engine.billingGroups.create(groupRecord('g1'), [contractRecord('CAF0000000011', 'g1')]);
      const month = Array.from({ length: 5000 }, (_, i) => callRow(`m${String(i).padStart(5, '0')}`, 'g1', 'CAF0000000011', new Date(Date.UTC(2023, 11, 1) + i * 60_000).toISOString(), i % 1000 === 7 ? { to: '😀' } : {}));
      await engine.callRecords.import(month);
      await withClient(url, (c) => c.query('ANALYZE call_records'));
      const plan = await withClient(url, async (c) =>
        JSON.stringify(
          (await c.query("EXPLAIN (FORMAT JSON) SELECT coalesce(sum(unmappable), 0)::text AS n FROM call_records WHERE billing_group_id = 'g1' AND month = '2023-12' AND contract_number = 'CAF0000000011' AND unmappable > 0")).rows,
        ),
      );
      expect(plan).toContain('call_records_unmappable');
      expect(await engine.callRecords.unmappable({ billingGroupId: 'g1', month: '2023-12' })).toBe(5);
    } finally {
      await engine.close();
    }
  });
});

describe('db copy', () => {
  it('a data folder copied into PostgreSQL answers the same counts as the folder, and both equal a fresh count', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-copy-sjis-'));
    try {
      const data = emptyData();
      await seedDemo(data, testHasher);
      const group = data.billingGroups[0]!.id;
      const contract = data.contracts.find((c) => c.billingGroupId === group)!.contractNumber;
      data.callRecords.push(...rows(group, contract));
      const json = await JsonEngine.open(dir);
      await json.load(data);
      await json.callRecords.import([callRow('late-1', group, contract, '2023-12-09T00:00:00.000Z', { from: '0611115555', to: '😀' })]);
      await json.close();

      const url = await freshDatabase();
      const out = new Writable({ write: (_chunk, _enc, done) => done() });
      expect(await dbCommand(['copy', '--from', dir, '--to', url], {}, out, out)).toBe(0);
      const source = await JsonEngine.open(dir);
      const target = await PostgresEngine.open(url);
      try {
        const months = [...new Set(data.callRecords.map((r) => `${r.billingGroupId}|${r.month}`))].map((k) => k.split('|') as [string, string]);
        const queries: CallQuery[] = [...queriesOf(group, contract), ...months.map(([billingGroupId, month]) => ({ billingGroupId, month }))];
        let total = 0;
        for (const q of queries) {
          const fresh = await freshUnmappable(source.callRecords.stream(q));
          expect([await source.callRecords.unmappable(q), await target.callRecords.unmappable(q)], JSON.stringify(q)).toEqual([fresh, fresh]);
          total += fresh;
        }
        expect(total).toBeGreaterThan(0);
      } finally {
        await target.close();
        await source.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
