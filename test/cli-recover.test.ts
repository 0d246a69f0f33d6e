import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_PATTERNS, MAIL_SUBJECTS } from '@mypage/api';
import { devOtpCommand, runCli, tempDir } from './helpers/cli.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * Forgotten access ID / password / email through the built CLI (R-LOGIN-5), against the real
 * server: mails go to the dev mailbox, the reset link sets a new password, the new one logs in.
 */

let server: RunningServer;
let configDir: string;
const env = (extra: Record<string, string> = {}) => ({ MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: configDir, ...extra });

beforeAll(async () => {
  server = await startServerProcess();
  configDir = tempDir('mypage-cli-recover-');
});
afterAll(async () => {
  await server?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

describe('mypage recover (R-LOGIN-5)', () => {
  it('access-id mails the access ID to the registered address', async () => {
    const r = await runCli(['--json', 'recover', 'access-id', '--email', 'taro@example.jp'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().message).toEqual(expect.any(String));
    const mail = (await server.mailbox('taro@example.jp')).filter((m) => m.subject === MAIL_SUBJECTS.accessId).at(-1);
    expect(mail?.text).toContain('m95au6');
  });

  it('password mails a reset link; reset sets the new password; the new password logs in, the old one no longer', async () => {
    const r = await runCli(['--json', 'recover', 'password', '--access-id', 'm95au6', '--email', 'taro@example.jp'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const mail = (await server.mailbox('taro@example.jp')).filter((m) => m.subject === MAIL_SUBJECTS.passwordReset).at(-1)!;
    const url = MAIL_PATTERNS.passwordResetUrl.exec(mail.text)![1]!;

    const weak = await runCli(['--json', 'recover', 'reset', url, '--access-id', 'm95au6', '--password-stdin'], { env: env(), input: 'short\n' });
    expect(weak.code).toBe(1);
    expect(weak.error().code).toBe('PASSWORD_POLICY');

    const reset = await runCli(['--json', 'recover', 'reset', url, '--access-id', 'm95au6', '--password-stdin'], { env: env(), input: 'newpass2024\n' });
    expect(reset.code, reset.stderr).toBe(0);

    const again = await runCli(['--json', 'recover', 'reset', url, '--access-id', 'm95au6', '--password-stdin'], { env: env(), input: 'other2024x\n' });
    expect(again.code).toBe(1);
    expect(again.error().code).toBe('REGISTRATION_LINK_INVALID');

    const oldLogin = await runCli(['--json', 'login', '--insecure-storage'], { env: env({ MYPAGE_ACCESS_ID: 'm95au6', MYPAGE_PASSWORD: 'mypage2023', MYPAGE_OTP_COMMAND: devOtpCommand('taro@example.jp') }) });
    expect(oldLogin.code).toBe(3);
    const newLogin = await runCli(['--json', 'login', '--insecure-storage'], { env: env({ MYPAGE_ACCESS_ID: 'm95au6', MYPAGE_PASSWORD: 'newpass2024', MYPAGE_OTP_COMMAND: devOtpCommand('taro@example.jp') }) });
    expect(newLogin.code, newLogin.stderr).toBe(0);
  });

  it('email verifies the customer and tells whom to contact; a wrong name is CUSTOMER_NOT_FOUND', async () => {
    const ok = await runCli(['--json', 'recover', 'email', '--contract', '2NCAF0000000001', '--postal-code', '534-0024', '--name', '日本 太郎'], { env: env() });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json().message).toEqual(expect.any(String));
    const wrong = await runCli(['--json', 'recover', 'email', '--contract', 'CAF0000000001', '--postal-code', '5340024', '--name', '山田 花子'], { env: env() });
    expect(wrong.code).toBe(1);
    expect(wrong.error()).toMatchObject({ code: 'CUSTOMER_NOT_FOUND', message: '指定の顧客は存在しません。' });
  });

  it('without a terminal, a missing field names its flag (exit 2)', async () => {
    const r = await runCli(['recover', 'password', '--access-id', 'm95au6'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--email');
  });

  it('dev otp --json prints the newest OTP of a login', async () => {
    const after = new Date().toISOString();
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessId: 'm95au6', password: 'newpass2024' }) });
    expect(login.status).toBe(200);
    const r = await runCli(['--json', 'dev', 'otp', '--email', 'taro@example.jp', '--after', after], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toEqual({ email: 'taro@example.jp', otp: await server.latestOtp('taro@example.jp') });
  });
});
