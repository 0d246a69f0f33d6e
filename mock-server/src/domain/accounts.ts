import { jstIso, newPasswordProblem, type ErrorDetail, type User } from '@mypage/api';
import { ApiError } from '../errors.js';
import { randomId, randomTemporaryPassword } from '../infra/secrets.js';
import { UniqueViolation, type RepositorySet } from '../store/repositories.js';
import type { AccountRecord } from '../store/schema.js';
import type { Hasher } from './ports.js';

/* Account helpers shared by registration, login, recovery and user management. */

export function toUser(a: AccountRecord): User {
  return {
    id: a.id,
    accessId: a.accessId,
    email: a.email,
    name: a.name,
    role: a.role,
    notify: a.notify,
    status: a.status,
    createdAt: jstIso(new Date(a.createdAt)),
  };
}

export const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** R-FMT-2 → PASSWORD_POLICY with a detail saying which part is wrong. */
export function assertPasswordPolicy(password: string, field = 'newPassword'): void {
  const problem = newPasswordProblem(password);
  if (problem === null) return;
  const [ja, en] = problem;
  throw new ApiError('PASSWORD_POLICY', { details: [{ path: field, message: ja, messageEn: en }] });
}

/** A UniqueViolation of the email rule → EMAIL_TAKEN (decision under R-USER-1); anything else is rethrown. */
export function emailTaken(error: unknown): never {
  if (error instanceof UniqueViolation && error.constraint === 'account-email-in-group') throw new ApiError('EMAIL_TAKEN');
  throw error;
}

/** `taro@example.jp` → `t***@example.jp` (what the screens show of an address). */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** A pending account (R-REG-4, R-USER-1) with its temporary password (R-FMT-3, stored hashed). */
export async function newPendingAccount(hasher: Hasher, fields: {
  billingGroupId: string;
  email: string;
  name: string;
  role: AccountRecord['role'];
  notify: boolean;
  now: Date;
}): Promise<{ account: Omit<AccountRecord, 'accessId'>; temporaryPassword: string }> {
  const temporaryPassword = randomTemporaryPassword();
  return {
    temporaryPassword,
    account: {
      id: randomId('usr'),
      billingGroupId: fields.billingGroupId,
      email: fields.email.trim(),
      name: fields.name,
      role: fields.role,
      notify: fields.notify,
      status: 'pending',
      passwordHash: null,
      temporaryPasswordHash: await hasher.hash(temporaryPassword),
      createdAt: fields.now.toISOString(),
    },
  };
}

/** A hash nobody's password matches (one per hasher), so unknown access IDs cost the same scrypt time. */
const dummyHashes = new WeakMap<Hasher, Promise<string>>();
export async function spendComparableTime(hasher: Hasher, secret: string): Promise<void> {
  let dummy = dummyHashes.get(hasher);
  if (!dummy) dummyHashes.set(hasher, (dummy = hasher.hash('not-a-real-password-0')));
  await hasher.verify(secret, await dummy);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text fields people type: no control characters, no lone surrogates (they break mail and files). */
export function assertCleanText(value: string, path: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value) || LONE_SURROGATE.test(value)) {
    const detail: ErrorDetail = { path, message: `${path}に使用できない文字が含まれています。`, messageEn: 'contains control characters or invalid Unicode' };
    throw new ApiError('VALIDATION_FAILED', { details: [detail] });
  }
}

/**
 * A new password for the account (a reset link, or its owner changing it), inside the caller's
 * transaction: the hash changes, open OTPs are voided and every session ends, so whoever held the
 * old password or a session of it is out. Null when the account is gone.
 */
export async function replacePassword(tx: RepositorySet, accountId: string, passwordHash: string, now: Date): Promise<AccountRecord | null> {
  const updated = await tx.accounts.update(accountId, { passwordHash });
  if (!updated) return null;
  await tx.challenges.voidOpenOf(accountId, now);
  await tx.sessions.endAllOf(accountId, now);
  return updated;
}
