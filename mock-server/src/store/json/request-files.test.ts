import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAIN } from '../memory/state.js';
import { nodeFs, type JsonFs } from './files.js';
import { scratchStores } from '../scratch.test-util.js';

/*
 * D-12 stored POST requests live in `requests/NN.json` (spread by hash), not in the main file that
 * every login and session write rewrites: a POST with an Idempotency-Key writes its record twice.
 */

const { tmp, open: openWith, close } = scratchStores('requests');
const open = (dir: string, fs?: JsonFs) => openWith(dir, fs ? { fs } : {});
const T0 = new Date('2024-01-15T01:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const response = { status: 201, contentType: 'application/json', body: 'sealed' };
const LEASE_END = new Date(T0.getTime() + 5 * 60_000);

describe('JSON engine: stored requests in their own files (D-12, D-13)', () => {
  it('reserving and completing a key writes one requests/NN.json file each time, never mypage.json; a restart replays it', async () => {
    const dir = tmp();
    const written: string[] = [];
    const store = await open(dir, { ...nodeFs, writeDurable: (file, text) => (written.push(path.relative(dir, file)), nodeFs.writeDurable(file, text)) });
    const id = { caller: 'account:u1', key: 'a'.repeat(64) };
    expect(await store.idempotency.reserve(id, 'h1', 'o1', T0, LEASE_END)).toEqual({ state: 'reserved' });
    expect(await store.idempotency.complete(id, 'o1', response, new Date(T0.getTime() + DAY))).toBe(true);
    const files = written.map((f) => f.replace(/\.\d+\.\d+\.tmp$/, ''));
    expect(files).toHaveLength(2);
    expect(new Set(files).size).toBe(1);
    expect(files[0]).toMatch(/^requests\/\d{2}\.json$/);
    await close(store);
    expect(existsSync(path.join(dir, MAIN))).toBe(false); // nothing else was stored
    const again = await open(dir);
    expect(await again.idempotency.reserve(id, 'h1', 'o2', new Date(T0.getTime() + 1000), LEASE_END)).toEqual({ state: 'replay', response });
  });

  it('a folder whose mypage.json holds stored requests opens, keeps them, and moves them out of it', async () => {
    const dir = tmp();
    const id = { caller: 'anonymous', key: 'b'.repeat(64) };
    const entry = { ...id, bodyHash: 'h2', expiresAt: new Date(T0.getTime() + DAY).toISOString(), response };
    writeFileSync(path.join(dir, MAIN), JSON.stringify({ schemaVersion: 1, idempotency: [entry] }));
    const store = await open(dir);
    expect(JSON.parse(readFileSync(path.join(dir, MAIN), 'utf8')).idempotency ?? []).toEqual([]);
    expect(readdirSync(path.join(dir, 'requests'))).toHaveLength(1);
    expect(await store.idempotency.reserve(id, 'h2', 'o1', T0, LEASE_END)).toEqual({ state: 'replay', response });
    await close(store);
    const again = await open(dir);
    expect(await again.idempotency.reserve(id, 'h3', 'o2', T0, LEASE_END)).toEqual({ state: 'mismatch' });
    expect(existsSync(path.join(dir, 'commit.json'))).toBe(false);
  });

  it('expired stored requests are dropped from the files by the first reservation a minute or more after the last pass, not by a pass on every POST', async () => {
    const dir = tmp();
    const store = await open(dir);
    const at = (ms: number) => new Date(T0.getTime() + ms);
    const keys = (): string[] =>
      readdirSync(path.join(dir, 'requests'))
        .flatMap((f) => (JSON.parse(readFileSync(path.join(dir, 'requests', f), 'utf8')) as { idempotency?: { key: string }[] }).idempotency ?? [])
        .map((e) => e.key)
        .sort();
    // a reservation never completed: it expires at its lease's end
    const reserve = (key: string, now: Date, leaseMs: number) => store.idempotency.reserve({ caller: 'account:u1', key: key.repeat(64) }, 'h', `o-${key}`, now, new Date(now.getTime() + leaseMs));
    await reserve('a', at(0), 60_000); // expires at +1 min
    await reserve('b', at(1000), 5_000); // expires at +6 s
    await reserve('c', at(10_000), DAY); // +10 s: b has expired, but the last pass was 10 s ago
    expect(keys()).toEqual(['a', 'b', 'c'].map((k) => k.repeat(64)));
    await reserve('d', at(61_000), DAY); // a minute after the last pass: a and b are dropped
    expect(keys()).toEqual(['c', 'd'].map((k) => k.repeat(64)));
    // an expired key is taken anew whether or not its record was dropped yet
    await reserve('e', at(62_000), 1_000);
    expect(await reserve('e', at(64_000), DAY)).toEqual({ state: 'reserved' });
  });

  it('a reservation in progress when the process died is free at the next start, not at its lease’s end (one process per folder, D-13)', async () => {
    const dir = tmp();
    const store = await open(dir);
    const id = { caller: 'account:u1', key: 'f'.repeat(64) };
    const done = { caller: 'account:u1', key: 'g'.repeat(64) };
    expect(await store.idempotency.reserve(id, 'h1', 'dead', T0, LEASE_END)).toEqual({ state: 'reserved' });
    await store.idempotency.reserve(done, 'h1', 'o1', T0, LEASE_END);
    await store.idempotency.complete(done, 'o1', response, new Date(T0.getTime() + DAY));
    // the folder as the process left it when killed here: every acknowledged write is on disk
    const crashed = tmp();
    cpSync(dir, crashed, { recursive: true, filter: (f) => path.basename(f) !== 'mypage.lock' });
    const after = await open(crashed);
    expect(await after.idempotency.reserve(id, 'h1', 'retry', new Date(T0.getTime() + 1000), LEASE_END)).toEqual({ state: 'reserved' });
    expect(await after.idempotency.reserve(done, 'h1', 'o2', new Date(T0.getTime() + 1000), LEASE_END)).toEqual({ state: 'replay', response });
    await close(after);
    await close(store);
  });
});
