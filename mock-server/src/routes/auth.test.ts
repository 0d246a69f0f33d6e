import { MAIL_SUBJECTS } from '@mypage/api';
import { describe, expect, it } from 'vitest';
import { createCaptchaVerifier } from '../infra/captcha.js';
import { DEMO, demoApp, get, lastMail, latestOtp, post, signInDemoAdmin, startGroupB } from '../testing/index.js';
import { storedData } from '../testing/index.js';

const admin = DEMO.groupA.admin;
const LOGIN = '/api/v1/auth/login';
const OTP = '/api/v1/auth/otp';

async function challenge(t: Awaited<ReturnType<typeof demoApp>>) {
  const res = await post(t, LOGIN, { accessId: admin.accessId, password: admin.password });
  expect(res.status).toBe(200);
  return res.body.challengeId as string;
}

describe('login (R-LOGIN-1)', () => {
  it('R-LOGIN-1: access ID + password mails a 6-digit OTP valid 10 minutes to the registered address', async () => {
    const t = await demoApp();
    const res = await post(t, LOGIN, { accessId: admin.accessId, password: admin.password });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      challengeId: expect.any(String),
      sentTo: 't***@example.jp',
      expiresAt: '2024-01-15T10:10:00+09:00',
      captcha: { provider: 'none' },
    });
    const mail = lastMail(t, admin.email, MAIL_SUBJECTS.otp);
    expect(mail.from).toBe('info-mediahikari@n-media.co.jp');
    expect(mail.text).toMatch(/^ワンタイムパスワード：[0-9]{6}$/m);
    expect(mail.text).toContain('有効期限は10分です');
    expect(mail.text).toContain('2024-01-15 10:10'); // Japan time, whatever the machine's zone
  });

  it('R-FMT-1: the access ID is accepted in upper case and full width', async () => {
    const t = await demoApp();
    const res = await post(t, LOGIN, { accessId: 'Ｍ９５ＡＵ６', password: admin.password });
    expect(res.status).toBe(200);
  });

  it('R-LOGIN-1: unknown access ID and wrong password answer the same INVALID_CREDENTIALS', async () => {
    const t = await demoApp();
    const wrong = await post(t, LOGIN, { accessId: admin.accessId, password: 'wrong1234' });
    const unknown = await post(t, LOGIN, { accessId: 'zz99zz', password: 'wrong1234' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
      expect(res.body.error.message).toBe('アクセスIDまたはパスワードが正しくありません。');
    }
    const strip = (b: { error: Record<string, unknown> }) => ({ ...b.error, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(t.mailer.list()).toHaveLength(0);
  });

  it('R-REG-5: a pending account answers REGISTRATION_INCOMPLETE to its temporary password only', async () => {
    const t = await demoApp();
    const reg = await startGroupB(t);
    const temp = await post(t, LOGIN, { accessId: reg.accessId, password: reg.temporaryPassword });
    expect(temp.status).toBe(403);
    expect(temp.body.error.code).toBe('REGISTRATION_INCOMPLETE');
    const guess = await post(t, LOGIN, { accessId: reg.accessId, password: 'guess1234' });
    expect(guess.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('throttle: 5 failures within 15 minutes lock the access ID for 15 minutes (429 + Retry-After), even for the right password', async () => {
    const t = await demoApp();
    for (let i = 0; i < 5; i++) {
      const res = await post(t, LOGIN, { accessId: admin.accessId, password: `wrong${i}xyz` });
      expect(res.body.error.code).toBe('INVALID_CREDENTIALS');
      t.clock.advanceMinutes(1);
    }
    const locked = await post(t, LOGIN, { accessId: admin.accessId, password: admin.password });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('LOGIN_THROTTLED');
    expect(locked.headers.get('retry-after')).toBe(String(14 * 60));
    expect(locked.body.error.retryAfter).toBe(14 * 60);
    t.clock.advanceMinutes(14);
    const open = await post(t, LOGIN, { accessId: admin.accessId, password: admin.password });
    expect(open.status).toBe(200);
  });

  it('throttle: failures spread over more than 15 minutes do not lock; a completed login resets the count', async () => {
    const t = await demoApp();
    for (let i = 0; i < 8; i++) {
      expect((await post(t, LOGIN, { accessId: admin.accessId, password: 'nope1234' })).status).toBe(401);
      t.clock.advanceMinutes(4); // the 5th failure falls outside the 15-minute window of the 1st
    }
    for (let i = 0; i < 4; i++) await post(t, LOGIN, { accessId: admin.accessId, password: 'nope1234' });
    await signInDemoAdmin(t);
    for (let i = 0; i < 4; i++) await post(t, LOGIN, { accessId: admin.accessId, password: 'nope1234' });
    expect((await post(t, LOGIN, { accessId: admin.accessId, password: admin.password })).status).toBe(200);
  });

  it('throttle: OTP challenges voided by 5 wrong tries count as failed logins (no endless OTP guessing)', async () => {
    const t = await demoApp();
    for (let round = 0; round < 5; round++) {
      const id = await challenge(t);
      const wrong = latestOtp(t, admin.email) === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) await post(t, OTP, { challengeId: id, otp: wrong });
    }
    const locked = await post(t, LOGIN, { accessId: admin.accessId, password: admin.password });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('LOGIN_THROTTLED');
  });

  it('throttle: unknown access IDs are throttled the same way (the lock reveals nothing)', async () => {
    const t = await demoApp();
    for (let i = 0; i < 5; i++) await post(t, LOGIN, { accessId: 'zz99zz', password: 'nope1234' });
    const res = await post(t, LOGIN, { accessId: 'zz99zz', password: 'nope1234' });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('LOGIN_THROTTLED');
  });
});

describe('OTP (R-LOGIN-2, R-FMT-7)', () => {
  it('R-FMT-7: the OTP is valid at 9:59', async () => {
    const t = await demoApp();
    const id = await challenge(t);
    t.clock.advance(9 * 60_000 + 59_000);
    const res = await post(t, OTP, { challengeId: id, otp: latestOtp(t, admin.email) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: expect.any(String), expiresAt: expect.stringMatching(/\+09:00$/), idleTimeoutSeconds: 600 });
  });

  it('R-FMT-7: the OTP is void at 10:01', async () => {
    const t = await demoApp();
    const id = await challenge(t);
    t.clock.advance(10 * 60_000 + 1_000);
    const res = await post(t, OTP, { challengeId: id, otp: latestOtp(t, admin.email) });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('OTP_EXPIRED');
  });

  it('R-FMT-7: 5 wrong tries void the OTP (attemptsLeft 4..0, then OTP_EXPIRED even for the right one)', async () => {
    const t = await demoApp();
    const id = await challenge(t);
    const right = latestOtp(t, admin.email);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left--) {
      const res = await post(t, OTP, { challengeId: id, otp: wrong });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'OTP_INCORRECT', attemptsLeft: left });
    }
    const res = await post(t, OTP, { challengeId: id, otp: right });
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('OTP_EXPIRED');
  });

  it('R-FMT-7: 4 wrong tries still let the right OTP through', async () => {
    const t = await demoApp();
    const id = await challenge(t);
    for (let i = 0; i < 4; i++) await post(t, OTP, { challengeId: id, otp: 'abc' });
    expect((await post(t, OTP, { challengeId: id, otp: latestOtp(t, admin.email) })).status).toBe(200);
  });

  it('R-FMT-7: the OTP is single use', async () => {
    const t = await demoApp();
    const id = await challenge(t);
    const otp = latestOtp(t, admin.email);
    expect((await post(t, OTP, { challengeId: id, otp })).status).toBe(200);
    const again = await post(t, OTP, { challengeId: id, otp });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('OTP_EXPIRED');
  });

  it('R-FMT-7: single use holds for concurrent requests with the right OTP', async () => {
    const t = await demoApp();
    const id = await challenge(t);
    const otp = latestOtp(t, admin.email);
    const answers = await Promise.all([1, 2, 3].map(() => post(t, OTP, { challengeId: id, otp })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410, 410]);
  });

  it('R-FMT-7: full-width digits are accepted (numeric, half-width after normalisation)', async () => {
    const t = await demoApp();
    const id = await challenge(t);
    const fullWidth = latestOtp(t, admin.email).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect((await post(t, OTP, { challengeId: id, otp: fullWidth })).status).toBe(200);
  });

  it('a new login voids the earlier OTP', async () => {
    const t = await demoApp();
    const first = await challenge(t);
    const firstOtp = latestOtp(t, admin.email);
    await challenge(t);
    const res = await post(t, OTP, { challengeId: first, otp: firstOtp });
    expect(res.body.error.code).toBe('OTP_EXPIRED');
  });

  it('an unknown challenge answers OTP_EXPIRED (log in again)', async () => {
    const t = await demoApp();
    const res = await post(t, OTP, { challengeId: 'chl_nope', otp: '123456' });
    expect(res.status).toBe(410);
  });

  it('R-LOGIN-6: in `test` mode the robot check needs the configured token; a failed check costs no OTP try', async () => {
    const t = await demoApp({ captcha: createCaptchaVerifier({ mode: 'test', token: 'robot-ok' }), config: { dev: false } });
    const login = await post(t, LOGIN, { accessId: admin.accessId, password: admin.password });
    expect(login.body.captcha).toEqual({ provider: 'test' });
    const otp = latestOtp(t, admin.email);
    for (const captchaToken of [undefined, '', 'robot-no']) {
      const res = await post(t, OTP, { challengeId: login.body.challengeId, otp, ...(captchaToken === undefined ? {} : { captchaToken }) });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('CAPTCHA_FAILED');
    }
    for (let i = 0; i < 4; i++) await post(t, OTP, { challengeId: login.body.challengeId, otp: 'x', captchaToken: 'nope' });
    const ok = await post(t, OTP, { challengeId: login.body.challengeId, otp, captchaToken: 'robot-ok' });
    expect(ok.status).toBe(200);
  });
});

