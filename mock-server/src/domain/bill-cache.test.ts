import { describe, expect, it, vi } from 'vitest';
import { call, demoApp, DEMO, signInDemoAdmin, type TestApp } from '../testing/index.js';
import { contractRecord } from '../store/contract.js';
import { billStatement } from './bills.js';
import { BillCache } from './bill-cache.js';

/*
 * R-BILL-2 answers are kept per (group, month, data version) (bill-cache.ts); on the memory and
 * JSON engines the data version is their count of every change: a second read reads and computes
 * nothing, and every write that can change a bill — a reissued bill, call records, a contract, the
 * group — is in the very next read. (PostgreSQL's per-group versions: postgres-server.test.ts.)
 */

const MONTH = '2023-12';
const GROUP = DEMO.groupA.id;

async function setUp(): Promise<{ t: TestApp; read: () => Promise<{ total: number; recipientName: string; callCharges: number; contracts: { contractNumber: string; serviceName: string }[] }>; computed: () => number }> {
  const t = await demoApp();
  const token = await signInDemoAdmin(t);
  const sums = vi.spyOn(t.store.bills, 'findStatement');
  const read = async () => {
    const res = await call(t, 'GET', `/api/v1/bills/${MONTH}`, { token });
    expect(res.status).toBe(200);
    return res.body as never;
  };
  return { t, read, computed: () => sums.mock.calls.length };
}

