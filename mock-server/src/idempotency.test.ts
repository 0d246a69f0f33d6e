import { beforeEach, describe, expect, it } from 'vitest';
import type { Inquiry } from '@mypage/api';
import { setTimeout as sleep } from 'node:timers/promises';
import { Hono } from 'hono';
import { IDEMPOTENCY_TTL_MS, idempotencyMiddleware, MemoryIdempotencyStore, type Reservation } from './idempotency.js';
import { systemClock } from './clock.js';
import { ApiError } from './errors.js';
import { IDEMPOTENCY_LEASE_MS, idempotencySweepDue } from './store/repositories.js';
import { DEMO } from './seed/demo.js';
import { activeAccount, bearer, createTestApp, demoSeed, sessionToken, type TestApp } from './testing/index.js';

let t: TestApp;
let auth: Record<string, string>;
beforeEach(async () => {
  t = await createTestApp({ seed: demoSeed, now: '2024-01-15T10:00:00+09:00' });
  auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
});

const post = (body: unknown, key: string | undefined, headers = auth) =>
  t.app.request('/api/v1/inquiries', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', ...(key !== undefined ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });
const inquiries = async () => ((await (await t.app.request('/api/v1/inquiries', { headers: auth })).json()) as { items: Inquiry[] }).items;
const body = { category: 'other', subject: '請求書の宛名について', body: '宛名を変更したい' };

describe('D-12 Idempotency-Key on POST', () => {
  it('replays the first answer (status and body) for the same key and body, without doing the work again', async () => {
    const first = await post(body, 'key-1');
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const mails = t.mailer.list({ to: 'taro@example.jp' }).length;
    const again = await post(body, 'key-1');
    expect(again.status).toBe(201);
    expect(await again.text()).toBe(firstBody);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await inquiries()).toHaveLength(1);
    expect(t.mailer.list({ to: 'taro@example.jp' })).toHaveLength(mails); // no second receipt mail
  });

  it('refuses the same key with another body: 422 IDEMPOTENCY_KEY_REUSED in the error envelope', async () => {
    expect((await post(body, 'key-2')).status).toBe(201);
    const other = await post({ ...body, subject: '別の件' }, 'key-2');
    expect(other.status).toBe(422);
    const envelope = (await other.json()) as { error: { code: string; message: string; messageEn: string } };
    expect(envelope.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(envelope.error.message).toMatch(/冪等キー/);
    expect(await inquiries()).toHaveLength(1);
  });

  it('keys expire after 24 hours by the server clock: the same key then does the work again', async () => {
    expect((await post(body, 'key-3')).status).toBe(201);
    t.clock.advance(24 * 60 * 60 * 1000 - 1000);
    auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
    expect((await post(body, 'key-3')).headers.get('idempotent-replayed')).toBe('true');
    t.clock.advance(2000);
    auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
    const late = await post(body, 'key-3');
    expect(late.status).toBe(201);
    expect(late.headers.get('idempotent-replayed')).toBeNull();
    expect(await inquiries()).toHaveLength(2);
  });

  it('a key is the caller’s own: another account with the same key and body does its own work', async () => {
    expect((await post(body, 'shared-key')).status).toBe(201);
    // the same account in another session is the same caller
    const sameAccount = bearer(await sessionToken(t, DEMO.groupA.admin.id));
    expect((await post(body, 'shared-key', sameAccount)).headers.get('idempotent-replayed')).toBe('true');
    const colleague = await activeAccount(t, DEMO.groupA.id, { role: 'general' });
    const other = await post(body, 'shared-key', bearer(await sessionToken(t, colleague.id)));
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(await inquiries()).toHaveLength(2);
  });

  it('a malformed key is refused with 400 and nothing is done', async () => {
    for (const key of ['', 'with space', 'x'.repeat(256), 'caf\u00e9', 'a\tb']) {
      const res = await post(body, key);
      expect(res.status, JSON.stringify(key)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    }
    expect(await inquiries()).toHaveLength(0);
  });

  it('without a key every POST does its work (the header is optional)', async () => {
    await post(body, undefined);
    await post(body, undefined);
    expect(await inquiries()).toHaveLength(2);
  });

  it('an answer the client should retry (a validation error is kept, a 5xx is not)', async () => {
    const bad = await post({ category: 'nope', subject: '' }, 'key-bad');
    expect(bad.status).toBe(400);
    const replay = await post({ category: 'nope', subject: '' }, 'key-bad');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('the pass over expired stored requests (D-12)', () => {
  it('is due at most once a minute, at the first use, and at once when the clock was set back', () => {
    expect(idempotencySweepDue(Number.NEGATIVE_INFINITY, 0)).toBe(true);
    expect(idempotencySweepDue(0, 59_999)).toBe(false);
    expect(idempotencySweepDue(0, 60_000)).toBe(true);
    expect(idempotencySweepDue(60_000, 1_000)).toBe(true);
  });
});

describe('MemoryIdempotencyStore', () => {
  const now = new Date('2024-01-15T01:00:00Z');
  const after = (ms: number) => new Date(now.getTime() + ms);
  const at = (ms: number) => ({ now: after(ms), leaseUntil: after(ms + IDEMPOTENCY_LEASE_MS), expiresAt: after(ms + IDEMPOTENCY_TTL_MS) });
  const answer = { status: 201, contentType: 'application/json', body: '{}' };
  const ticketOf = (r: Reservation) => (r.kind === 'reserved' ? r.ticket : expect.unreachable(`reserved, not ${r.kind}`));

  it('reserves atomically: of two concurrent first uses, one does the work and the other is told it is in progress', async () => {
    const store = new MemoryIdempotencyStore();
    const [a, b] = await Promise.all([store.reserve('s', 'k', 'f', at(0)), store.reserve('s', 'k', 'f', at(0))]);
    expect([a.kind, b.kind].sort()).toEqual(['in-progress', 'reserved']);
    expect(await store.complete(ticketOf(a.kind === 'reserved' ? a : b), answer)).toBe(true);
    expect(await store.reserve('s', 'k', 'f', at(IDEMPOTENCY_LEASE_MS + 1))).toEqual({ kind: 'replay', response: answer });
    expect((await store.reserve('s', 'k', 'g', at(0))).kind).toBe('mismatch');
  });

  it('a reservation its request never completes nor releases frees the key at its lease’s end; the late request then changes nothing', async () => {
    const store = new MemoryIdempotencyStore();
    const dead = ticketOf(await store.reserve('s', 'k', 'f', at(0)));
    expect((await store.reserve('s', 'k', 'f', at(IDEMPOTENCY_LEASE_MS - 1))).kind).toBe('in-progress');
    const retry = ticketOf(await store.reserve('s', 'k', 'f', at(IDEMPOTENCY_LEASE_MS)));
    expect(await store.renew(dead, after(3 * IDEMPOTENCY_LEASE_MS))).toBe(false);
    expect(await store.complete(dead, { ...answer, status: 200 })).toBe(false);
    await store.release(dead);
    expect((await store.reserve('s', 'k', 'f', at(IDEMPOTENCY_LEASE_MS + 1))).kind).toBe('in-progress');
    expect(await store.complete(retry, answer)).toBe(true);
    expect(await store.reserve('s', 'k', 'f', at(IDEMPOTENCY_LEASE_MS + 2))).toEqual({ kind: 'replay', response: answer });
  });

  it('a renewed reservation holds its key past its first lease', async () => {
    const store = new MemoryIdempotencyStore();
    const slow = ticketOf(await store.reserve('s', 'k', 'f', at(0)));
    expect(await store.renew(slow, after(2 * IDEMPOTENCY_LEASE_MS))).toBe(true);
    expect((await store.reserve('s', 'k', 'f', at(IDEMPOTENCY_LEASE_MS + 1))).kind).toBe('in-progress');
    expect(await store.complete(slow, answer)).toBe(true);
    expect(await store.renew(slow, after(3 * IDEMPOTENCY_LEASE_MS))).toBe(false); // answered: nothing to renew
  });
});

describe('D-12 a POST that outlives its lease keeps its key (the lease is renewed while it runs)', () => {
  it('a second request with the key, sent after the first lease ended, is told "in progress", then gets the answer; the work is done once', async () => {
    const lease = 300; // ms of real time: renewed every 100 ms
    const store = new MemoryIdempotencyStore();
    const app = new Hono();
    let runs = 0;
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    app.onError((error, c) => (error instanceof ApiError ? c.json({ error: { code: error.code } }, error.status as 409) : c.text('unexpected', 500)));
    app.use('*', idempotencyMiddleware({ store, clock: systemClock, leaseMs: lease }));
    app.post('/api/v1/slow', async (c) => {
      if (++runs === 1) await held; // the first run is slow
      return c.json({ done: runs }, 201);
    });
    const send = () => app.request('/api/v1/slow', { method: 'POST', headers: { 'idempotency-key': 'slow-1', 'content-type': 'application/json' }, body: '{}' });
    const first = send();
    await sleep(3 * lease); // three leases: without renewal the key would be free
    const second = await send();
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    finish();
    expect((await first).status).toBe(201);
    const third = await send();
    expect([third.status, third.headers.get('idempotent-replayed'), await third.json()]).toEqual([201, 'true', { done: 1 }]);
    expect(runs).toBe(1);
  });
});
