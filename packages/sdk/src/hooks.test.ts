import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MyPageClient, requestIdOf, type RequestEvent, type ResponseEvent, type RetryEvent } from './index.js';
import { BASE_URL, api, bill, session } from './testing/fixtures.js';
import { apiError, createMswServer } from './testing/handlers.js';

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function observed(options: Partial<ConstructorParameters<typeof MyPageClient>[0]> = {}) {
  const events: { kind: string; event: RequestEvent | ResponseEvent | RetryEvent }[] = [];
  const client = new MyPageClient({
    baseUrl: BASE_URL,
    sleep: async () => undefined,
    hooks: {
      onRequest: (event) => events.push({ kind: 'request', event }),
      onResponse: (event) => events.push({ kind: 'response', event }),
      onRetry: (event) => events.push({ kind: 'retry', event }),
    },
    ...options,
  });
  return { client, events };
}

describe('hooks: request / response / retry', () => {
  it('report method, route template, attempt, status, duration and request id', async () => {
    let calls = 0;
    server.use(
      http.get(api('/bills/:month'), () => {
        calls += 1;
        return calls === 1 ? apiError('SERVICE_UNAVAILABLE') : HttpResponse.json(bill('2023-10'), { headers: { 'x-request-id': 'req-42' } });
      }),
    );
    const { client, events } = observed({ session });
    await client.bills.get('2023-10');
    expect(events.map((e) => e.kind)).toEqual(['request', 'response', 'retry', 'request', 'response']);
    const last = events.at(-1)!.event as ResponseEvent;
    expect(last).toMatchObject({ method: 'GET', route: '/api/v1/bills/{month}', attempt: 2, status: 200, requestId: 'req-42' });
    expect(last.durationMs).toBeGreaterThanOrEqual(0);
    expect(events[1]!.event).toMatchObject({ status: 503, errorCode: 'SERVICE_UNAVAILABLE', attempt: 1 });
    expect(events[2]!.event).toMatchObject({ nextAttempt: 2, reason: 'SERVICE_UNAVAILABLE', status: 503 });
  });

  it('never carry a secret: no token, password, OTP or filled-in path in any event', async () => {
    const { client, events } = observed();
    await client.auth.login({ accessId: 'm95au6', password: 'mypage2023', otp: () => '123456', captcha: () => 'human' });
    await client.bills.get('2023-10');
    const text = JSON.stringify(events);
    expect(events.length).toBeGreaterThanOrEqual(6);
    for (const secret of [session.token, 'mypage2023', '123456', 'human', '2023-10', 'Bearer']) expect(text).not.toContain(secret);
  });

  it('a hook that throws does not break the request', async () => {
    const client = new MyPageClient({
      baseUrl: BASE_URL,
      session,
      hooks: {
        onRequest: () => {
          throw new Error('logger down');
        },
      },
    });
    expect((await client.bills.get('2023-10')).month).toBe('2023-10');
  });
});

describe('per-call control', () => {
  it('requestIdOf gives the x-request-id of a result without changing it (also for list results)', async () => {
    server.use(
      http.get(api('/bills/:month'), () => HttpResponse.json(bill('2023-10'), { headers: { 'x-request-id': 'req-bill' } })),
      http.get(api('/users'), () => HttpResponse.json({ items: [] }, { headers: { 'x-request-id': 'req-users' } })),
    );
    const client = new MyPageClient({ baseUrl: BASE_URL, session });
    const result = await client.bills.get('2023-10');
    expect(requestIdOf(result)).toBe('req-bill');
    expect(Object.keys(result)).not.toContain('requestId');
    expect(JSON.stringify(result)).toBe(JSON.stringify(bill('2023-10')));
    expect(requestIdOf(await client.users.list())).toBe('req-users');
  });

  it('per-call headers are sent; the SDK keeps its own Authorization', async () => {
    let seen: Headers | undefined;
    server.use(
      http.get(api('/bills/:month'), ({ request }) => {
        seen = request.headers;
        return HttpResponse.json(bill('2023-10'));
      }),
    );
    const client = new MyPageClient({ baseUrl: BASE_URL, session });
    await client.bills.get('2023-10', { headers: { 'x-trace-id': 'abc', authorization: 'Bearer other' } });
    expect(seen?.get('x-trace-id')).toBe('abc');
    expect(seen?.get('authorization')).toBe(`Bearer ${session.token}`);
  });

  it('per-call retries override the client’s', async () => {
    let calls = 0;
    server.use(
      http.get(api('/bills/:month'), () => {
        calls += 1;
        return apiError('SERVICE_UNAVAILABLE');
      }),
    );
    const client = new MyPageClient({ baseUrl: BASE_URL, session, retries: 5, sleep: async () => undefined });
    await client.bills.get('2023-10', { retries: 0 }).catch(() => undefined);
    expect(calls).toBe(1);
  });
});
