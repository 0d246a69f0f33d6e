import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SyncTurn } from '../../infra/sync-turn.js';
import { groupRecord } from '../contract.js';
import { StoreUnavailable } from '../repositories.js';
import { nodeFs, nodeSyncFs, type JsonFs, type JsonSyncFs } from './files.js';
import { scratchStores } from '../scratch.test-util.js';

/*
 * D-13 group commit with a synchronous first commit: the first write of an idle moment is durable
 * before the caller's turn ends (so the first request of a burst is answered before the others are
 * read); writes that come in the same turn or while a commit is in flight are group-committed.
 */

const { tmp, open, close } = scratchStores('sync-commit');
const T0 = new Date('2024-01-15T01:00:00.000Z');
const inquiry = (id: string) => ({
  id, billingGroupId: 'g1', accountId: 'u1', category: 'other', subject: 's', body: '', kind: 'general' as const, status: 'received' as const, createdAt: T0.toISOString(), resolvedAt: null, effectiveFrom: null,
});
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** The real file system, counting the files each path writes and failing the synchronous one on demand. */
function counting() {
  const asyncWrites: string[] = [];
  const syncWrites: string[] = [];
  let failWith: string | null = null;
  let slowMs = 0;
  const fs: JsonFs = { ...nodeFs, writeDurable: (file, text) => (asyncWrites.push(file), nodeFs.writeDurable(file, text)) };
  const syncFs: JsonSyncFs = {
    ...nodeSyncFs,
    writeDurable(file, text) {
      if (failWith) throw Object.assign(new Error(`${failWith}: simulated`), { code: failWith });
      const until = performance.now() + slowMs;
      while (performance.now() < until); // a disk that takes this long
      syncWrites.push(file);
      nodeSyncFs.writeDurable(file, text);
    },
  };
  return { fs, syncFs, asyncWrites, syncWrites, fail: (code: string | null) => (failWith = code), slow: (ms: number) => (slowMs = ms) };
}

async function opened() {
  const dir = tmp();
  const c = counting();
  const store = await open(dir, { fs: c.fs, syncFs: c.syncFs });
  await store.billingGroups.create(groupRecord('g1'), []);
  await nextTurn();
  return { dir, store, ...c };
}
const groupFile = (dir: string) => readFileSync(path.join(dir, 'groups', 'g1.json'), 'utf8');

describe('JSON engine: the first commit of an idle moment in the caller’s turn (D-13)', () => {
  it('is on disk before the write call returns, with no temporary file left', async () => {
    const { dir, store, syncWrites } = await opened();
    const before = syncWrites.length;
    const acknowledged = store.inquiries.create(inquiry('i1'));
    // Not awaited yet: the file already holds it (a group commit would still be in the thread pool).
    expect(groupFile(dir)).toContain('"i1"');
    expect(syncWrites.length - before).toBe(1);
    await acknowledged;
    expect(readdirSync(path.join(dir, 'groups'))).toEqual(['g1.json']);
  });

  it('100 writes in one turn: the first four in the caller’s turn (a POST with an Idempotency-Key writes three times), the other 96 group-committed; all there after reopening', async () => {
    const { dir, store, syncWrites, asyncWrites } = await opened();
    const [s0, a0] = [syncWrites.length, asyncWrites.length];
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.inquiries.create(inquiry(`i${i}`))));
    expect(syncWrites.length - s0).toBe(4);
    expect(asyncWrites.length - a0).toBeGreaterThanOrEqual(1);
    expect(asyncWrites.length - a0).toBeLessThanOrEqual(10);
    await close(store);
    const again = await open(dir);
    expect(await again.inquiries.listByGroup('g1')).toHaveLength(100);
  });

  it('a full disk during it: StoreUnavailable, the change undone in memory and on disk; the next write works', async () => {
    const { dir, store, fail } = await opened();
    fail('ENOSPC');
    await expect(store.inquiries.create(inquiry('lost'))).rejects.toBeInstanceOf(StoreUnavailable);
    expect(await store.inquiries.get('lost')).toBeNull();
    expect(groupFile(dir)).not.toContain('"lost"');
    expect(readdirSync(path.join(dir, 'groups'))).toEqual(['g1.json']);
    fail(null);
    await nextTurn();
    await store.inquiries.create(inquiry('kept'));
    expect(groupFile(dir)).toContain('"kept"');
    expect(existsSync(path.join(dir, 'commit.json'))).toBe(false);
  });

  it('a slow disk switches it off: after a synchronous commit slower than the limit, the next ones are group commits', async () => {
    const { store, syncWrites, asyncWrites, slow } = await opened();
    slow(150);
    await store.inquiries.create(inquiry('slow'));
    slow(0);
    await nextTurn();
    const [s0, a0] = [syncWrites.length, asyncWrites.length];
    await store.inquiries.create(inquiry('after'));
    expect(syncWrites.length - s0).toBe(0);
    expect(asyncWrites.length - a0).toBe(1);
  });
});

describe('SyncTurn', () => {
  it('allows `perTurn` synchronous writes per turn of the event loop', async () => {
    const turn = new SyncTurn({ perTurn: 2 });
    expect([turn.take(), turn.take(), turn.take()]).toEqual([true, true, false]);
    await nextTurn();
    expect([turn.take(), turn.take(), turn.take()]).toEqual([true, true, false]);
  });
});
