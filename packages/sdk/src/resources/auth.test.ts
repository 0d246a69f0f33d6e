import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, MyPageClient } from '../index.js';
import { BASE_URL, api, me } from '../testing/fixtures.js';
import { apiError, createMswServer, rejection } from '../testing/handlers.js';

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const before = { token: 'tok-before', expiresAt: '2024-01-15T10:10:00+09:00' };
const after = { token: 'tok-after', expiresAt: '2024-01-15T10:12:00+09:00', idleTimeoutSeconds: 600 };

describe('auth.changePassword', () => {
  it('sends the current and the new password once and carries on with the session the server answers', async () => {
    const sent: unknown[] = [];
    server.use(
      http.post(api('/auth/password'), async ({ request }) => {
        sent.push(await request.json());
        return request.headers.get('authorization') === `Bearer ${before.token}` ? HttpResponse.json(after) : apiError('SESSION_EXPIRED');
      }),
      http.get(api('/me'), ({ request }) => (request.headers.get('authorization') === `Bearer ${after.token}` ? HttpResponse.json(me) : apiError('SESSION_EXPIRED'))),
    );
    const client = new MyPageClient({ baseUrl: BASE_URL, session: before });
    const session = await client.auth.changePassword({ currentPassword: 'mypage2023', newPassword: 'renewed2024' });
    expect(session.token).toBe(after.token);
    expect(sent).toEqual([{ currentPassword: 'mypage2023', newPassword: 'renewed2024' }]);
    expect(client.session?.token).toBe(after.token);
    expect((await client.me()).user.accessId).toBe(me.user.accessId);
  });

  it('a wrong current password is an AuthenticationError and the client keeps its session', async () => {
    server.use(http.post(api('/auth/password'), () => apiError('INVALID_CREDENTIALS')));
    const client = new MyPageClient({ baseUrl: BASE_URL, session: before });
    const error = await rejection(client.auth.changePassword({ currentPassword: 'nope', newPassword: 'renewed2024' }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(client.session?.token).toBe(before.token);
  });
});
