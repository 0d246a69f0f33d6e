import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { newOtpCommand, otpRun, type OtpOptions } from './otp.js';

const server = useMsw();
const client = testClient({ withSession: false });

describe('dev otp — parse', () => {
  it('takes --email and --after', async () => {
    expect(await parseVerb<OtpOptions>(newOtpCommand, ['--email', 'taro@example.jp', '--after', '2023-12-01T01:00:00Z'])).toMatchObject({ email: 'taro@example.jp', after: '2023-12-01T01:00:00Z' });
  });
});

describe('dev otp — run (D-4)', () => {
  it('prints just the code, on a terminal and in a pipe (what --otp-command reads)', async () => {
    const tty = fakeTerminal({ tty: true });
    await otpRun({ ...tty, client, env: {}, email: 'taro@example.jp' });
    expect(tty.out()).toBe('654321\n');
    const piped = fakeTerminal();
    await otpRun({ ...piped, client, env: { MYPAGE_OTP_EMAIL: 'taro@example.jp', MYPAGE_OTP_AFTER: '2023-12-01T01:00:00Z' } });
    expect(piped.out()).toBe('654321\n');
  });

  it('prints the address and the code with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await otpRun({ ...t, client, env: {}, email: 'taro@example.jp' });
    expect(JSON.parse(t.out())).toEqual({ email: 'taro@example.jp', otp: '654321' });
  });

  it('without --email and without a terminal: exit 2', async () => {
    expect(await failure(otpRun({ ...fakeTerminal(), client, env: {} }))).toMatchObject({ exitCode: 2 });
  });

  it('a server that is not in dev mode answers 404 (exit 4)', async () => {
    server.use(http.get(`${BASE}/api/v1/dev/mailbox`, () => HttpResponse.json({ error: { code: 'NOT_FOUND', message: 'x', messageEn: 'x', requestId: 'r' } }, { status: 404 })));
    expect(await failure(otpRun({ ...fakeTerminal(), client: testClient({ withSession: false }), env: {}, email: 'taro@example.jp' }))).toMatchObject({ exitCode: 4 });
  });
});
