import { type RegistrationComplete, type RegistrationCompleted, type RegistrationLink, type RegistrationStart, type RegistrationStarted } from '@mypage/api';
import { jstIso, normalizeAccessId } from '@mypage/api';
import { ApiError } from '../errors.js';
import { randomAccessId } from '../infra/secrets.js';
import { registrationMail } from '../mail/templates.js';
import { assertPasswordPolicy, emailTaken, maskEmail, newPendingAccount, spendComparableTime } from './accounts.js';
import { matchCustomer } from './customers.js';
import { linkHash, newLink } from './links.js';
import type { DomainContext } from './ports.js';

/*
 * Registration (初回登録, R-REG-1..6).
 *
 * Decision (ALREADY_REGISTERED): a billing group has one self-registered account; once the group
 * has an active account, starting again answers ALREADY_REGISTERED (use recovery or ask the
 * group's admin, R-USER-1). A pending registration that was never completed (mail lost, link
 * expired) is replaced by a new start: the old pending account and its links are deleted.
 */

export const REGISTRATION_STARTED_MESSAGE = 'ご登録頂いたメールアドレス宛に仮パスワードを発行いたしました。受信メールのURLよりログインが可能です。';
export const REGISTRATION_COMPLETED_MESSAGE = '初回登録が完了しました。アクセスIDと設定したパスワードでログインしてください。';

export const registrationUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/regist/new/${token}`;

export async function startRegistration(ctx: DomainContext, input: RegistrationStart): Promise<RegistrationStarted> {
  if (input.agreeToTerms !== true) throw new ApiError('TERMS_NOT_ACCEPTED');
  const { group, contract } = await matchCustomer(ctx.repos, input);
  const now = ctx.clock.now();
  const { account, temporaryPassword } = await newPendingAccount(ctx.hasher, {
    billingGroupId: group.id,
    email: input.email,
    name: contract.customerName,
    role: 'admin',
    notify: true,
    now,
  });
  const link = newLink(account.id, 'registration', now);
  const accessId = await ctx.repos
    .transaction(async (tx) => {
      // One transaction: two concurrent starts cannot both create an account.
      const existing = await tx.accounts.listByGroup(group.id);
      if (existing.some((a) => a.status === 'active')) throw new ApiError('ALREADY_REGISTERED');
      for (const stale of existing) await tx.accounts.delete(stale.id);
      const record = await tx.accounts.create(account, randomAccessId);
      await tx.links.issue(link.record, now);
      return record.accessId;
    })
    .catch(emailTaken);
  await ctx.mailer.send(
    registrationMail({ to: account.email, url: registrationUrl(ctx.config.publicUrl, link.token), accessId, temporaryPassword, expiresAt: link.expiresAt }),
  );
  return { message: REGISTRATION_STARTED_MESSAGE, sentTo: maskEmail(account.email) };
}

/** GET of a mailed link (registration or password reset): valid, or REGISTRATION_LINK_INVALID. */
export async function checkLink(ctx: DomainContext, token: string): Promise<RegistrationLink> {
  const hash = linkHash(token);
  const link = hash && (await ctx.repos.links.findValid(hash, ctx.clock.now()));
  if (!link) throw new ApiError('REGISTRATION_LINK_INVALID');
  return { valid: true, expiresAt: jstIso(new Date(link.expiresAt)), purpose: link.purpose };
}

/** R-REG-5: access ID + temporary password, then the real password (R-FMT-2). The link is then used. */
export async function completeRegistration(ctx: DomainContext, token: string, input: RegistrationComplete): Promise<RegistrationCompleted> {
  const hash = linkHash(token);
  const link = hash && (await ctx.repos.links.findValid(hash, ctx.clock.now(), 'registration'));
  if (!hash || !link) throw new ApiError('REGISTRATION_LINK_INVALID');
  const accessId = normalizeAccessId(input.accessId);
  const attempt = await ctx.loginThrottle.reserve(accessId);

  const account = await ctx.repos.accounts.get(link.accountId);
  const ok = account !== null && account.accessId === accessId && (await ctx.hasher.verify(input.temporaryPassword, account.temporaryPasswordHash));
  if (!account) await spendComparableTime(ctx.hasher, input.temporaryPassword);
  if (!ok || !account) {
    throw new ApiError('INVALID_CREDENTIALS', { messageJa: 'アクセスIDまたは仮パスワードが正しくありません。', messageEn: 'Wrong access ID or temporary password.' });
  }
  await ctx.loginThrottle.refund(attempt);
  assertPasswordPolicy(input.newPassword);
  if (input.newPassword === input.temporaryPassword) {
    throw new ApiError('PASSWORD_POLICY', {
      details: [{ path: 'newPassword', message: '仮パスワードと異なるパスワードを設定してください。', messageEn: 'choose a password other than the temporary one' }],
    });
  }
  const passwordHash = await ctx.hasher.hash(input.newPassword);
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    // Single use, also against a concurrent completion of the same link, and void if the pending
    // account was replaced (restart) or deleted (R-USER-2) during the scrypt work above.
    const used = await tx.links.consume(hash, now, 'registration');
    const current = await tx.accounts.get(account.id);
    if (!used || !current) throw new ApiError('REGISTRATION_LINK_INVALID');
    await tx.accounts.update(account.id, { passwordHash, temporaryPasswordHash: null, status: 'active' });
    await tx.loginAttempts.reset(accessId);
  });
  return { accessId: account.accessId, message: REGISTRATION_COMPLETED_MESSAGE };
}
