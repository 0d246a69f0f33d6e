import type { User, UserCreate, UserUpdate } from '@mypage/api';
import type { AppContext } from '../app.js';
import type { AuthContext } from './sessions.js';
import { ApiError } from '../errors.js';
import { registrationMail } from '../mail/templates.js';
import { assertCleanText, keepsAnAdmin, newPendingAccount, sameEmail, toUser, uniqueAccessId } from './accounts.js';
import { issueLink } from './links.js';
import { registrationUrl } from './registration.js';

/*
 * User management (ユーザ管理, R-USER-1..3); admin only (app.ts answers ADMIN_ONLY to others).
 * - A created user is pending and gets the registration mail (URL, access ID, temporary
 *   password; R-REG-4), then completes R-REG-5 like a self-registered customer.
 * - Decision (EMAIL_TAKEN): an address is used by at most one account per billing group (the
 *   same person may have accounts in several groups, R-CON-2; forgot-ID mails all of them).
 * - Decision (LAST_ADMIN): a group always keeps at least one active admin: the last one can be
 *   neither demoted nor deleted.
 * - Deleting a user ends their sessions and voids their links and OTPs.
 */

function target(ctx: AppContext, auth: AuthContext, id: string) {
  const account = ctx.store.data.accounts.find((a) => a.id === id && a.billingGroupId === auth.group.id);
  if (!account) throw new ApiError('USER_NOT_FOUND');
  return account;
}

function assertEmailFree(ctx: AppContext, groupId: string, email: string, exceptId?: string): void {
  if (ctx.store.data.accounts.some((a) => a.billingGroupId === groupId && a.id !== exceptId && sameEmail(a.email, email))) {
    throw new ApiError('EMAIL_TAKEN');
  }
}

export function listUsers(ctx: AppContext, auth: AuthContext): User[] {
  return ctx.store.data.accounts
    .filter((a) => a.billingGroupId === auth.group.id)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.accessId.localeCompare(b.accessId))
    .map(toUser);
}

export async function createUser(ctx: AppContext, auth: AuthContext, input: UserCreate): Promise<User> {
  assertCleanText(input.name, 'name');
  assertEmailFree(ctx, auth.group.id, input.email);
  const now = ctx.clock.now();
  const { account, temporaryPassword } = await newPendingAccount({ billingGroupId: auth.group.id, ...input, now });
  const { record, token, expiresAt } = await ctx.store.update((d) => {
    assertEmailFree(ctx, auth.group.id, input.email); // again, inside the serialised update
    const record = { ...account, accessId: uniqueAccessId(d) };
    d.accounts.push(record);
    return { record, ...issueLink(d, record.id, 'registration', now) };
  });
  await ctx.mailer.send(
    registrationMail({
      to: record.email,
      url: registrationUrl(ctx.config.publicUrl, token),
      accessId: record.accessId,
      temporaryPassword,
      expiresAt,
      createdByAdmin: true,
    }),
  );
  return toUser(record);
}

export async function updateUser(ctx: AppContext, auth: AuthContext, id: string, patch: UserUpdate): Promise<User> {
  if (patch.name !== undefined) assertCleanText(patch.name, 'name');
  const account = target(ctx, auth, id);
  if (patch.email !== undefined) assertEmailFree(ctx, auth.group.id, patch.email, account.id);
  await ctx.store.update((d) => {
    if (patch.role === 'general' && account.role === 'admin' && !keepsAnAdmin(d, auth.group.id, account.id)) throw new ApiError('LAST_ADMIN');
    if (patch.email !== undefined) account.email = patch.email.trim();
    if (patch.name !== undefined) account.name = patch.name;
    if (patch.role !== undefined) account.role = patch.role;
    if (patch.notify !== undefined) account.notify = patch.notify;
  });
  return toUser(account);
}

export async function deleteUser(ctx: AppContext, auth: AuthContext, id: string): Promise<void> {
  const account = target(ctx, auth, id);
  await ctx.store.update((d) => {
    if (account.role === 'admin' && !keepsAnAdmin(d, auth.group.id, account.id)) throw new ApiError('LAST_ADMIN');
    d.accounts = d.accounts.filter((a) => a.id !== account.id);
    d.links = d.links.filter((l) => l.accountId !== account.id);
    d.challenges = d.challenges.filter((c) => c.accountId !== account.id);
  });
  await ctx.sessions.endAll(account.id);
}
