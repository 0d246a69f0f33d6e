import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from './helpers/postgres.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * Two real `mypage-server` processes on one PostgreSQL database (SPEC D-13): a session, a user
 * and the failed-login throttle are shared; a SIGKILLed instance loses no acknowledged write.
 */

let db: TestPostgres;
let url: string;
let a: RunningServer;
let b: RunningServer;

beforeAll(async () => {
  db = await startTestPostgres();
  url = await db.createDatabase('instances');
  // started together: they migrate once and seed the demo once
  [a, b] = await Promise.all([startServerProcess({ args: ['--database', url] }), startServerProcess({ args: ['--database', url] })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await db?.stop();
});

async function api(server: RunningServer, method: string, route: string, body?: unknown, token?: string) {
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

async function login(server: RunningServer, accessId: string, password: string, email: string): Promise<string> {
  const challenge = await api(server, 'POST', '/api/v1/auth/login', { accessId, password });
  expect(challenge.status).toBe(200);
  const session = await api(server, 'POST', '/api/v1/auth/otp', { challengeId: challenge.body.challengeId, otp: await server.latestOtp(email) });
  expect(session.status).toBe(200);
  return session.body.token as string;
}

const items = (body: any): any[] => (Array.isArray(body) ? body : (body.items ?? []));

describe('two server instances on one database', () => {
  let token: string;
  let newUserAccessId: string;

  it('log in on one, read bills on the other; a user created on one is visible on the other', async () => {
    token = await login(a, 'm95au6', 'mypage2023', 'taro@example.jp');
    const onA = await api(a, 'GET', '/api/v1/bills', undefined, token);
    const onB = await api(b, 'GET', '/api/v1/bills', undefined, token);
    expect(onB.status).toBe(200);
    expect(onB.body).toEqual(onA.body);
    expect((await api(b, 'GET', '/api/v1/me', undefined, token)).body.user.accessId).toBe('m95au6');

    const created = await api(a, 'POST', '/api/v1/users', { email: 'pg-two@example.jp', name: '二台 目', role: 'general', notify: false }, token);
    expect(created.status).toBe(201);
    newUserAccessId = created.body.accessId ?? created.body.user.accessId;
    const users = items((await api(b, 'GET', '/api/v1/users', undefined, token)).body);
    expect(users.map((u) => u.email)).toContain('pg-two@example.jp');
    // the address is unique in the group across instances too
    expect((await api(b, 'POST', '/api/v1/users', { email: 'PG-two@example.jp', name: '重複', role: 'general', notify: false }, token)).status).toBe(409);
  });

  it('a bill reads the same on both; a session ended through one instance is refused by the other at once', async () => {
    const second = await login(b, 'm95au6', 'mypage2023', 'taro@example.jp');
    const onA = await api(a, 'GET', '/api/v1/bills/2023-10', undefined, second);
    const onB = await api(b, 'GET', '/api/v1/bills/2023-10', undefined, second);
    expect(onA.status).toBe(200);
    expect(onB.body).toEqual(onA.body);
    expect((await api(a, 'POST', '/api/v1/auth/logout', {}, second)).status).toBeLessThan(300);
    for (const server of [b, a]) {
      const refused = await api(server, 'GET', '/api/v1/bills/2023-10', undefined, second);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('SESSION_EXPIRED');
    }
    // the other session of the same account is untouched
    expect((await api(b, 'GET', '/api/v1/contracts', undefined, token)).status).toBe(200);
  });

  it('a bill kept by each instance changes on both at the next read after call records are loaded through one and the bill is re-issued through the other', async () => {
    const session = await login(a, 'm95au6', 'mypage2023', 'taro@example.jp');
    const read = async (server: RunningServer) => {
      const res = await api(server, 'GET', '/api/v1/bills/2023-10', undefined, session);
      expect(res.status).toBe(200);
      return res.body;
    };
    const operator = async (server: RunningServer, route: string, body: unknown) => {
      const res = await fetch(`${server.url}${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.operatorToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return res.json() as Promise<any>;
    };
    const before = await read(a);
    expect(await read(a)).toEqual(before); // kept by a now
    expect(await read(b)).toEqual(before); // and by b

    const imported = await operator(b, '/api/v1/operator/call-records', {
      records: [{ contractNumber: 'CAF0000000001', startedAt: '2023-10-05T10:00:00+09:00', usageType: 'ひかり電話・県内', from: '0611115555', to: '0638846327', durationSeconds: 600 }],
    });
    expect(imported.totalCharge).toBeGreaterThan(0);
    const withCall = await read(a);
    expect(withCall.callCharges).toBe(before.callCharges + imported.totalCharge);
    expect(await read(b)).toEqual(withCall);

    await operator(a, '/api/v1/operator/bills', {
      billingGroupId: 'bg_a',
      month: '2023-10',
      issuedOn: '2023-11-09',
      dueDate: '2023-11-27',
      items: [{ contractNumber: 'CAF0000000001', name: '再発行テスト', amount: 12_345, remarks: '', taxRate: 10 }],
    });
    const reissued = await read(b);
    expect(reissued.contracts.flatMap((c: any) => c.items.map((i: any) => i.name))).toContain('再発行テスト');
    expect(reissued.billingId).toBe(before.billingId);
    expect(await read(a)).toEqual(reissued);
  });

  it('20 parallel wrong passwords spread over both are evaluated at most the allowed 5 times (existing and unknown access IDs)', async () => {
    for (const accessId of [newUserAccessId, 'zz9z9z']) {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => api(i % 2 ? a : b, 'POST', '/api/v1/auth/login', { accessId, password: `wrong-${i}` })));
      const codes = results.map((r) => r.body.error.code as string);
      expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5);
      expect(codes.filter((c) => c === 'LOGIN_THROTTLED')).toHaveLength(15);
    }
  });

  it('SIGKILL of an instance during writes loses no acknowledged write (3 kills)', async () => {
    for (let round = 0; round < 3; round++) {
      const acknowledged: string[] = [];
      let stop = false;
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          try {
            const res = await api(a, 'POST', '/api/v1/inquiries', { category: 'other', subject: `kill ${round}-${w}-${i}` }, token);
            if (res.status === 201) acknowledged.push(res.body.id ?? res.body.inquiry?.id);
          } catch {
            return; // the connection died with the process
          }
        }
      };
      const writers = Promise.all([0, 1, 2, 3].map(writer));
      while (acknowledged.length < 10 + round * 5) await new Promise((r) => setTimeout(r, 5));
      process.kill(a.pid, 'SIGKILL');
      stop = true;
      await writers;
      await a.stop();
      const stored = new Set(items((await api(b, 'GET', '/api/v1/inquiries', undefined, token)).body).map((i) => i.id));
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const id of acknowledged) expect(stored.has(id), `acknowledged inquiry ${id} is stored`).toBe(true);
      a = await startServerProcess({ args: ['--database', url] });
    }
  });
});

describe('request limits shared by the instances', () => {
  it('shared request limits: login-per-client=6/15m over two instances lets 6 logins through in all, not 6 on each', async () => {
    const limited = await db.createDatabase('limits');
    const flags = ['--database', limited, '--rate-limit', 'login-per-client=6/15m'];
    const [c, d] = await Promise.all([startServerProcess({ args: flags }), startServerProcess({ args: flags })]);
    try {
      const answers = [];
      for (let i = 0; i < 6; i++) {
        for (const [server, tag] of [[c, 'c'], [d, 'd']] as const) answers.push(await api(server, 'POST', '/api/v1/auth/login', { accessId: `zz${i}${tag}00`, password: 'wrong1234' }));
      }
      expect(answers.filter((x) => x.status === 401)).toHaveLength(6);
      const refused = answers.filter((x) => x.status === 429);
      expect(refused).toHaveLength(6);
      for (const r of refused) expect(r.body.error.code).toBe('RATE_LIMITED');
    } finally {
      await Promise.all([c.stop(), d.stop()]);
    }
  }, 120_000);
});
