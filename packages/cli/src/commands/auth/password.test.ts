import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PassThrough } from 'node:stream';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, MemoryStore, parseVerb, runInProcess, scripted, testClient, TOKEN, useMsw, useTempDir } from '../../testing.js';
import type { CredentialStore } from '../../credentials/types.js';
import { newPasswordCommand, passwordRun, type PasswordOptions } from './password.js';

/*
 * `mypage password`: the signed-in user's own password change (POST /auth/password): parse, run
 * with fake IO against msw, and through `main` with a memory keychain (the stored password and
 * session are replaced).
 */

const server = useMsw();
const tempDir = useTempDir();
const NEW_SESSION = { token: 'tok-after-change', expiresAt: '2023-12-01T10:40:00+09:00', idleTimeoutSeconds: 600 };

/** The portal's route: the current password must be right; the answer is a new session. */
let changes: { currentPassword: string; newPassword: string }[];
beforeEach(() => {
  changes = [];
  server.use(
    http.post(`${BASE}/api/v1/auth/password`, async ({ request }) => {
      if (request.headers.get('authorization') !== `Bearer ${TOKEN}`) return apiError('AUTH_REQUIRED');
      const body = (await request.json()) as { currentPassword: string; newPassword: string };
      changes.push(body);
      if (body.currentPassword !== 'mypage2023') return apiError('INVALID_CREDENTIALS');
      return HttpResponse.json(NEW_SESSION);
    }),
  );
});

function options(t: ReturnType<typeof fakeTerminal>, extra: Partial<PasswordOptions> = {}): PasswordOptions & { remembered: string[] } {
  const remembered: string[] = [];
  const store = { describe: () => 'memory keychain' } as CredentialStore;
  return {
    ...t,
    client: testClient(),
    env: {},
    profileName: async () => 'default',
    credentials: async () => ({ accessId: 'm95au6', source: 'keychain' }),
    rememberPassword: async (p) => {
      remembered.push(p);
      return store;
    },
    otherProfiles: async () => [],
    passwordStdin: false,
    remembered,
    ...extra,
  };
}

function stdin(t: ReturnType<typeof fakeTerminal>, text: string): void {
  (t.io.stdin as PassThrough).end(text);
}

describe('password — parse', () => {
  it('--password-stdin', async () => {
    expect((await parseVerb(newPasswordCommand, ['--password-stdin'])).passwordStdin).toBe(true);
    expect((await parseVerb(newPasswordCommand, [])).passwordStdin).toBe(false);
  });

  it('takes no password on the command line', async () => {
    await expect(parseVerb(newPasswordCommand, ['--password', 'newpass2024'])).rejects.toThrow(/unknown option/);
    await expect(parseVerb(newPasswordCommand, ['newpass2024'])).rejects.toThrow(/too many arguments/);
  });
});

