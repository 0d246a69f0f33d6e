import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAIL_PATTERNS, MAIL_SUBJECTS } from '@mypage/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SERVER_BIN, startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * The real server process (`node bin/mypage-server.js`, built output) over real HTTP on 127.0.0.1:
 * the whole account story of the guide's chapters 2 and 3 with demo group B (D-7).
 */

async function api(server: RunningServer, method: string, p: string, body?: unknown, token?: string) {
  const res = await fetch(`${server.url}${p}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

describe('the real server process (bin/mypage-server.js)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints its URL and a dev operator token and answers health', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.operatorToken.length).toBeGreaterThan(10);
    expect((await api(server, 'GET', '/api/v1/health')).body).toMatchObject({ status: 'ok', dev: true });
  });

  it('R-REG → R-LOGIN: registration (group B) → completion → login → OTP from the dev mailbox → /me → logout', async () => {
    const email = 'sample-e2e@example.jp';
    const start = await api(server, 'POST', '/api/v1/registrations', { email, contractNumber: '2N1234567890', postalCode: '100-0001', customerName: 'ｻﾝﾌﾟﾙ', agreeToTerms: true });
    expect(start.status).toBe(202);

    const [regMail] = (await server.mailbox(email)).filter((m) => m.subject === MAIL_SUBJECTS.registration);
    expect(regMail!.from).toBe('info-mediahikari@n-media.co.jp');
    const url = MAIL_PATTERNS.registrationUrl.exec(regMail!.text)!;
    expect(url[1]).toBe(`${server.url}/regist/new/${url[2]}`);
    const accessId = MAIL_PATTERNS.accessId.exec(regMail!.text)![1]!;
    const temporaryPassword = MAIL_PATTERNS.temporaryPassword.exec(regMail!.text)![1]!;

    expect((await api(server, 'GET', `/api/v1/registrations/${url[2]}`)).status).toBe(200);
    const done = await api(server, 'POST', `/api/v1/registrations/${url[2]}/complete`, { accessId, temporaryPassword, newPassword: 'e2epass2024' });
    expect(done.status).toBe(200);

    const login = await api(server, 'POST', '/api/v1/auth/login', { accessId, password: 'e2epass2024' });
    expect(login.status).toBe(200);
    expect(login.body.captcha).toEqual({ provider: 'none' });
    const otp = await server.latestOtp(email);
    expect(otp).toMatch(/^[0-9]{6}$/);
    const session = await api(server, 'POST', '/api/v1/auth/otp', { challengeId: login.body.challengeId, otp });
    expect(session.status).toBe(200);

    const me = await api(server, 'GET', '/api/v1/me', undefined, session.body.token);
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ accessId, email, role: 'admin', status: 'active' });
    expect(me.body.billingGroup.customerNumber).toBe('2N1234567890');

    expect((await api(server, 'POST', '/api/v1/auth/logout', undefined, session.body.token)).status).toBe(204);
    expect((await api(server, 'GET', '/api/v1/me', undefined, session.body.token)).body.error.code).toBe('SESSION_EXPIRED');

    // Secrets are stored only hashed: the database file holds no password, OTP or token in clear.
    const db = readFileSync(path.join(server.dataDir, 'mypage.json'), 'utf8');
    for (const secret of ['e2epass2024', temporaryPassword, `"${otp}"`, url[2]!, session.body.token as string, 'mypage2023']) {
      expect(db).not.toContain(secret);
    }
  });

  it('the demo admin (D-7) logs in', async () => {
    const login = await api(server, 'POST', '/api/v1/auth/login', { accessId: 'm95au6', password: 'mypage2023' });
    const session = await api(server, 'POST', '/api/v1/auth/otp', { challengeId: login.body.challengeId, otp: await server.latestOtp('taro@example.jp') });
    expect(session.status).toBe(200);
  });
});

describe('server process lifecycle', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [SERVER_BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });

  it('bad flags exit 2 with a message', async () => {
    const res = await run(['--port', 'eighty']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--port');
  });

  it('R-LOGIN-6: refuses `--captcha none` outside --dev (exit 2)', async () => {
    const res = await run(['--captcha', 'none', '--port', '0', '--operator-token', 'x']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('only with --dev');
  });

  it('SIGTERM shuts down cleanly (exit 0); the next start on the same folder keeps data and outbox', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-lifecycle-'));
    try {
      const child = spawn(process.execPath, [SERVER_BIN, '--port', '0', '--dev', '--demo', '--data', dataDir], { cwd: REPO_ROOT });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /^mypage-server listening on (\S+)$/m.exec(out);
          if (m) resolve(m[1]!);
        });
      });
      child.removeAllListeners('exit');
      const start = await fetch(`${url}/api/v1/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'c@example.jp', contractNumber: '123456789', postalCode: '0600001', customerName: 'サトウ ハナコ', agreeToTerms: true }),
      });
      expect(start.status).toBe(202);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);

      const groupC = JSON.parse(readFileSync(path.join(dataDir, 'groups', 'bg_c.json'), 'utf8'));
      expect(groupC.accounts.some((a: { email: string }) => a.email === 'c@example.jp')).toBe(true);
      const again = await startServerProcess({ dataDir });
      try {
        expect((await again.mailbox('c@example.jp')).map((m) => m.subject)).toEqual([MAIL_SUBJECTS.registration]);
        const groupA = JSON.parse(readFileSync(path.join(dataDir, 'groups', 'bg_a.json'), 'utf8'));
        expect(groupA.accounts.filter((a: { accessId: string }) => a.accessId === 'm95au6')).toHaveLength(1);
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('D-13: a second server on the same data folder refuses to start (exit 1), naming the folder and the running process', async () => {
    const first = await startServerProcess();
    try {
      const res = await run(['--port', '0', '--dev', '--data', first.dataDir]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(`the data folder ${first.dataDir} is in use by another mypage-server (pid `);
      const pid = Number(/\(pid (\d+)\)/.exec(res.stderr)?.[1]);
      expect(pid).toBeGreaterThan(0);
      expect(() => process.kill(pid, 0)).not.toThrow(); // the one that runs
      expect((await fetch(`${first.url}/api/v1/health`)).status).toBe(200); // and it still serves
    } finally {
      await first.stop();
    }
  });
});
