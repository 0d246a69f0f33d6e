import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KeychainUnavailableError } from '../../credentials/keychain.js';
import { Factory } from '../../factory.js';
import { apiError, BASE, fakeIO, MemoryStore, runInProcess, scripted, TOKEN } from '../../testing.js';
import { newLoginCommand, type LoginOptions } from './login.js';

let otpSeen: string[] = [];
const server = setupServer(
  http.post(`${BASE}/api/v1/auth/login`, async ({ request }) => {
    const body = (await request.json()) as { accessId: string; password: string };
    if (body.accessId !== 'm95au6' || body.password !== 'mypage2023') return apiError('INVALID_CREDENTIALS');
    return HttpResponse.json({ challengeId: 'ch_1', sentTo: 't***@example.jp', expiresAt: '2023-12-01T10:29:00+09:00', captcha: { provider: 'none' } });
  }),
  http.post(`${BASE}/api/v1/auth/otp`, async ({ request }) => {
    const body = (await request.json()) as { otp: string };
    otpSeen.push(body.otp);
    if (body.otp !== '123456') return apiError('OTP_INCORRECT');
    return HttpResponse.json({ token: TOKEN, expiresAt: '2023-12-01T10:29:00+09:00', idleTimeoutSeconds: 600 });
  }),
  http.delete(`${BASE}/api/v1/users/:id`, () => new HttpResponse(null, { status: 204 })),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let configDir: string;
beforeEach(() => {
  configDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-cli-login-'));
  otpSeen = [];
});
afterEach(() => rmSync(configDir, { recursive: true, force: true }));

describe('login — parse', () => {
  it('collects --access-id, --password-stdin and --insecure-storage', async () => {
    let got: LoginOptions | undefined;
    const f = new Factory({ io: fakeIO().io, env: {} });
    await newLoginCommand(f, async (o) => {
      got = o;
    }).parseAsync(['--access-id', 'm95au6', '--password-stdin', '--insecure-storage'], { from: 'user' });
    expect(got).toMatchObject({ accessId: 'm95au6', passwordStdin: true, insecureStorage: true });
  });
});

describe('login — run', () => {
  it('at a terminal asks for access ID, password and OTP, and keeps all three plus the session in the keychain', async () => {
    const store = new MemoryStore();
    const prompter = scripted({ 'Access ID': 'm95au6', Password: 'mypage2023', 'One-time password': '１２３４５６' });
    const r = await runInProcess(['login'], { tty: true, store, configDir, prompter });
    expect(r.code, r.err).toBe(0);
    expect(prompter.asked.map((m) => m.split(' (')[0])).toEqual(['Access ID', 'Password', 'One-time password']);
    expect(otpSeen).toEqual(['123456']); // full-width digits normalised
    expect(await store.get('default')).toEqual({ accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2023-12-01T10:29:00+09:00' } });
    const config = JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8'));
    expect(config).toEqual({ currentProfile: 'default', profiles: { default: { server: BASE, accessId: 'm95au6', storage: 'keychain' } } });
    expect(r.err).toContain('Logged in as m95au6');
  });

  it('a person may retype a wrong OTP', async () => {
    const store = new MemoryStore();
    let n = 0;
    const prompter = scripted({ 'Access ID': 'm95au6', Password: 'mypage2023' });
    prompter.password = async (o) => {
      if (o.message.startsWith('Password')) return 'mypage2023';
      return ++n === 1 ? '000000' : '123456';
    };
    const r = await runInProcess(['login'], { tty: true, store, configDir, prompter });
    expect(r.code, r.err).toBe(0);
    expect(otpSeen).toEqual(['000000', '123456']);
    expect(r.err).toContain('Wrong one-time password');
  });

  it('without a keychain and without --insecure-storage or env credentials: stops before logging in', async () => {
    const broken = new MemoryStore();
    broken.probe = async () => {
      throw new KeychainUnavailableError("Couldn't access platform storage: AccessDenied");
    };
    const r = await runInProcess(['login', '--access-id', 'm95au6', '--otp', '123456'], { store: broken, configDir });
    expect(r.code).toBe(1);
    expect(r.err).toContain('--insecure-storage');
    expect(otpSeen).toEqual([]);
  });

  it('a wrong password exits 3 and nothing is stored', async () => {
    const store = new MemoryStore();
    const r = await runInProcess(['--json', 'login', '--otp', '123456'], { store, configDir, env: { MYPAGE_ACCESS_ID: 'm95au6', MYPAGE_PASSWORD: 'nope12345' } });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.err).error.code).toBe('INVALID_CREDENTIALS');
    expect(r.err).not.toContain('nope12345');
    expect(store.items.size).toBe(0);
  });
});
