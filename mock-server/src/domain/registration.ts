import { type RegistrationComplete, type RegistrationCompleted, type RegistrationLink, type RegistrationStart, type RegistrationStarted } from '@mypage/api';
import { jstIso, normalizeAccessId } from '@mypage/api';
import type { AppContext } from '../app.js';
import { ApiError } from '../errors.js';
import { registrationMail } from '../mail/templates.js';
import { assertPasswordPolicy, newPendingAccount, spendComparableTime, uniqueAccessId } from './accounts.js';
import { matchCustomer } from './customers.js';
import { findValidLink, issueLink } from './links.js';
import { hashSecret, maskEmail, verifySecret } from './secrets.js';

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

export async function startRegistration(ctx: AppContext, input: RegistrationStart): Promise<RegistrationStarted> {
  if (input.agreeToTerms !== true) throw new ApiError('TERMS_NOT_ACCEPTED');
  const { group, contract } = matchCustomer(ctx.store.data, input);
  const now = ctx.clock.now();
  const { account, temporaryPassword } = await newPendingAccount({
    billingGroupId: group.id,
    email: input.email,
    name: contract.customerName,
    role: 'admin',
    notify: true,
    now,
  });
  const { accessId, token, expiresAt } = await ctx.store.update((d) => {
    // Checked inside the update: two concurrent starts cannot both create an account.
    const existing = d.accounts.filter((a) => a.billingGroupId === group.id);
    if (existing.some((a) => a.status === 'active')) throw new ApiError('ALREADY_REGISTERED');
    const stale = new Set(existing.map((a) => a.id));
    d.accounts = d.accounts.filter((a) => !stale.has(a.id));
    d.links = d.links.filter((l) => !stale.has(l.accountId));
    d.challenges = d.challenges.filter((c) => !stale.has(c.accountId));
    const accessId = uniqueAccessId(d);
    d.accounts.push({ ...account, accessId });
    return { accessId, ...issueLink(d, account.id, 'registration', now) };
  });
  await ctx.mailer.send(
    registrationMail({ to: account.email, url: registrationUrl(ctx.config.publicUrl, token), accessId, temporaryPassword, expiresAt }),
  );
  return { message: REGISTRATION_STARTED_MESSAGE, sentTo: maskEmail(account.email) };
}

/** GET of a mailed link (registration or password reset): valid, or REGISTRATION_LINK_INVALID. */
export function checkLink(ctx: AppContext, token: string): RegistrationLink {
  const link = findValidLink(ctx.store.data, token, ctx.clock.now());
  if (!link) throw new ApiError('REGISTRATION_LINK_INVALID');
  return { valid: true, expiresAt: jstIso(new Date(link.expiresAt)), purpose: link.purpose };
}

/** R-REG-5: access ID + temporary password, then the real password (R-FMT-2). The link is then used. */
export async function completeRegistration(ctx: AppContext, token: string, input: RegistrationComplete): Promise<RegistrationCompleted> {
  const link = findValidLink(ctx.store.data, token, ctx.clock.now(), 'registration');
  if (!link) throw new ApiError('REGISTRATION_LINK_INVALID');
  const accessId = normalizeAccessId(input.accessId);
  const retryAfter = ctx.loginThrottle.retryAfter(accessId);
  if (retryAfter !== null) throw new ApiError('LOGIN_THROTTLED', { retryAfter });

  const account = ctx.store.data.accounts.find((a) => a.id === link.accountId);
  const ok = account !== undefined && account.accessId === accessId && (await verifySecret(input.temporaryPassword, account.temporaryPasswordHash));
  if (!account) await spendComparableTime(input.temporaryPassword);
  if (!ok || !account) {
    await ctx.loginThrottle.recordFailure(accessId);
    throw new ApiError('INVALID_CREDENTIALS', { messageJa: 'アクセスIDまたは仮パスワードが正しくありません。', messageEn: 'Wrong access ID or temporary password.' });
  }
  assertPasswordPolicy(input.newPassword);
  if (input.newPassword === input.temporaryPassword) {
    throw new ApiError('PASSWORD_POLICY', {
      details: [{ path: 'newPassword', message: '仮パスワードと異なるパスワードを設定してください。', messageEn: 'choose a password other than the temporary one' }],
    });
  }
  const passwordHash = await hashSecret(input.newPassword);
  await ctx.store.update((d) => {
    // Single use, also against a concurrent completion of the same link, and void if the pending
    // account was replaced (restart) or deleted (R-USER-2) during the scrypt work above.
    if (link.usedAt !== null || !d.links.includes(link) || !d.accounts.includes(account)) throw new ApiError('REGISTRATION_LINK_INVALID');
    link.usedAt = ctx.clock.now().toISOString();
    account.passwordHash = passwordHash;
    account.temporaryPasswordHash = null;
    account.status = 'active';
  });
  await ctx.loginThrottle.reset(accessId);
  return { accessId: account.accessId, message: REGISTRATION_COMPLETED_MESSAGE };
}