describe('password — run', () => {
  it('--password-stdin: the current password, then the new one; the stored password becomes the new one', async () => {
    const t = fakeTerminal();
    stdin(t, 'mypage2023\nnewpass2024\n');
    const o = options(t, { passwordStdin: true });
    await passwordRun(o);
    expect(changes).toEqual([{ currentPassword: 'mypage2023', newPassword: 'newpass2024' }]);
    expect(o.remembered).toEqual(['newpass2024']);
    expect(t.err()).toContain('Password changed. Every other session of this account has ended');
    expect(t.err()).toContain('The stored password of profile default is now the new one (memory keychain)');
    expect(t.out() + t.err()).not.toMatch(/mypage2023|newpass2024/);
  });

  it('--password-stdin with one line is a usage error (exit 2), nothing sent', async () => {
    const t = fakeTerminal();
    stdin(t, 'newpass2024\n');
    const f = await failure(passwordRun(options(t, { passwordStdin: true })));
    expect(f.exitCode).toBe(2);
    expect(f.error.message).toBe('--password-stdin reads two lines: the current password, then the new one.');
    expect(changes).toEqual([]);
  });

  it('a new password against the policy is refused before sending, with the portal’s message (exit 2)', async () => {
    const t = fakeTerminal({ lang: 'ja' });
    stdin(t, 'mypage2023\nNewPass2024\n');
    const f = await failure(passwordRun(options(t, { passwordStdin: true })));
    expect(f.exitCode).toBe(2);
    expect((f.error as unknown as { messageJa: string }).messageJa).toBe('新しいパスワード: パスワードに使用できるのは半角英小文字と数字のみです。');
    expect(f.error.message).toBe('New password: only lowercase letters a–z and digits 0–9');
    expect(changes).toEqual([]);
  });

  it('a wrong current password is exit 3 (INVALID_CREDENTIALS) and the stored password stays', async () => {
    const t = fakeTerminal();
    stdin(t, 'wrong12345\nnewpass2024\n');
    const o = options(t, { passwordStdin: true });
    const f = await failure(passwordRun(o));
    expect(f).toMatchObject({ code: 'INVALID_CREDENTIALS', exitCode: 3 });
    expect(o.remembered).toEqual([]);
  });

  it('at a terminal: current password, then the new one checked as it is typed (both languages), then again', async () => {
    const prompter = scripted({ 'Current password': 'mypage2023', 'New password (again)': ['newpass2025', 'newpass2024'], 'New password': ['abcdefgh', 'short1', 'newpass2024'] });
    const t = fakeTerminal({ tty: true, prompter });
    await passwordRun(options(t));
    expect(prompter.asked).toEqual(['Current password', 'New password', 'New password (again)']);
    expect(prompter.refused).toEqual([
      'New password=abcdefgh: Needs at least one digit (パスワードには数字を1文字以上含めてください。)',
      'New password=short1: Must be 8–32 characters (パスワードは半角8文字以上32文字以下で入力してください。)',
      'New password (again)=newpass2025: Does not match',
    ]);
    expect(changes).toEqual([{ currentPassword: 'mypage2023', newPassword: 'newpass2024' }]);
  });

  it('without a terminal, --password-stdin or the variables: exit 2 naming them', async () => {
    const f = await failure(passwordRun(options(fakeTerminal())));
    expect(f.exitCode).toBe(2);
    expect(f.error.message).toContain('--password-stdin');
    expect(f.error.message).toContain('MYPAGE_NEW_PASSWORD');
  });

  it('with environment credentials: MYPAGE_PASSWORD is the current one, and the run says it is now old', async () => {
    const t = fakeTerminal();
    const o = options(t, { env: { MYPAGE_PASSWORD: 'mypage2023', MYPAGE_NEW_PASSWORD: 'newpass2024' }, credentials: async () => ({ accessId: 'm95au6', source: 'env' }), rememberPassword: async () => null });
    await passwordRun(o);
    expect(changes).toHaveLength(1);
    expect(t.err()).toContain('MYPAGE_PASSWORD still holds the old password');
  });

  it('--json: what changed, no secret', async () => {
    const t = fakeTerminal();
    stdin(t, 'mypage2023\nnewpass2024\n');
    t.io.json = true;
    await passwordRun(options(t, { passwordStdin: true }));
    expect(JSON.parse(t.out())).toEqual({
      changed: true,
      profile: 'default',
      accessId: 'm95au6',
      otherSessionsEnded: true,
      session: { expiresAt: NEW_SESSION.expiresAt },
      credentials: 'keychain',
      credentialsUpdated: true,
      otherProfilesUpdated: [],
    });
    expect(t.out()).not.toContain(NEW_SESSION.token);
  });
});

describe('password — other profiles of the same account', () => {
  it('get the new password and lose their ended session, so their next login does not count toward the lock', async () => {
    const store = new MemoryStore();
    await store.set('laptop', { accessId: 'm95au6', password: 'mypage2023', session: { token: 'ended', expiresAt: '2023-12-01T10:29:00+09:00' } });
    await store.set('hanako', { accessId: 'ab12cd', password: 'hanako2024', session: null });
    const t = fakeTerminal();
    stdin(t, 'mypage2023\nnewpass2024\n');
    await passwordRun(options(t, { passwordStdin: true, otherProfiles: async () => [{ name: 'laptop', store }, { name: 'hanako', store }] }));
    expect(await store.get('laptop')).toEqual({ accessId: 'm95au6', password: 'newpass2024', session: null });
    expect(await store.get('hanako')).toEqual({ accessId: 'ab12cd', password: 'hanako2024', session: null });
    expect(t.err()).toContain('Profiles laptop of the same account store the new password too');
  });
});

describe('password — through the CLI with a stored profile', () => {
  it('replaces the stored password and keeps the new session (the old one has ended)', async () => {
    const configDir = tempDir();
    writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentProfile: 'default', profiles: { default: { server: BASE, accessId: 'm95au6', storage: 'keychain' } } }));
    const store = new MemoryStore();
    await store.set('default', { accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2023-12-01T10:29:00+09:00' } });
    const r = await runInProcess(['password'], { store, configDir, env: { MYPAGE_PASSWORD: 'mypage2023', MYPAGE_NEW_PASSWORD: 'newpass2024' } });
    expect(r.code, r.err).toBe(0);
    // MYPAGE_PASSWORD alone (no MYPAGE_ACCESS_ID) is not environment credentials: the profile's are used
    expect(await store.get('default')).toEqual({ accessId: 'm95au6', password: 'newpass2024', session: { token: NEW_SESSION.token, expiresAt: NEW_SESSION.expiresAt } });
    expect(r.err).toContain('The stored password of profile default is now the new one');
  });
});
