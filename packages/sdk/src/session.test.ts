import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MyPageClient, SessionExpiredError } from './index.js';
import { BASE_URL, api, me, session } from './testing/fixtures.js';
import { apiError, createMswServer, rejection } from './testing/handlers.js';

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const stale = { token: 'tok-stale', expiresAt: '2023-12-01T09:00:00+09:00' };

/** /me answers SESSION_EXPIRED for the stale token (D-3), the normal answer for the valid one. */
function expireStaleToken() {
  server.use(
    http.get(api('/me'), ({ request }) =>
      request.headers.get('authorization') === `Bearer ${session.token}` ? HttpResponse.json(me) : apiError('SESSION_EXPIRED'),
    ),
  );
}

describe('session expiry hook (D-3)', () => {
  it('re-logs in once and retries the failed request', async () => {
    expireStaleToken();
    let calls = 0;
    const client: MyPageClient = new MyPageClient({
      baseUrl: BASE_URL,
      session: stale,
      onSessionExpired: async (error) => {
        calls += 1;
        expect(error).toBeInstanceOf(SessionExpiredError);
        await client.auth.login({ accessId: 'm95au6', password: 'mypage2023', otp: async () => '123456', captcha: async () => 'human' });
      },
    });
    const result = await client.me();
    expect(result.user.accessId).toBe('m95au6');
    expect(calls).toBe(1);
    expect(client.session?.token).toBe(session.token);
  });

  it('does not loop: a second SESSION_EXPIRED after the re-login is thrown', async () => {
    server.use(http.get(api('/me'), () => apiError('SESSION_EXPIRED')));
    let calls = 0;
    const client: MyPageClient = new MyPageClient({
      baseUrl: BASE_URL,
      session: stale,
      onSessionExpired: async () => {
        calls += 1;
        client.setSession(session);
      },
    });
    const error = await rejection(client.me());
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(calls).toBe(1);
  });

  it('resolving false gives up with the original error', async () => {
    expireStaleToken();
    const client = new MyPageClient({ baseUrl: BASE_URL, session: stale, onSessionExpired: async () => false });
    const error = await rejection(client.me());
    expect(error.code).toBe('SESSION_EXPIRED');
  });

  it('a failing re-login surfaces its own error (e.g. wrong password)', async () => {
    expireStaleToken();
    const client: MyPageClient = new MyPageClient({
      baseUrl: BASE_URL,
      session: stale,
      onSessionExpired: async () => {
        await client.auth.login({ accessId: 'm95au6', password: 'wrong1234', otp: async () => '123456', captcha: async () => 'human' });
      },
    });
    expect((await rejection(client.me())).code).toBe('INVALID_CREDENTIALS');
  });

  it('AUTH_REQUIRED with no session at all also asks for a login (lazy login)', async () => {
    let calls = 0;
    const client: MyPageClient = new MyPageClient({
      baseUrl: BASE_URL,
      onSessionExpired: async () => {
        calls += 1;
        client.setSession(session);
      },
    });
    expect((await client.me()).user.accessId).toBe('m95au6');
    expect(calls).toBe(1);
  });

  it('concurrent requests that expire together share one re-login', async () => {
    expireStaleToken();
    let calls = 0;
    const client: MyPageClient = new MyPageClient({
      baseUrl: BASE_URL,
      session: stale,
      onSessionExpired: async () => {
        calls += 1;
        await new Promise((r) => setTimeout(r, 20));
        client.setSession(session);
      },
    });
    const results = await Promise.all([client.me(), client.me(), client.me()]);
    expect(results.map((r) => r.user.accessId)).toEqual(['m95au6', 'm95au6', 'm95au6']);
    expect(calls).toBe(1);
  });

  it('a request made inside the hook does not wait for its own renewal (no deadlock)', async () => {
    expireStaleToken();
    let calls = 0;
    const client: MyPageClient = new MyPageClient({
      baseUrl: BASE_URL,
      session: stale,
      onSessionExpired: async () => {
        calls += 1;
        // still the stale token: this fails at once with SESSION_EXPIRED instead of hanging
        await client.me().catch((e: unknown) => expect(e).toBeInstanceOf(SessionExpiredError));
        client.setSession(session);
      },
    });
    expect((await client.me()).user.accessId).toBe('m95au6');
    expect(calls).toBe(1);
  });

  it('without a hook, SESSION_EXPIRED is thrown as SessionExpiredError', async () => {
    expireStaleToken();
    const client = new MyPageClient({ baseUrl: BASE_URL, session: stale });
    expect(await rejection(client.me())).toBeInstanceOf(SessionExpiredError);
  });
});

describe('session state', () => {
  it('login keeps the session; export → restore in a new client works; logout forgets it', async () => {
    const first = new MyPageClient({ baseUrl: BASE_URL });
    expect(first.session).toBeNull();
    let seenChallenge = '';
    const result = await first.auth.login({
      accessId: 'Ｍ９５ＡＵ６',
      password: 'mypage2023',
      otp: async (challenge) => {
        seenChallenge = challenge.sentTo;
        return '１２３４５６'; // full-width digits are normalised (R-FMT-7)
      },
      captcha: async (info) => (info.provider === 'test' ? 'human' : undefined),
    });
    expect(seenChallenge).toBe('t***@example.jp');
    expect(result.idleTimeoutSeconds).toBe(600);
    const saved = JSON.parse(JSON.stringify(first.exportSession()));
    expect(saved).toEqual({ token: session.token, expiresAt: session.expiresAt });

    const second = new MyPageClient({ baseUrl: BASE_URL });
    second.restoreSession(saved);
    expect((await second.me()).user.accessId).toBe('m95au6');
    const info = await second.auth.session();
    expect(second.session?.expiresAt).toBe(info.expiresAt);
    await second.auth.logout();
    expect(second.session).toBeNull();
    expect((await rejection(second.me())).code).toBe('AUTH_REQUIRED');
  });

  it('logout of an already expired session still forgets it without calling the hook', async () => {
    server.use(http.post(api('/auth/logout'), () => apiError('SESSION_EXPIRED')));
    let hook = 0;
    const client = new MyPageClient({
      baseUrl: BASE_URL,
      session: stale,
      onSessionExpired: async () => {
        hook += 1;
      },
    });
    await client.auth.logout();
    expect(client.session).toBeNull();
    expect(hook).toBe(0);
  });

  it('otpAttempts asks again after a wrong OTP, telling the attempts left', async () => {
    const client = new MyPageClient({ baseUrl: BASE_URL });
    const contexts: Array<number | undefined> = [];
    await client.auth.login({
      accessId: 'm95au6',
      password: 'mypage2023',
      otpAttempts: 3,
      otp: async (_challenge, context) => {
        contexts.push(context.previousError?.attemptsLeft);
        return context.attempt === 1 ? '000000' : '123456';
      },
      captcha: async () => 'human',
    });
    expect(contexts).toEqual([undefined, 4]);
    expect(client.session?.token).toBe(session.token);
  });
});