describe('computed bills kept per data version (memory engine)', () => {
  it('a second read of the same month computes nothing and answers the same', async () => {
    const { read, computed } = await setUp();
    const first = await read();
    const n = computed();
    expect(n).toBeGreaterThan(0);
    expect(await read()).toEqual(first);
    expect(computed()).toBe(n);
  });

  it('a reissued bill (new items) is in the next read', async () => {
    const { t, read, computed } = await setUp();
    const before = await read();
    const record = (await t.store.bills.findVisible(GROUP, MONTH, t.clock.now()))!;
    await t.store.bills.publish({ ...record, items: [...record.items, { contractNumber: DEMO.groupA.contracts[0]!, name: '工事費', amount: 1000, remarks: '', taxRate: 10 }] });
    const n = computed();
    const after = await read();
    expect(computed()).toBe(n + 1);
    expect(after.total).toBe(before.total + 1100);
  });

  it('new call records of the month are in the next read (通話料 and callCharges)', async () => {
    const { t, read } = await setUp();
    const before = await read();
    const contract = DEMO.groupA.contracts[0]!;
    await t.store.callRecords.import([
      { id: 'cr_cache_1', billingGroupId: GROUP, contractNumber: contract, month: MONTH, startedAt: `${MONTH}-20T10:00:00+09:00`, usageType: 'ひかり電話・県内', from: '0611112222', to: '0600000000', durationSeconds: 60, charge: 800 },
    ]);
    const after = await read();
    expect(after.callCharges).toBe(before.callCharges + 800);
  });

  it('a contract added to the group, with calls, and a renamed group are in the next read', async () => {
    const { t, read } = await setUp();
    await read();
    await t.store.billingGroups.addContract({ ...contractRecord('CAF0000000999', GROUP), serviceName: '新しい契約' });
    await t.store.callRecords.import([
      { id: 'cr_cache_2', billingGroupId: GROUP, contractNumber: 'CAF0000000999', month: MONTH, startedAt: `${MONTH}-21T10:00:00+09:00`, usageType: 'ひかり電話・県内', from: '0611113333', to: '0600000000', durationSeconds: 60, charge: 80 },
    ]);
    expect((await read()).contracts.find((c) => c.contractNumber === 'CAF0000000999')?.serviceName).toBe('新しい契約');
    await t.store.billingGroups.update(GROUP, { name: '新しい名義' });
    expect((await read()).recipientName).toBe('新しい名義');
  });

  it('a transaction that fails leaves no stale answer behind', async () => {
    const { t, read } = await setUp();
    const before = await read();
    const record = (await t.store.bills.findVisible(GROUP, MONTH, t.clock.now()))!;
    await expect(
      t.store.transaction(async (tx) => {
        await tx.bills.publish({ ...record, items: [] });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await read()).toEqual(before);
  });

  it('a read inside a transaction carries no data version (its changes may yet be undone), one outside does, and only a write changes it', async () => {
    const t = await demoApp();
    const token = await signInDemoAdmin(t);
    const { sha256 } = await import('../infra/secrets.js');
    const policy = { idleMs: 600_000 };
    const outside = async () => (await t.store.sessions.resolve(sha256(token), t.clock.now(), policy))!.dataVersion;
    const v1 = await outside();
    expect(v1).toEqual(expect.any(String));
    await t.store.bills.findVisible(GROUP, MONTH, t.clock.now());
    expect(await outside()).toBe(v1);
    await t.store.billingGroups.update(GROUP, { name: '新しい名義' });
    expect(await outside()).not.toBe(v1);
    const inside = await t.store.transaction(async (tx) => (await tx.sessions.resolve(sha256(token), t.clock.now(), policy))!.dataVersion);
    expect(inside).toBeUndefined();
  });

  it('without a data version (the caller read none) every read reads and computes again', async () => {
    const t = await demoApp();
    const parts = vi.spyOn(t.store.bills, 'findStatement');
    const group = (await t.store.billingGroups.get(GROUP))!;
    const first = await billStatement(t.store, group, MONTH, t.clock.now());
    expect(await billStatement(t.store, group, MONTH, t.clock.now())).toEqual(first);
    expect(parts).toHaveBeenCalledTimes(2);
  });

  /** A real breakdown of the demo group, to keep in caches of a given capacity. */
  async function breakdown() {
    const t = await demoApp();
    const group = (await t.store.billingGroups.get(GROUP))!;
    const now = t.clock.now();
    return { group, now, bill: await billStatement(t.store, group, MONTH, now) };
  }

  it('keeps at most its capacity: the least recently read breakdown goes first', async () => {
    const { group, now, bill } = await breakdown();
    const cache = new BillCache(2);
    const month = (m: string) => ({ ...bill, month: m });
    for (const m of ['2023-10', '2023-11']) cache.set(group, 'v1', '2023-01-01T00:00:00Z', month(m));
    expect(cache.get(group, '2023-10', 'v1', now)?.month).toBe('2023-10'); // read: now the most recent
    cache.set(group, 'v1', '2023-01-01T00:00:00Z', month('2023-12'));
    expect(cache.size).toBe(2);
    expect(cache.get(group, '2023-11', 'v1', now)).toBeUndefined();
    expect(cache.get(group, '2023-10', 'v1', now)?.month).toBe('2023-10');
    expect(cache.get(group, '2023-12', 'v2', now)).toBeUndefined(); // another data version
  });

  it('drops by second chance: an entry read since it last came to the front stays once, an unread one goes', async () => {
    const { group, now, bill } = await breakdown();
    const cache = new BillCache(3);
    const keep = (m: string) => cache.set(group, 'v1', '2023-01-01T00:00:00Z', { ...bill, month: m });
    const held = () => ['2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12'].filter((m) => cache.get(group, m, 'v1', now) !== undefined);
    for (const m of ['2023-07', '2023-08', '2023-09']) keep(m);
    expect(cache.get(group, '2023-07', 'v1', now)).toBeDefined(); // read: its second chance
    keep('2023-10'); // 07 loses its mark and moves back; 08, never read since, goes
    expect(cache.size).toBe(3);
    keep('2023-11'); // 09 goes
    expect(held()).toEqual(['2023-07', '2023-10', '2023-11']);
    keep('2023-12'); // all three were read by `held`: each loses its mark in turn, then 07 goes
    expect(held()).toEqual(['2023-10', '2023-11', '2023-12']);
  });
});
