import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, devOtpCommand, runCli, tempDir } from './helpers/cli.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';
import { killSessions, tmux, waitForScreen } from './helpers/terminal.js';

/*
 * `mypage password` end to end: the built CLI changes the password at the reference server, which
 * ends every session of the account and answers a new one. The profile's stored password and
 * session are replaced; another profile's session has ended. Then the prompts in a real terminal
 * (tmux): current password, the new one checked as it is typed, and again.
 */

const ADMIN = { accessId: 'm95au6', email: 'taro@example.jp' };
let server: RunningServer;
let configDir: string;
const tmuxSessions: string[] = [];

const env = (extra: Record<string, string | undefined> = {}) => ({ MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: configDir, ...extra });
const credentialsFile = () => JSON.parse(readFileSync(path.join(configDir, 'credentials.json'), 'utf8'));

async function login(profile: string, password: string) {
  const r = await runCli(['--profile', profile, '--json', 'login', '--insecure-storage', '--otp-command', devOtpCommand(ADMIN.email)], {
    env: env({ MYPAGE_ACCESS_ID: ADMIN.accessId, MYPAGE_PASSWORD: password }),
  });
  expect(r.code, r.stderr).toBe(0);
}

async function sessionAlive(token: string): Promise<number> {
  return (await fetch(`${server.url}/api/v1/auth/session`, { headers: { authorization: `Bearer ${token}` } })).status;
}

const waitFor = (s: string, pattern: RegExp) => waitForScreen(s, pattern);

beforeAll(async () => {
  server = await startServerProcess();
  configDir = tempDir('mypage-cli-password-');
  await login('default', 'mypage2023');
  await login('laptop', 'mypage2023');
});

afterAll(async () => {
  killSessions(tmuxSessions);
  await server?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

describe('mypage password (the built CLI ↔ the reference server)', () => {
  it('--password-stdin changes the password; the profile keeps working on a new session, the others have ended', async () => {
    const before = credentialsFile();
    const oldToken = before.default.session.token as string;
    const laptopToken = before.laptop.session.token as string;
    const otpMails = (await server.mailbox(ADMIN.email)).length;

    const r = await runCli(['--json', 'password', '--password-stdin'], { env: env(), input: 'mypage2023\nnewpass2024\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ changed: true, profile: 'default', accessId: ADMIN.accessId, otherSessionsEnded: true, credentials: 'file', credentialsUpdated: true });
    expect(r.stdout + r.stderr).not.toMatch(/mypage2023|newpass2024/);

    const after = credentialsFile();
    expect(after.default.password).toBe('newpass2024');
    expect(after.default.session.token).not.toBe(oldToken);
    expect(await sessionAlive(oldToken)).toBe(401);
    expect(await sessionAlive(laptopToken)).toBe(401);
    expect(await sessionAlive(after.default.session.token)).toBe(200);
    // the other profile of this account: the new password, no (ended) session
    expect(after.laptop).toMatchObject({ password: 'newpass2024', session: null });

    // no new login (no OTP mail) for the next command of this profile
    const who = await runCli(['--json', 'whoami'], { env: env() });
    expect(who.json()).toMatchObject({ session: { active: true } });
    expect((await server.mailbox(ADMIN.email)).length).toBe(otpMails);

    // the new password logs in; the old one does not
    await login('fresh', 'newpass2024');
    const old = await runCli(['--json', 'login', '--insecure-storage', '--otp', '000000'], { env: env({ MYPAGE_PROFILE: 'old', MYPAGE_ACCESS_ID: ADMIN.accessId, MYPAGE_PASSWORD: 'mypage2023' }) });
    expect(old.code).toBe(3);
    expect(old.error().code).toBe('INVALID_CREDENTIALS');
  }, 120_000);

  it('a new password against the policy is refused before it is sent (exit 2, the portal’s message in both languages)', async () => {
    const r = await runCli(['password', '--password-stdin'], { env: env(), input: 'newpass2024\nonlyletters\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('パスワードには数字を1文字以上含めてください。');
    expect(r.stderr).toContain('needs at least one digit');
    expect(credentialsFile().default.password).toBe('newpass2024');
  }, 60_000);

  it('a wrong current password: exit 3, the stored password stays', async () => {
    const r = await runCli(['--json', 'password', '--password-stdin'], { env: env(), input: 'wrongpass1\nother2024x\n' });
    expect(r.code).toBe(3);
    expect(r.error()).toMatchObject({ code: 'INVALID_CREDENTIALS', message: '現在のパスワードが正しくありません。' });
    expect(credentialsFile().default.password).toBe('newpass2024');
  }, 60_000);

  it('prompts in a real terminal: current password, the new one checked as typed, then again', async () => {
    const s = `mypage-password-${process.pid}`;
    const vars = ['LANG=C.UTF-8', `MYPAGE_CONFIG_DIR=${configDir}`, `MYPAGE_SERVER=${server.url}`, 'DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/mypage-test-bus', 'NO_COLOR=1'];
    tmux('-u', 'new-session', '-d', '-s', s, '-x', '160', '-y', '40', `env ${vars.join(' ')} '${process.execPath}' '${CLI_BIN}' password; echo EXIT=$?; sleep 120`);
    tmuxSessions.push(s);
    await waitFor(s, /\? Current password/);
    tmux('send-keys', '-t', s, 'newpass2024', 'Enter');
    await waitFor(s, /\? New password(?! \(again\))/);
    tmux('send-keys', '-t', s, 'abcdefgh', 'Enter');
    await waitFor(s, /Needs at least one digit \(パスワードには数字を1文字以上含めてください。\)/);
    tmux('send-keys', '-t', s, 'C-u');
    tmux('send-keys', '-t', s, 'third2024', 'Enter');
    await waitFor(s, /\? New password \(again\)/);
    tmux('send-keys', '-t', s, 'third2024', 'Enter');
    const done = await waitFor(s, /EXIT=\d+/);
    expect(done).toContain('EXIT=0');
    expect(done).toContain('Password changed.');
    expect(done).not.toMatch(/newpass2024|third2024/);
    expect(credentialsFile().default.password).toBe('third2024');
  }, 60_000);
});
