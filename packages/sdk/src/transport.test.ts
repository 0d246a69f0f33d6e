import { delay, http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, MyPageClient, NetworkError, ServerError, TimeoutError, ValidationError, type MyPageClientOptions } from './index.js';
import { BASE_URL, api, bill, inquiry, session, user } from './testing/fixtures.js';
import { apiError, createMswServer, rejection } from './testing/handlers.js';

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A client whose waits are recorded (and skipped) instead of slept. */
function recordingClient(options: Partial<MyPageClientOptions> = {}) {
  const waits: number[] = [];
  const client = new MyPageClient({
    baseUrl: BASE_URL,
    session,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  return { client, waits };
}

/** Answers `failures` times with `fail()`, then with `ok()`; counts the calls. */
function flaky(failures: number, fail: () => Response, ok: () => Response) {
  const counter = { calls: 0 };
  const resolver = () => {
    counter.calls += 1;
    return counter.calls <= failures ? fail() : ok();
  };
  return { counter, resolver };
}

describe('retries (idempotent requests only)', () => {
  it('retries a GET after 503 and returns the eventual answer', async () => {
    const { counter, resolver } = flaky(2, () => apiError('SERVICE_UNAVAILABLE'), () => HttpResponse.json(bill('2023-10')));
    server.use(http.get(api('/bills/:month'), resolver));
    const { client, waits } = recordingClient({ retries: 2 });
    const result = await client.bills.get('2023-10');
    expect(result.total).toBe(3630);
    expect(counter.calls).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('gives up after `retries` extra tries with the last error', async () => {
    const { counter, resolver } = flaky(99, () => new HttpResponse(null, { status: 504 }), () => HttpResponse.json({}));
    server.use(http.get(api('/me'), resolver));
    const { client } = recordingClient({ retries: 2 });
    const error = await rejection(client.me());
    expect(error).toBeInstanceOf(ServerError);
    expect(error.status).toBe(504);
    expect(counter.calls).toBe(3);
  });

  it('D-12: retries a POST after 503 with the same Idempotency-Key on every try', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(api('/inquiries'), async ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        if (keys.length === 1) return apiError('SERVICE_UNAVAILABLE');
        return HttpResponse.json(inquiry((await request.json()) as { category: string; subject: string }), { status: 201 });
      }),
    );
    const { client, waits } = recordingClient({ retries: 5 });
    await client.inquiries.send({ category: 'other', subject: 'test' });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[\x21-\x7e]{1,255}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(waits).toHaveLength(1);
  });

  it('D-12: each POST call gets a fresh key; a caller can pass its own', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(api('/inquiries'), async ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return HttpResponse.json(inquiry((await request.json()) as { category: string; subject: string }), { status: 201 });
      }),
    );
    const { client } = recordingClient();
    await client.inquiries.send({ category: 'other', subject: 'a' });
    await client.inquiries.send({ category: 'other', subject: 'a' });
    await client.inquiries.send({ category: 'other', subject: 'a' }, { idempotencyKey: 'my-key-1' });
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[2]).toBe('my-key-1');
  });

  it('D-12: a malformed idempotency key is refused before sending', async () => {
    const { counter, resolver } = flaky(0, () => HttpResponse.error(), () => HttpResponse.json({}));
    server.use(http.post(api('/inquiries'), resolver));
    const { client } = recordingClient();
    for (const key of ['', 'with space', 'x'.repeat(256), 'キー']) {
      const error = await rejection(client.inquiries.send({ category: 'other', subject: 'a' }, { idempotencyKey: key }));
      expect(error).toBeInstanceOf(ValidationError);
    }
    expect(counter.calls).toBe(0);
  });

  it('a POST sent with idempotencyKey: false is never retried', async () => {
    const { counter, resolver } = flaky(1, () => HttpResponse.error(), () => HttpResponse.json({}));
    server.use(http.post(api('/inquiries'), resolver));
    const { client } = recordingClient({ retries: 5 });
    const error = await rejection(client.inquiries.send({ category: 'other', subject: 'test' }, { idempotencyKey: false }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(counter.calls).toBe(1);
  });

  it('retries a GET after a network error, and a DELETE after 502', async () => {
    const get = flaky(1, () => HttpResponse.error(), () => HttpResponse.json({ items: [user] }));
    const del = flaky(1, () => new HttpResponse('bad gateway', { status: 502 }), () => new HttpResponse(null, { status: 204 }));
    server.use(http.get(api('/users'), get.resolver), http.delete(api('/users/:id'), del.resolver));
    const { client } = recordingClient();
    expect(await client.users.list()).toHaveLength(1);
    await client.users.delete('u1');
    expect([get.counter.calls, del.counter.calls]).toEqual([2, 2]);
  });

  it('does not retry a 4xx other than 429', async () => {
    const { counter, resolver } = flaky(9, () => apiError('BILL_NOT_FOUND'), () => HttpResponse.json({}));
    server.use(http.get(api('/bills/:month'), resolver));
    const { client } = recordingClient();
    expect((await rejection(client.bills.get('2023-10'))).code).toBe('BILL_NOT_FOUND');
    expect(counter.calls).toBe(1);
  });

  it('backs off exponentially with full jitter, capped', async () => {
    const { resolver } = flaky(99, () => new HttpResponse(null, { status: 503 }), () => HttpResponse.json({}));
    server.use(http.get(api('/me'), resolver));
    const { client, waits } = recordingClient({ retries: 5, random: () => 0.999999, retryDelayMs: { base: 100, max: 1000 } });
    await rejection(client.me());
    expect(waits.map((w) => Math.round(w / 10) * 10)).toEqual([100, 200, 400, 800, 1000]);
    const half = recordingClient({ retries: 2, random: () => 0.5, retryDelayMs: { base: 100, max: 1000 } });
    await rejection(half.client.me());
    expect(half.waits).toEqual([50, 100]);
  });
});