describe('sessions (R-LOGIN-3, R-LOGIN-4, D-3)', () => {
  it('R-LOGIN-4: a session stays alive with activity spaced 9 minutes apart', async () => {
    const t = await demoApp();
    const token = await signInDemoAdmin(t);
    for (let i = 0; i < 6; i++) {
      t.clock.advanceMinutes(9);
      const res = await get(t, '/api/v1/auth/session', token);
      expect(res.status).toBe(200);
      const expected = new Date(t.clock.now().getTime() + 600_000);
      expect(new Date(res.body.expiresAt).getTime()).toBe(expected.getTime());
      expect(res.body.idleTimeoutSeconds).toBe(600);
    }
  });

  it('R-LOGIN-4: 10 minutes without activity end the session (SESSION_EXPIRED)', async () => {
    const t = await demoApp();
    const token = await signInDemoAdmin(t);
    t.clock.advanceMinutes(9);
    expect((await get(t, '/api/v1/me', token)).status).toBe(200);
    t.clock.advanceMinutes(10);
    const res = await get(t, '/api/v1/me', token);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('SESSION_EXPIRED');
    expect(res.body.error.message).toBe('一定時間操作がなかったため、ログアウトしました。再度ログインしてください。');
  });

  it('R-LOGIN-3: logout ends the session', async () => {
    const t = await demoApp();
    const token = await signInDemoAdmin(t);
    const out = await post(t, '/api/v1/auth/logout', undefined, token);
    expect(out.status).toBe(204);
    expect((await get(t, '/api/v1/me', token)).body.error.code).toBe('SESSION_EXPIRED');
    expect((await post(t, '/api/v1/auth/logout', undefined, token)).status).toBe(401);
  });

  it('D-3: every login gets a new token; no token → AUTH_REQUIRED', async () => {
    const t = await demoApp();
    const a = await signInDemoAdmin(t);
    const b = await signInDemoAdmin(t);
    expect(a).not.toBe(b);
    expect((await get(t, '/api/v1/me', a)).status).toBe(200);
    const none = await get(t, '/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('AUTH_REQUIRED');
  });

  it('R-HOME-1: /me shows the user, the billing group and the session', async () => {
    const t = await demoApp();
    const token = await signInDemoAdmin(t);
    const me = await get(t, '/api/v1/me', token);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      user: { id: admin.id, accessId: 'm95au6', email: 'taro@example.jp', name: admin.name, role: 'admin', notify: true, status: 'active', createdAt: '2023-07-01T09:00:00+09:00' },
      billingGroup: { id: 'bg_a', customerNumber: '2NCAF0000000001', name: '日本　太郎' },
      session: { expiresAt: '2024-01-15T10:10:00+09:00', idleTimeoutSeconds: 600 },
    });
  });

  it('secrets are stored only hashed: no OTP, password or session token in the store', async () => {
    const t = await demoApp();
    const login = await post(t, LOGIN, { accessId: admin.accessId, password: admin.password });
    const otp = latestOtp(t, admin.email);
    const session = await post(t, OTP, { challengeId: login.body.challengeId, otp });
    const json = JSON.stringify((await storedData(t)));
    expect(json).not.toContain(admin.password);
    expect(json).not.toContain(`"${otp}"`);
    expect(json).not.toContain(session.body.token);
  });
});
