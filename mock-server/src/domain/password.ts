import type { ChangePassword, Session } from '@mypage/api';
import { ApiError } from '../errors.js';
import { assertPasswordPolicy, replacePassword } from './accounts.js';
import type { DomainContext } from './ports.js';
import type { AuthContext } from './sessions.js';

/**
 * A signed-in user changes their own password (ASVS V6.2.2, V6.2.3). The current password is
 * asked for and checked like a login's: a wrong one counts toward the access ID's lock (R-LOGIN,
 * domain/throttle.ts), so a stolen session cannot guess it. The new one follows R-FMT-2. Then, in
 * one transaction, the password changes, open OTPs are voided and every session of the account
 * ends — this one too; the answer is a new session, so the caller carries on signed in.
 */
export async function changePassword(ctx: DomainContext, auth: AuthContext, input: ChangePassword): Promise<Session> {
  const { account } = auth;
  assertPasswordPolicy(input.newPassword);
  const attempt = await ctx.loginThrottle.reserve(account.accessId);
  if (!(await ctx.hasher.verify(input.currentPassword, account.passwordHash))) {
    throw new ApiError('INVALID_CREDENTIALS', { messageJa: '現在のパスワードが正しくありません。', messageEn: 'The current password is wrong.' });
  }
  await ctx.loginThrottle.refund(attempt);
  const passwordHash = await ctx.hasher.hash(input.newPassword);
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    if (!(await replacePassword(tx, account.id, passwordHash, now))) throw new ApiError('SESSION_EXPIRED');
  });
  return ctx.sessions.create(account.id);
}
