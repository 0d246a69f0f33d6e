import { normalizeAccessId, type RecoverAccessId, type RecoverEmail, type RecoverPassword, type ResetPassword } from '@mypage/api';
import { ApiError } from '../errors.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { accessIdMail, passwordResetMail } from '../mail/templates.js';
import { assertPasswordPolicy, replacePassword, sameEmail } from './accounts.js';
import { matchCustomer } from './customers.js';
import { linkHash, newLink } from './links.js';
import type { DomainContext } from './ports.js';

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
function sendQuietly(ctx: DomainContext, mail: OutgoingMail): void {
  ctx.mailer.send(mail).catch((error: unknown) => ctx.logger.error('recovery mail not delivered', { name: (error as Error).name }));
}

export async function recoverAccessId(ctx: DomainContext, input: RecoverAccessId): Promise<{ message: string }> {
  const accounts = await ctx.repos.accounts.activeByEmail(input.email);
  if (accounts.length > 0) sendQuietly(ctx, accessIdMail({ to: accounts[0]!.email, accessIds: accounts.map((a) => a.accessId) }));
  return { message: ACCESS_ID_SENT_MESSAGE };
}

export async function recoverPassword(ctx: DomainContext, input: RecoverPassword): Promise<{ message: string }> {
  const accessId = normalizeAccessId(input.accessId);
  const found = await ctx.repos.accounts.byAccessId(accessId);
  const account = found && found.status === 'active' && sameEmail(found.email, input.email) ? found : null;
  const now = ctx.clock.now();
  if (account) {
    const link = newLink(account.id, 'password-reset', now);
    await ctx.repos.links.issue(link.record, now);
    sendQuietly(ctx, passwordResetMail({ to: account.email, url: passwordResetUrl(ctx.config.publicUrl, link.token), accessId: account.accessId, expiresAt: link.expiresAt }));
  } else {
    // The same store write as a match, so timing tells nothing: a link of no account that is
    // expired when written (nothing can use it; the next issue forgets it).
    const { record } = newLink('', 'password-reset', now);
    await ctx.repos.links.issue({ ...record, expiresAt: now.toISOString() }, now);
  }
  return { message: RESET_SENT_MESSAGE };
}

export async function resetPassword(ctx: DomainContext, token: string, input: ResetPassword): Promise<{ message: string }> {
  const hash = linkHash(token);
  const link = hash && (await ctx.repos.links.findValid(hash, ctx.clock.now(), 'password-reset'));
  if (!hash || !link) throw new ApiError('REGISTRATION_LINK_INVALID');
  const account = await ctx.repos.accounts.get(link.accountId);
  if (!account || account.accessId !== normalizeAccessId(input.accessId)) {
    throw new ApiError('INVALID_CREDENTIALS', { messageJa: 'アクセスIDが正しくありません。', messageEn: 'This access ID does not belong to the reset link.' });
  }
  assertPasswordPolicy(input.newPassword);
  const passwordHash = await ctx.hasher.hash(input.newPassword);
  const now = ctx.clock.now();
  // One transaction: the link is used once; the password, the throttle, the open OTPs and every
  // session of the account change together.
  await ctx.repos.transaction(async (tx) => {
    const used = await tx.links.consume(hash, now, 'password-reset');
    if (!used || !(await replacePassword(tx, account.id, passwordHash, now))) throw new ApiError('REGISTRATION_LINK_INVALID');
    await tx.loginAttempts.reset(account.accessId);
  });
  return { message: PASSWORD_RESET_MESSAGE };
}

export async function recoverEmail(ctx: DomainContext, input: RecoverEmail): Promise<{ message: string }> {
  await matchCustomer(ctx.repos, input); // CUSTOMER_NOT_FOUND, as registration answers (R-REG-3)
  return { message: CONTACT_PROVIDER_MESSAGE };
}
