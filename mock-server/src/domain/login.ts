import { jstIso, normalizeAccessId, normalizeOtp, OTP_PATTERN, type Login, type LoginChallenge, type OtpVerify, type Session } from '@mypage/api';
import type { AppContext } from '../app.js';
import { ApiError } from '../errors.js';
import { otpMail } from '../mail/templates.js';
import { spendComparableTime } from './accounts.js';
import { hashSecret, maskEmail, randomId, randomOtp, verifySecret } from './secrets.js';

/*
 * Login (R-LOGIN-1/2, R-FMT-7).
 * 1. access ID + password → a challenge: a 6-digit OTP (stored hashed) mailed to the registered
 *    address, valid 10 minutes. Unknown access ID and wrong password answer the same
 *    INVALID_CREDENTIALS after the same scrypt work. Failures are throttled (domain/throttle.ts).
 *    A pending account answers REGISTRATION_INCOMPLETE, but only to someone who knows its
 *    temporary password (anyone else gets INVALID_CREDENTIALS). Only a completed login (step 2)
 *    resets the throttle; a challenge voided by 5 wrong OTPs counts as one failure.
 * 2. challenge + OTP + robot check → a session. The OTP is single use; 5 wrong tries void it
 *    (OTP_INCORRECT with attemptsLeft, then OTP_EXPIRED). A new login voids the account's
 *    earlier open challenges.
 */

export const OTP_TTL_MS = 10 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;

export async function login(ctx: AppContext, input: Login): Promise<LoginChallenge> {
  const accessId = normalizeAccessId(input.accessId);
  const retryAfter = ctx.loginThrottle.retryAfter(accessId);
  if (retryAfter !== null) throw new ApiError('LOGIN_THROTTLED', { retryAfter });

  const account = ctx.store.data.accounts.find((a) => a.accessId === accessId);
  if (!account) {
    await spendComparableTime(input.password);
  } else if (account.status === 'pending') {
    if (await verifySecret(input.password, account.temporaryPasswordHash)) throw new ApiError('REGISTRATION_INCOMPLETE');
  } else if (await verifySecret(input.password, account.passwordHash)) {
    return issueChallenge(ctx, account.id, account.email);
  }
  await ctx.loginThrottle.recordFailure(accessId);
  throw new ApiError('INVALID_CREDENTIALS');
}

async function issueChallenge(ctx: AppContext, accountId: string, email: string): Promise<LoginChallenge> {
  const now = ctx.clock.now();
  const otp = randomOtp();
  const otpHash = await hashSecret(otp);
  const expiresAt = new Date(now.getTime() + OTP_TTL_MS);
  const id = randomId('chl');
  await ctx.store.update((d) => {
    // Void this account's open challenges and forget ones nobody can use any more.
    for (const c of d.challenges) if (c.accountId === accountId && c.usedAt === null && c.voidedAt === null) c.voidedAt = now.toISOString();
    d.challenges = d.challenges.filter((c) => c.usedAt === null && c.voidedAt === null && new Date(c.expiresAt) > now);
    d.challenges.push({ id, accountId, otpHash, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString(), attempts: 0, usedAt: null, voidedAt: null });
  });
  await ctx.mailer.send(otpMail({ to: email, otp, expiresAt }));
  return { challengeId: id, sentTo: maskEmail(email), expiresAt: jstIso(expiresAt), captcha: ctx.captcha.info() };
}

export async function verifyOtp(ctx: AppContext, input: OtpVerify, remoteIp?: string): Promise<Session> {
  const isOpen = () => {
    const c = ctx.store.data.challenges.find((x) => x.id === input.challengeId);
    return c && c.usedAt === null && c.voidedAt === null && new Date(c.expiresAt) > ctx.clock.now() ? c : undefined;
  };
  const challenge = isOpen();
  if (!challenge) throw new ApiError('OTP_EXPIRED');
  // The robot check gates the OTP check; a failed robot check does not use up an OTP try.
  if (!(await ctx.captcha.verify(input.captchaToken, remoteIp))) throw new ApiError('CAPTCHA_FAILED');

  const otp = normalizeOtp(input.otp);
  const right = OTP_PATTERN.test(otp) && (await verifySecret(otp, challenge.otpHash));
  const outcome = await ctx.store.update((): { ok: true } | { ok: false; attemptsLeft: number | null } => {
    // Re-checked inside the update: the OTP is used at most once, even by concurrent requests.
    if (!isOpen()) return { ok: false, attemptsLeft: null };
    if (right) {
      challenge.usedAt = ctx.clock.now().toISOString();
      return { ok: true };
    }
    challenge.attempts += 1;
    if (challenge.attempts >= OTP_MAX_ATTEMPTS) challenge.voidedAt = ctx.clock.now().toISOString();
    return { ok: false, attemptsLeft: OTP_MAX_ATTEMPTS - challenge.attempts };
  });
  const account = ctx.store.data.accounts.find((a) => a.id === challenge.accountId);
  if (!outcome.ok) {
    if (outcome.attemptsLeft === null) throw new ApiError('OTP_EXPIRED');
    // A challenge voided by wrong OTPs counts as a failed login, so knowing the password does
    // not allow guessing OTPs without end (5 × 5 tries, then the access ID is locked).
    if (outcome.attemptsLeft === 0 && account) await ctx.loginThrottle.recordFailure(account.accessId);
    throw new ApiError('OTP_INCORRECT', { attemptsLeft: outcome.attemptsLeft });
  }
  if (!account || account.status !== 'active') throw new ApiError('OTP_EXPIRED');
  await ctx.loginThrottle.reset(account.accessId);
  return ctx.sessions.create(account.id);
}
