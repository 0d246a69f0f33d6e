import { jstIso, normalizeAccessId, normalizeOtp, OTP_PATTERN, type Login, type LoginChallenge, type OtpVerify, type Session } from '@mypage/api';
import { ApiError } from '../errors.js';
import { otpMail } from '../mail/templates.js';
import { randomId, randomOtp } from '../infra/secrets.js';
import { maskEmail, spendComparableTime } from './accounts.js';
import type { DomainContext } from './ports.js';

/*
 * Login (R-LOGIN-1/2, R-FMT-7).
 * 1. access ID + password → a challenge: a 6-digit OTP (stored hashed) mailed to the registered
 *    address, valid 10 minutes. Unknown access ID and wrong password answer the same
 *    INVALID_CREDENTIALS after the same work (V6.3.8): the same store write (the attempt is
 *    reserved in one record per access ID, known or not) and the same scrypt cost (a dummy hash
 *    at the current cost; an older-cost hash is padded to it, infra/secrets.ts). A right password
 *    on an older-cost hash re-hashes it. Failures are throttled (domain/throttle.ts):
 *    the attempt is counted before the hash is checked and refunded when the password was right.
 *    A pending account answers REGISTRATION_INCOMPLETE, but only to someone who knows its
 *    temporary password (anyone else gets INVALID_CREDENTIALS). Only a completed login (step 2)
 *    resets the throttle; a challenge voided by 5 wrong OTPs counts as one failure.
 * 2. challenge + OTP + robot check → a session. The OTP is single use; 5 wrong tries void it
 *    (OTP_INCORRECT with attemptsLeft, then OTP_EXPIRED). A new login voids the account's
 *    earlier open challenges.
 */

export const OTP_TTL_MS = 10 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;

export async function login(ctx: DomainContext, input: Login): Promise<LoginChallenge> {
  const accessId = normalizeAccessId(input.accessId);
  const attempt = await ctx.loginThrottle.reserve(accessId);
  const account = await ctx.repos.accounts.byAccessId(accessId);
  if (!account) {
    await spendComparableTime(ctx.hasher, input.password);
  } else if (account.status === 'pending') {
    if (await ctx.hasher.verify(input.password, account.temporaryPasswordHash)) {
      await ctx.loginThrottle.refund(attempt);
      throw new ApiError('REGISTRATION_INCOMPLETE');
    }
  } else if (await ctx.hasher.verify(input.password, account.passwordHash)) {
    await ctx.loginThrottle.refund(attempt);
    await rehashIfOlder(ctx, account.id, input.password, account.passwordHash!);
    return issueChallenge(ctx, account.id, account.email);
  }
  throw new ApiError('INVALID_CREDENTIALS'); // the reserved attempt stays counted
}

/**
 * Lazy re-hash (ASVS V11.4.2): a password hash made at a lower cost than new hashes get (a store
 * from before N=2^17) is replaced at the first right password, in one compare-and-set, so a
 * password changed meanwhile is never overwritten. Not worth failing a login for: when it cannot
 * be done now (the hashing queue is full, the store refuses), the old hash stays valid and is
 * re-hashed at the next login.
 */
async function rehashIfOlder(ctx: DomainContext, accountId: string, password: string, stored: string): Promise<void> {
  if (!ctx.hasher.needsRehash(stored)) return;
  try {
    await ctx.repos.accounts.rehashPassword(accountId, stored, await ctx.hasher.hash(password));
  } catch (error) {
    ctx.logger.error('password re-hash postponed to the next login', { accountId, reason: error instanceof Error ? error.name : 'unknown' });
  }
}

async function issueChallenge(ctx: DomainContext, accountId: string, email: string): Promise<LoginChallenge> {
  const now = ctx.clock.now();
  const otp = randomOtp();
  const otpHash = await ctx.hasher.hash(otp);
  const expiresAt = new Date(now.getTime() + OTP_TTL_MS);
  const id = randomId('chl');
  await ctx.repos.challenges.issue(
    { id, accountId, otpHash, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString(), attempts: 0, usedAt: null, voidedAt: null },
    now,
  );
  await ctx.mailer.send(otpMail({ to: email, otp, expiresAt }));
  return { challengeId: id, sentTo: maskEmail(email), expiresAt: jstIso(expiresAt), captcha: ctx.captcha.info() };
}

export async function verifyOtp(ctx: DomainContext, input: OtpVerify, remoteIp?: string): Promise<Session> {
  const challenge = await ctx.repos.challenges.findOpen(input.challengeId, ctx.clock.now());
  if (!challenge) throw new ApiError('OTP_EXPIRED');
  // The robot check gates the OTP check; a failed robot check does not use up an OTP try.
  if (!(await ctx.captcha.verify(input.captchaToken, remoteIp))) throw new ApiError('CAPTCHA_FAILED');

  const otp = normalizeOtp(input.otp);
  const right = OTP_PATTERN.test(otp) && (await ctx.hasher.verify(otp, challenge.otpHash));
  // One store operation: the OTP is used at most once, even by concurrent requests.
  const outcome = await ctx.repos.challenges.consume(challenge.id, right, ctx.clock.now(), OTP_MAX_ATTEMPTS);
  const account = await ctx.repos.accounts.get(challenge.accountId);
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
