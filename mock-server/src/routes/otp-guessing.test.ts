import { describe, expect, it } from 'vitest';
import { DEMO, demoApp, latestOtp, post } from '../testing/index.js';

/* R-FMT-7 + the failed-login lock: wrong OTPs count toward the access ID's lock across challenges. */

const admin = DEMO.groupA.admin;

describe('OTP guessing across challenges', () => {
  it('60 logins × 4 wrong codes no longer escape the lock: wrong OTPs carry over to the next challenge, 25 guesses lock the access ID', async () => {
    const t = await demoApp();
    let guesses = 0;
    let stoppedBy = '';
    rounds: for (let round = 0; round < 60; round++) {
      const login = await post(t, '/api/v1/auth/login', { accessId: admin.accessId, password: admin.password });
      if (login.status !== 200) {
        stoppedBy = login.body.error.code;
        break;
      }
      const right = latestOtp(t, admin.email);
      const wrong = right === '000000' ? '111111' : '000000';
      for (let i = 0; i < 4; i++) {
        const res = await post(t, '/api/v1/auth/otp', { challengeId: login.body.challengeId, otp: wrong, captchaToken: 'x' });
        if (res.status !== 401) continue rounds; // voided: log in again
        guesses++;
      }
    }
    expect(stoppedBy).toBe('LOGIN_THROTTLED');
    expect(guesses).toBe(25); // 5 voided challenges × 5 wrong tries, as the docs promise
  });

  it('the next challenge tells how many tries are left after the ones carried over', async () => {
    const t = await demoApp();
    const first = await post(t, '/api/v1/auth/login', { accessId: admin.accessId, password: admin.password });
    const wrong = latestOtp(t, admin.email) === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) await post(t, '/api/v1/auth/otp', { challengeId: first.body.challengeId, otp: wrong, captchaToken: 'x' });
    const second = await post(t, '/api/v1/auth/login', { accessId: admin.accessId, password: admin.password });
    const wrongAgain = latestOtp(t, admin.email) === '000000' ? '111111' : '000000';
    const res = await post(t, '/api/v1/auth/otp', { challengeId: second.body.challengeId, otp: wrongAgain, captchaToken: 'x' });
    expect(res.body.error).toMatchObject({ code: 'OTP_INCORRECT', attemptsLeft: 1 });
    // the right code still works within the tries left, and a completed login starts afresh
    const ok = await post(t, '/api/v1/auth/otp', { challengeId: second.body.challengeId, otp: latestOtp(t, admin.email), captchaToken: 'x' });
    expect(ok.status).toBe(200);
  });
});