describe('Retry-After', () => {
  it('waits the seconds of Retry-After on 429 before retrying a GET', async () => {
    const { counter, resolver } = flaky(1, () => apiError('RATE_LIMITED', {}, { 'Retry-After': '3' }), () => HttpResponse.json(bill('2023-10')));
    server.use(http.get(api('/bills/:month'), resolver));
    const { client, waits } = recordingClient();
    await client.bills.get('2023-10');
    expect(waits).toEqual([3000]);
    expect(counter.calls).toBe(2);
  });

  it('understands an HTTP-date Retry-After', async () => {
    const at = new Date(Date.now() + 5_000).toUTCString();
    const { resolver } = flaky(1, () => new HttpResponse(null, { status: 503, headers: { 'Retry-After': at } }), () => HttpResponse.json(bill('2023-10')));
    server.use(http.get(api('/bills/:month'), resolver));
    const { client, waits } = recordingClient();
    await client.bills.get('2023-10');
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(3_000);
    expect(waits[0]).toBeLessThanOrEqual(6_000);
  });

  it('throws instead of waiting when Retry-After is longer than maxRetryAfterMs', async () => {
    const { counter, resolver } = flaky(1, () => apiError('RATE_LIMITED', { retryAfter: 600 }, { 'Retry-After': '600' }), () => HttpResponse.json({}));
    server.use(http.get(api('/me'), resolver));
    const { client, waits } = recordingClient({ maxRetryAfterMs: 60_000 });
    const error = await rejection(client.me());
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfter).toBe(600);
    expect(waits).toEqual([]);
    expect(counter.calls).toBe(1);
  });

  it('really sleeps (default sleep) for Retry-After: 1', async () => {
    const { resolver } = flaky(1, () => apiError('RATE_LIMITED', {}, { 'Retry-After': '1' }), () => HttpResponse.json(bill('2023-10')));
    server.use(http.get(api('/bills/:month'), resolver));
    const client = new MyPageClient({ baseUrl: BASE_URL, session });
    const started = performance.now();
    await client.bills.get('2023-10');
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('timeouts and abort', () => {
  it('a request slower than timeoutMs fails with TimeoutError (not retried)', async () => {
    let calls = 0;
    server.use(
      http.get(api('/me'), async () => {
        calls += 1;
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const { client } = recordingClient({ timeoutMs: 50 });
    const error = await rejection(client.me());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.code).toBe('TIMEOUT');
    expect(calls).toBe(1);
  });

  it('the per-call timeoutMs overrides the client default', async () => {
    server.use(
      http.get(api('/me'), async () => {
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const { client } = recordingClient({ timeoutMs: 60_000 });
    expect(await rejection(client.me({ timeoutMs: 30 }))).toBeInstanceOf(TimeoutError);
  });

  it('the caller\'s AbortSignal cancels an in-flight request with AbortError', async () => {
    server.use(
      http.get(api('/me'), async () => {
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const { client } = recordingClient();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const error = await rejection(client.me({ signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(error.code).toBe('ABORTED');
  });

  it('an already aborted signal sends nothing', async () => {
    let calls = 0;
    server.use(
      http.get(api('/me'), () => {
        calls += 1;
        return HttpResponse.json({});
      }),
    );
    const { client } = recordingClient();
    const error = await rejection(client.me({ signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(calls).toBe(0);
  });

  it('the client\'s `signal` option ends every call (with or without a per-call signal)', async () => {
    server.use(
      http.get(api('/me'), async () => {
        await delay(2_000);
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const { client } = recordingClient({ signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const [a, b] = await Promise.all([rejection(client.me()), rejection(client.me({ signal: new AbortController().signal }))]);
    expect(a).toBeInstanceOf(AbortError);
    expect(b).toBeInstanceOf(AbortError);
    const after = await rejection(client.me());
    expect(after.code).toBe('ABORTED');
  });

  it('aborting during a retry wait stops the retries', async () => {
    const { counter, resolver } = flaky(9, () => apiError('RATE_LIMITED', {}, { 'Retry-After': '30' }), () => HttpResponse.json({}));
    server.use(http.get(api('/me'), resolver));
    const client = new MyPageClient({ baseUrl: BASE_URL, session });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await rejection(client.me({ signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(counter.calls).toBe(1);
  });
});

describe('the request', () => {
  it('uses an injected fetch when one is given', async () => {
    const seen: string[] = [];
    const client = new MyPageClient({
      baseUrl: `${BASE_URL}/`,
      session,
      fetch: async (input, init) => {
        seen.push(`${init?.method} ${String(input)} ${new Headers(init?.headers).get('authorization')}`);
        return HttpResponse.json(bill('2023-10'));
      },
    });
    expect((await client.bills.get('2023/10')).month).toBe('2023-10');
    expect(seen).toEqual([`GET ${BASE_URL}/api/v1/bills/2023-10 Bearer ${session.token}`]);
  });

  it('sends its user agent and JSON body', async () => {
    server.use(
      http.post(api('/inquiries'), async ({ request }) =>
        request.headers.get('user-agent') === 'my-app/1.0' && request.headers.get('content-type') === 'application/json'
          ? HttpResponse.json({ ...(await import('./testing/fixtures.js')).inquiry((await request.json()) as never) }, { status: 201 })
          : apiError('UNSUPPORTED_MEDIA_TYPE'),
      ),
    );
    const { client } = recordingClient({ userAgent: 'my-app/1.0' });
    expect((await client.inquiries.send({ category: 'other', subject: 'こんにちは' })).subject).toBe('こんにちは');
  });

  it('refuses a client without an http(s) baseUrl', () => {
    expect(() => new MyPageClient({ baseUrl: 'localhost:8787' })).toThrow(/baseUrl/);
  });
});
