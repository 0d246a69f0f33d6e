import type { MyPageClient } from '@mypage/sdk';
import type { User } from '@mypage/api';
import { CliError, ExitCode, usageError } from '../../errors.js';
import type { Terminal } from '../../cmdutil.js';
import { roleLabel } from './print.js';

/*
 * A user named on the command line (R-USER-2): by ID (`usr_…`, as `users list` shows), by email
 * or by access ID — whatever the admin has at hand. The group's list is read once and the name is
 * matched against all three; no match is "not found" (exit 4, like the server's USER_NOT_FOUND),
 * more than one is a usage error (exit 2) that lists them, so nothing is changed on a guess.
 */

/** `日本 花子 <hanako@example.jp> (general, hn42kq)` — how a confirmation names a user. */
export function describeUser(f: Terminal, u: User): string {
  return f.t(`${u.name} <${u.email}>（${roleLabel(f, u.role)}、アクセスID ${u.accessId}）`, `${u.name} <${u.email}> (${u.role}, access ID ${u.accessId})`);
}

/** The users `name` can mean: ID exactly, email case-insensitively (trimmed), access ID as typed or in full-width. */
export async function matchUsers(users: readonly User[], name: string): Promise<User[]> {
  const { normalizeAccessId } = await import('@mypage/api');
  const raw = name.trim();
  const email = raw.toLowerCase();
  const accessId = normalizeAccessId(raw);
  return users.filter((u) => u.id === raw || u.email.toLowerCase() === email || u.accessId === accessId);
}

export async function resolveUser(f: Terminal, client: MyPageClient, name: string): Promise<User> {
  if (name.trim() === '') throw usageError('ユーザを指定してください（ID・メールアドレス・アクセスID）。', 'Name a user: by ID, email or access ID.');
  const users = await f.io.spin(f.t('ユーザを取得中…', 'Fetching users…'), () => client.users.list());
  const found = await matchUsers(users, name);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) {
    throw new CliError(
      'USER_NOT_FOUND',
      `指定のユーザは存在しません: ${name}（ID・メールアドレス・アクセスIDで指定できます）`,
      `No such user: ${name} (name a user by ID, email or access ID)`,
      ExitCode.notFound,
      f.t('ユーザの一覧: mypage users list', 'List the users: mypage users list'),
    );
  }
  const list = found.map((u) => `  ${u.id}  ${describeUser(f, u)}`).join('\n');
  throw usageError(
    `「${name}」に当てはまるユーザが${found.length}人います。ID で指定してください:\n${list}`,
    `"${name}" matches ${found.length} users; name one by ID:\n${list}`,
  );
}
