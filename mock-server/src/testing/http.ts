import { MAIL_PATTERNS, MAIL_SUBJECTS } from '@mypage/api';
import type { ServerConfig } from '../config.js';
import type { CaptchaVerifier, Hasher } from '../domain/ports.js';
import { DEMO } from '../seed/demo.js';
import { createTestApp, demoSeed, type TestApp } from './app.js';

/* Helpers for the account-flow tests (HTTP level, app.request(), fake clock). Not a test file. */

export { DEMO };

export async function demoApp(opts: { config?: Partial<ServerConfig>; captcha?: CaptchaVerifier; now?: string; hasher?: Hasher } = {}): Promise<TestApp> {
  return createTestApp({ seed: demoSeed, ...opts });
}

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

export async function call(t: TestApp, method: string, path: string, opts: { json?: unknown; raw?: string; token?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.json !== undefined || opts.raw !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = opts.raw ?? JSON.stringify(opts.json);
  }
  const res = await t.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

export const post = (t: TestApp, path: string, json?: unknown, token?: string) => call(t, 'POST', path, { json: json ?? {}, ...(token ? { token } : {}) });
export const get = (t: TestApp, path: string, token?: string) => call(t, 'GET', path, token ? { token } : {});

export function lastMail(t: TestApp, to: string, subject: string) {
  const mails = t.mailer.list({ to }).filter((m) => m.subject === subject);
  const mail = mails[mails.length - 1];
  if (!mail) throw new Error(`no mail "${subject}" to ${to}`);
  return mail;
}

export function latestOtp(t: TestApp, to: string): string {
  const otp = MAIL_PATTERNS.otp.exec(lastMail(t, to, MAIL_SUBJECTS.otp).text)?.[1];
  if (!otp) throw new Error('no OTP in the mail');
  return otp;
}

/** Login → OTP from the outbox → session token. */
export async function signIn(t: TestApp, accessId: string, password: string, email: string): Promise<string> {
  const challenge = await post(t, '/api/v1/auth/login', { accessId, password });
  if (challenge.status !== 200) throw new Error(`login: ${challenge.status} ${JSON.stringify(challenge.body)}`);
  const session = await post(t, '/api/v1/auth/otp', { challengeId: challenge.body.challengeId, otp: latestOtp(t, email), captchaToken: 'x' });
  if (session.status !== 200) throw new Error(`otp: ${session.status} ${JSON.stringify(session.body)}`);
  return session.body.token as string;
}

export const signInDemoAdmin = (t: TestApp) => signIn(t, DEMO.groupA.admin.accessId, DEMO.groupA.admin.password, DEMO.groupA.admin.email);

export const GROUP_B = { email: 'sample@example.jp', contractNumber: DEMO.groupB.contractNumber, postalCode: DEMO.groupB.postalCode, customerName: 'サンプル', agreeToTerms: true };

/** Registration start for group B → what the mail says. */
export async function startGroupB(t: TestApp, overrides: Record<string, unknown> = {}) {
  const input = { ...GROUP_B, ...overrides };
  const res = await post(t, '/api/v1/registrations', input);
  if (res.status !== 202) throw new Error(`registration: ${res.status} ${JSON.stringify(res.body)}`);
  return readRegistrationMail(t, input.email as string);
}

export function readRegistrationMail(t: TestApp, to: string, subject: string = MAIL_SUBJECTS.registration) {
  const mail = lastMail(t, to, subject);
  const url = MAIL_PATTERNS.registrationUrl.exec(mail.text);
  const accessId = MAIL_PATTERNS.accessId.exec(mail.text)?.[1];
  const temporaryPassword = MAIL_PATTERNS.temporaryPassword.exec(mail.text)?.[1];
  if (!url || !accessId || !temporaryPassword) throw new Error(`registration mail does not match MAIL_PATTERNS:\n${mail.text}`);
  return { mail, url: url[1]!, token: url[2]!, accessId, temporaryPassword };
}

/** Registration of group B, completed with `password`. */
export async function registerGroupB(t: TestApp, password = 'sample2024') {
  const reg = await startGroupB(t);
  const done = await post(t, `/api/v1/registrations/${reg.token}/complete`, { accessId: reg.accessId, temporaryPassword: reg.temporaryPassword, newPassword: password });
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
  return { ...reg, password, email: GROUP_B.email };
}
