import { Sessions } from '../domain/sessions.js';
import type { AccountRecord } from '../store/schema.js';
import type { TestApp } from './app.js';

/*
 * Test helpers for the resource endpoints: a session for an account without going through the
 * login flow (which has its own tests), and an active account for a group that has none.
 */

export async function sessionToken(t: TestApp, accountId: string): Promise<string> {
  const sessions = new Sessions(t.store, t.clock, t.config.sessionIdleMs, t.config.sessionAbsoluteMs);
  return (await sessions.create(accountId)).token;
}

let counter = 0;

export async function activeAccount(
  t: TestApp,
  billingGroupId: string,
  opts: { id?: string; email?: string; name?: string; notify?: boolean; role?: AccountRecord['role'] } = {},
): Promise<AccountRecord> {
  const n = ++counter;
  const id = opts.id ?? `usr_test_${billingGroupId}_${n}`;
  return t.store.accounts.create(
    {
      id,
      billingGroupId,
      email: opts.email ?? `${id}@example.jp`,
      name: opts.name ?? 'テスト ユーザ',
      role: opts.role ?? 'admin',
      notify: opts.notify ?? true,
      status: 'active',
      passwordHash: null,
      temporaryPasswordHash: null,
      createdAt: t.clock.now().toISOString(),
    },
    () => `t${String(n).padStart(5, '0')}`.slice(0, 6),
  );
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
