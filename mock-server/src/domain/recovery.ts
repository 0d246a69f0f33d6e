import { normalizeAccessId, type RecoverAccessId, type RecoverEmail, type RecoverPassword, type ResetPassword } from '@mypage/api';
import type { AppContext } from '../app.js';
import { ApiError } from '../errors.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { accessIdMail, passwordResetMail } from '../mail/templates.js';
import { assertPasswordPolicy, sameEmail } from './accounts.js';
import { matchCustomer } from './customers.js';
import { findValidLink, issueLink } from './links.js';
import { hashSecret } from './secrets.js';

/*
 * Recovery (R-LOGIN-5 decisions).
 * - forgot access ID: mails the access IDs registered with the address;
 * - forgot password: mails a reset link (`/recovery/password/<token>`, 10 days, single use);
 *   setting the new password ends every session of the account;
 * - forgot registered address: verifies contract number + postal code + name and tells the
 *   customer to contact the provider; the address is never disclosed.
 * The first two answer the same message whether or not anything matched (no enumeration) and
 * send the mail without making the answer wait for it.
 */

export const ACCESS_ID_SENT_MESSAGE = 'ご入力のメールアドレスが登録されている場合、アクセスIDをお送りしました。受信メールをご確認ください。';
export const RESET_SENT_MESSAGE = 'ご入力のアクセスIDとメールアドレスが登録されている場合、パスワード再設定のURLをお送りしました。受信メールをご確認ください。';
export const PASSWORD_RESET_MESSAGE = 'パスワードを再設定しました。新しいパスワードでログインしてください。';
export const CONTACT_PROVIDER_MESSAGE =
  'ご契約者様の確認ができました。登録済みメールアドレスはこの画面ではお知らせできません。' +
  'メールアドレスの確認・変更は、日本メディアシステム料金担当（info-mediahikari@n-media.co.jp、受付時間：午前9時～午後5時30分 土日祝日・夏季、冬季休暇を除く）までお問い合わせください。';

export const passwordResetUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/recovery/password/${token}`;

/** Sends in the background: the answer must not take longer when an address is registered. */
function sendQuietly(ctx: AppContext, mail: OutgoingMail): void {
  ctx.mailer.send(mail).catch((error: unknown) => ctx.logger.error('recovery mail not delivered', { name: (error as Error).name }));
}

export async function recoverAccessId(ctx: AppContext, input: RecoverAccessId): Promise<{ message: string }> {
  const accounts = ctx.store.data.accounts.filter((a) => a.status === 'active' && sameEmail(a.email, input.email));
  if (accounts.length > 0) sendQuietly(ctx, accessIdMail({ to: accounts[0]!.email, accessIds: accounts.map((a) => a.accessId) }));
  return { message: ACCESS_ID_SENT_MESSAGE };
}

export async function recoverPassword(ctx: AppContext, input: RecoverPassword): Promise<{ message: string }> {
  const accessId = normalizeAccessId(input.accessId);
  const account = ctx.store.data.accounts.find((a) => a.accessId === accessId && a.status === 'active' && sameEmail(a.email, input.email));
  if (account) {
    const now = ctx.clock.now();
    const { token, expiresAt } = await ctx.store.update((d) => issueLink(d, account.id, 'password-reset', now));
    sendQuietly(ctx, passwordResetMail({ to: account.email, url: passwordResetUrl(ctx.config.publicUrl, token), accessId: account.accessId, expiresAt }));
  } else {
    await ctx.store.update(() => undefined); // the same store write as a match, so timing tells nothing
  }
  return { message: RESET_SENT_MESSAGE };
}

export async function resetPassword(ctx: AppContext, token: string, input: ResetPassword): Promise<{ message: string }> {
  const link = findValidLink(ctx.store.data, token, ctx.clock.now(), 'password-reset');
  if (!link) throw new ApiError('REGISTRATION_LINK_INVALID');
  const account = ctx.store.data.accounts.find((a) => a.id === link.accountId);
  if (!account || account.accessId !== normalizeAccessId(input.accessId)) {
    throw new ApiError('INVALID_CREDENTIALS', { messageJa: 'アクセスIDが正しくありません。', messageEn: 'This access ID does not belong to the reset link.' });
  }
  assertPasswordPolicy(input.newPassword);
  const passwordHash = await hashSecret(input.newPassword);
  const now = ctx.clock.now().toISOString();
  await ctx.store.update((d) => {
    if (link.usedAt !== null || !d.links.includes(link) || !d.accounts.includes(account)) throw new ApiError('REGISTRATION_LINK_INVALID');
    link.usedAt = now;
    account.passwordHash = passwordHash;
    account.failedLogins = { count: 0, since: null, lockedUntil: null };
    for (const c of d.challenges) if (c.accountId === account.id && c.usedAt === null && c.voidedAt === null) c.voidedAt = now;
  });
  await ctx.sessions.endAll(account.id);
  await ctx.loginThrottle.reset(account.accessId);
  return { message: PASSWORD_RESET_MESSAGE };
}

export function recoverEmail(ctx: AppContext, input: RecoverEmail): { message: string } {
  matchCustomer(ctx.store.data, input); // CUSTOMER_NOT_FOUND, as registration answers (R-REG-3)
  return { message: CONTACT_PROVIDER_MESSAGE };
}
