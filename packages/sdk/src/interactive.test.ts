import { describe, expect, it } from 'vitest';
import { InteractiveLoginRequiredError, MyPageClient } from './index.js';

/* D-11: a login with no way to the OTP is refused before the portal mails one. */

describe('InteractiveLoginRequiredError (D-11)', () => {
  it('login() without an otp callback throws it without sending any request', async () => {
    const requests: string[] = [];
    const client = new MyPageClient({
      baseUrl: 'http://127.0.0.1:9',
      fetch: (async (input: RequestInfo | URL) => {
        requests.push(String(input));
        throw new Error('no request expected');
      }) as typeof fetch,
    });
    const err = await client.auth.login({ accessId: 'm95au6', password: 'mypage2023' } as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InteractiveLoginRequiredError);
    expect((err as InteractiveLoginRequiredError).code).toBe('INTERACTIVE_LOGIN_REQUIRED');
    expect((err as Error).message).toContain('otp');
    expect(JSON.stringify(err)).not.toContain('mypage2023');
    expect(requests).toEqual([]);
  });

  it('its default message names the three ways a CLI user has', () => {
    const e = new InteractiveLoginRequiredError();
    for (const way of ['--otp', '--otp-command', '--otp-imap']) expect(e.messageEn).toContain(way);
    expect(e.toJSON()).toMatchObject({ name: 'InteractiveLoginRequiredError', code: 'INTERACTIVE_LOGIN_REQUIRED', status: null });
  });
});
