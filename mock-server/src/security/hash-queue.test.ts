import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { needsRehash, PRODUCTION_SCRYPT, scryptCostOf, scryptHasher } from '../infra/secrets.js';
import { call, DEMO, demoApp, signInDemoAdmin, type Answer } from '../testing/index.js';
import { boundedHasher, HashQueue } from './hash-queue.js';

/* Password hashing is bounded so a login flood cannot starve the rest of the server. */

const later = () => {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { done, release };
};

describe('hash queue', () => {
  it('runs at most `concurrency` at once, lets `waiting` wait, and refuses the rest at once with SERVER_BUSY', async () => {
    const q = new HashQueue({ concurrency: 2, waiting: 1, retryAfterSeconds: 2 });
    const gates = [later(), later(), later()];
    let running = 0;
    let peak = 0;
    const job = (i: number) =>
      q.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await gates[i]!.done;
        running--;
        return i;
      });
    const accepted = [job(0), job(1), job(2)];
    expect(q.load).toEqual({ running: 2, waiting: 1 });
    expect(q.full).toBe(true);
    const refused = await job(0).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ code: 'SERVER_BUSY', status: 503, extra: { retryAfter: 2 } });
    gates.forEach((g) => g.release());
    expect(await Promise.all(accepted)).toEqual([0, 1, 2]);
    expect(peak).toBe(2);
    expect(q.load).toEqual({ running: 0, waiting: 0 });
  });

  it('a failing job frees its slot', async () => {
    const q = new HashQueue({ concurrency: 1, waiting: 0 });
    await expect(q.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await q.run(async () => 'next')).toBe('next');
  });

  it('a login flood no longer delays GET /me: logins beyond the queue get 503 SERVER_BUSY at once, /me answers 200', async () => {
    // A real cost (N=2^14, r=8), so that hashes take long enough for a line to form.
    const t = await demoApp({ config: { hashing: { concurrency: 1, waiting: 2 } }, hasher: scryptHasher({ ...PRODUCTION_SCRYPT, N: 2 ** 14 }) });
    const token = await signInDemoAdmin(t);
    const flood: Promise<Answer>[] = [];
    for (let i = 0; i < 12; i++) flood.push(call(t, 'POST', '/api/v1/auth/login', { json: { accessId: 'zz99zz', password: `wrong${i}pass` } }));
    const me = await call(t, 'GET', '/api/v1/me', { token });
    const answers = await Promise.all(flood);
    expect(me.status).toBe(200);
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.body.error.code).toBe('SERVER_BUSY');
    expect(busy[0]!.headers.get('retry-after')).toBe('1');
    expect(answers.filter((a) => a.status === 401).length).toBeGreaterThanOrEqual(3);
  });
});

describe('scrypt cost in the hash', () => {
  it('a hash made at N=2^14 still verifies when new hashes use a higher cost, and is marked for re-hash', async () => {
    const older = scryptHasher({ N: 2 ** 14, r: 8, p: 1, keylen: 32 });
    const stronger = { N: 2 ** 15, r: 8, p: 1, keylen: 32 };
    const old = await older.hash('mypage2023');
    const fresh = await scryptHasher(stronger).hash('mypage2023');
    expect(scryptCostOf(fresh)).toEqual({ N: 2 ** 15, r: 8, p: 1 });
    expect(await scryptHasher(stronger).verify('mypage2023', old)).toBe(true);
    expect(await older.verify('mypage2023', fresh)).toBe(true);
    expect(needsRehash(old, stronger)).toBe(true);
    expect(needsRehash(fresh, stronger)).toBe(false);
    expect(scryptCostOf('bcrypt$…')).toBeNull();
  });

  it('the demo admin still logs in through the bounded hasher', async () => {
    const t = await demoApp();
    expect((await call(t, 'POST', '/api/v1/auth/login', { json: { accessId: DEMO.groupA.admin.accessId, password: DEMO.groupA.admin.password } })).status).toBe(200);
  });
});

describe('boundedHasher (an injected hasher behind the queue)', () => {
  it('hashes and verifies through the queue: beyond it, SERVER_BUSY; a missing stored hash costs no slot', async () => {
    const q = new HashQueue({ concurrency: 1, waiting: 0 });
    const gate = later();
    const inner = { hash: async (s: string) => (await gate.done, `h:${s}`), verify: async (s: string, stored: string | null) => stored === `h:${s}` };
    const bounded = boundedHasher(inner, q);
    const first = bounded.hash('a');
    await expect(bounded.verify('a', 'h:a')).rejects.toMatchObject({ code: 'SERVER_BUSY' });
    expect(await bounded.verify('a', null)).toBe(false);
    gate.release();
    expect(await first).toBe('h:a');
    expect(await bounded.verify('a', 'h:a')).toBe(true);
  });
});
