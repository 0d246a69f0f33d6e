import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountRecord, contractRecord, groupRecord } from '../contract.js';
import { JsonEngine } from '../json/engine.js';
import type { StoreEngine } from '../repositories.js';
import type { BillRecord } from '../schema.js';
import { MemoryEngine } from './engine.js';

/*
 * The memory and JSON engines hand out their stored records without a copy (a copy per read was
 * the largest single cost of an authenticated read): every stored record is deep-frozen, so a
 * caller that changes a returned record — even a nested address or a bill's items — gets a
 * TypeError and the store is unchanged. What a caller hands IN stays the caller's (not frozen).
 */

const NOW = new Date('2024-01-15T01:00:00.000Z');
const dirs: string[] = [];
const engines: StoreEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const factories: [string, () => Promise<StoreEngine>][] = [
  ['memory', () => MemoryEngine.create()],
  [
    'json',
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-frozen-'));
      dirs.push(dir);
      return JsonEngine.open(dir);
    },
  ],
];

const bill: BillRecord = {
  billingGroupId: 'g1',
  month: '2023-12',
  billingId: '',
  issuedOn: '2024-01-09',
  dueDate: '2024-01-26',
  items: [{ contractNumber: 'CAF0000000001', name: '基本料', amount: 5000, remarks: '', taxRate: 10 }],
  publishedAt: '2024-01-09T00:00:00.000Z',
};

/** Every way of changing `record` a careless caller might try; each must throw. */
function expectFrozen(record: object, change: (r: never) => void): void {
  expect(Object.isFrozen(record)).toBe(true);
  expect(() => change(record as never)).toThrow(TypeError);
}

describe.each(factories)('records handed out by the %s engine are frozen', (_name, factory) => {
  const seeded = async () => {
    const s = await factory();
    engines.push(s);
    await s.billingGroups.create(groupRecord('g1'), [contractRecord('CAF0000000001', 'g1')]);
    await s.accounts.create(accountRecord('u1', 'g1'), () => 'aaaaaa');
    await s.bills.publish(bill);
    await s.sessions.create({ tokenHash: 'h1', accountId: 'u1', createdAt: NOW.toISOString(), lastSeenAt: NOW.toISOString(), expiresAt: new Date(NOW.getTime() + 600_000).toISOString(), endedAt: null }, NOW);
    return s;
  };

  it('a change to a returned account, group, contract, bill or session throws and leaves the store as it was', async () => {
    const s = await seeded();
    expectFrozen((await s.accounts.get('u1'))!, (a: { name: string }) => (a.name = 'changed'));
    expectFrozen((await s.billingGroups.get('g1'))!, (g: { bank: { name: string } }) => (g.bank.name = 'changed'));
    const [contract] = await s.billingGroups.contractsOf('g1');
    expectFrozen(contract!, (c: { installationAddress: { address1: string } }) => (c.installationAddress.address1 = 'changed'));
    expectFrozen((await s.billingGroups.contract('CAF0000000001'))!, (c: { options: string[] }) => c.options.push('changed'));
    const stored = (await s.bills.findVisible('g1', '2023-12', NOW))!;
    expectFrozen(stored, (b: { items: { amount: number }[] }) => (b.items[0]!.amount = 1));
    expectFrozen((await s.bills.listVisible('g1', NOW))[0]!, (b: { items: unknown[] }) => b.items.pop());
    const touched = (await s.sessions.touch('h1', NOW, { idleMs: 600_000 }))!;
    expectFrozen(touched, (x: { expiresAt: string }) => (x.expiresAt = '2099-01-01T00:00:00.000Z'));

    expect((await s.accounts.get('u1'))!.name).toBe('テスト');
    expect((await s.billingGroups.get('g1'))!.bank.name).toBe('銀行');
    expect((await s.billingGroups.contract('CAF0000000001'))!.installationAddress.address1).toBe('大阪府');
    expect((await s.billingGroups.contract('CAF0000000001'))!.options).toEqual([]);
    expect((await s.bills.findVisible('g1', '2023-12', NOW))!.items).toEqual(bill.items);
    expect((await s.sessions.get('h1'))!.expiresAt).toBe(new Date(NOW.getTime() + 600_000).toISOString());
  });

  it('what a caller hands in stays its own: not frozen, and changing it afterwards changes nothing stored', async () => {
    const s = await seeded();
    const mine = accountRecord('u2', 'g1', { name: '二郎' });
    await s.accounts.create(mine, () => 'bbbbbb');
    expect(Object.isFrozen(mine)).toBe(false);
    mine.name = 'changed';
    const patch = { name: '三郎' };
    const updated = await s.accounts.update('u2', patch);
    expect(Object.isFrozen(patch)).toBe(false);
    patch.name = 'changed';
    expect(updated!.name).toBe('三郎');
    expect((await s.accounts.get('u2'))!.name).toBe('三郎');
    expect(Object.isFrozen(bill)).toBe(false);
  });

  it('an update hands out the new record and keeps the old one a caller still holds intact', async () => {
    const s = await seeded();
    const before = (await s.accounts.get('u1'))!;
    await s.accounts.update('u1', { name: '新しい名前' });
    expect(before.name).toBe('テスト');
    expect((await s.accounts.get('u1'))!.name).toBe('新しい名前');
  });
});
