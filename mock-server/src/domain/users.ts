import type { User, UserCreate, UserUpdate } from '@mypage/api';
import { ApiError } from '../errors.js';
import { randomAccessId } from '../infra/secrets.js';
import { emailChangedMail, registrationMail } from '../mail/templates.js';
import type { RepositorySet } from '../store/repositories.js';
import { assertCleanText, emailTaken, newPendingAccount, sameEmail, toUser } from './accounts.js';
import { newLink } from './links.js';
import type { DomainContext } from './ports.js';
import { registrationUrl } from './registration.js';
import type { AuthContext } from './sessions.js';

/*
 * User management (ユーザ管理, R-USER-1..3); admin only (app.ts answers ADMIN_ONLY to others).
 * - A created user is pending and gets the registration mail (URL, access ID, temporary
 *   password; R-REG-4), then completes R-REG-5 like a self-registered customer.
 * - Decision (EMAIL_TAKEN): an address is used by at most one account per billing group (the
 *   same person may have accounts in several groups, R-CON-2; forgot-ID mails all of them).
 *   The store enforces it (accounts.create / update), also against concurrent requests.
 * - Decision (LAST_ADMIN): a group always keeps at least one active admin: the last one can be
 *   neither demoted nor deleted.
 * - Deleting a user ends their sessions and voids their links and OTPs.
 * - Changing a user's email tells the OLD address and ends that user's sessions (ASVS V6.2, V7.4:
 *   an admin who changes a colleague's address and then resets the password is seen, and a session
 *   opened before the change does not outlive it).
 */

async function target(repos: RepositorySet, auth: AuthContext, id: string) {
  const account = await repos.accounts.get(id);
  if (!account || account.billingGroupId !== auth.group.id) throw new ApiError('USER_NOT_FOUND');
  return account;
}

export async function listUsers(ctx: DomainContext, auth: AuthContext): Promise<User[]> {
  return (await ctx.repos.accounts.listByGroup(auth.group.id)).map(toUser);
}

export async function createUser(ctx: DomainContext, auth: AuthContext, input: UserCreate): Promise<User> {
  assertCleanText(input.name, 'name');
  const now = ctx.clock.now();
  const { account, temporaryPassword } = await newPendingAccount(ctx.hasher, { billingGroupId: auth.group.id, ...input, now });
  const link = newLink(account.id, 'registration', now);
  const record = await ctx.repos
    .transaction(async (tx) => {
      const created = await tx.accounts.create(account, randomAccessId);
      await tx.links.issue(link.record, now);
      return created;
    })
    .catch(emailTaken);
  await ctx.mailer.send(
    registrationMail({
      to: record.email,
      url: registrationUrl(ctx.config.publicUrl, link.token),
      accessId: record.accessId,
      temporaryPassword,
      expiresAt: link.expiresAt,
      createdByAdmin: true,
    }),
  );
  return toUser(record);
}

export async function updateUser(ctx: DomainContext, auth: AuthContext, id: string, patch: UserUpdate): Promise<User> {
  if (patch.name !== undefined) assertCleanText(patch.name, 'name');
  const now = ctx.clock.now();
  const result = await ctx.repos
    .transaction(async (tx) => {
      const account = await target(tx, auth, id);
      if (patch.role === 'general' && account.role === 'admin' && !(await tx.accounts.hasOtherActiveAdmin(auth.group.id, account.id))) {
        throw new ApiError('LAST_ADMIN');
      }
      const updated = await tx.accounts.update(account.id, {
        ...(patch.email !== undefined ? { email: patch.email.trim() } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.notify !== undefined ? { notify: patch.notify } : {}),
      });
      const emailChanged = updated !== null && !sameEmail(updated.email, account.email);
      if (emailChanged) await tx.sessions.endAllOf(account.id, now);
      return { updated, previous: account, emailChanged };
    })
    .catch(emailTaken);
  const { updated, previous, emailChanged } = result;
  if (!updated) throw new ApiError('USER_NOT_FOUND');
  if (emailChanged && previous.status === 'active') {
    await ctx.mailer.send(emailChangedMail({ to: previous.email, accessId: updated.accessId, changedAt: now }));
  }
  return toUser(updated);
}

export async function deleteUser(ctx: DomainContext, auth: AuthContext, id: string): Promise<void> {
  const now = ctx.clock.now();
  await ctx.repos.transaction(async (tx) => {
    const account = await target(tx, auth, id);
    if (account.role === 'admin' && !(await tx.accounts.hasOtherActiveAdmin(auth.group.id, account.id))) throw new ApiError('LAST_ADMIN');
    await tx.accounts.delete(account.id);
    await tx.sessions.endAllOf(account.id, now);
  });
}
