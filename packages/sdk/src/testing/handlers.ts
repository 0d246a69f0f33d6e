import { http, HttpResponse, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { errorCatalog, type ErrorCode } from '@mypage/api/contract';
import type { MyPageError } from '../errors.js';
import { api, bill, contract, contractSummary, inquiry, me, session, user } from './fixtures.js';

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<MyPageError> {
  try {
    await promise;
  } catch (error) {
    return error as MyPageError;
  }
  throw new Error('expected a rejection');
}

/** The error envelope the server answers (status from the catalog). */
export function apiError(code: ErrorCode, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const entry = errorCatalog[code];
  return HttpResponse.json(
    { error: { code, message: entry.ja, messageEn: entry.en, requestId: 'req-1', ...extra } },
    { status: entry.status, headers },
  );
}

/** A bearer token is required for session routes, as the real server's middleware does (D-3). */
function authed(request: Request): boolean {
  return request.headers.get('authorization') === `Bearer ${session.token}`;
}

type Info = { request: Request; params: Record<string, string | readonly string[] | undefined> };
const guard =
  (fn: (info: Info) => Response | Promise<Response>) =>
  (info: Info) =>
    authed(info.request) ? fn(info) : apiError('AUTH_REQUIRED');

/** Happy-path handlers per domain; tests add failures with `server.use(...)`. */
export const handlers: HttpHandler[] = [
  http.get(api('/health'), () => HttpResponse.json({ status: 'ok', version: '0.1.0', time: '2023-12-01T10:19:00+09:00', dev: true })),
  // auth
  http.post(api('/auth/login'), async ({ request }) => {
    const body = (await request.json()) as { accessId: string; password: string };
    if (body.accessId !== 'm95au6' || body.password !== 'mypage2023') return apiError('INVALID_CREDENTIALS');
    return HttpResponse.json({ challengeId: 'ch1', sentTo: 't***@example.jp', expiresAt: '2023-12-01T10:29:00+09:00', captcha: { provider: 'test' } });
  }),
  http.post(api('/auth/otp'), async ({ request }) => {
    const body = (await request.json()) as { challengeId: string; otp: string; captchaToken?: string };
    if (body.captchaToken !== 'human') return apiError('CAPTCHA_FAILED');
    if (body.otp !== '123456') return apiError('OTP_INCORRECT', { attemptsLeft: 4 });
    return HttpResponse.json(session);
  }),
  http.post(api('/auth/logout'), guard(() => new HttpResponse(null, { status: 204 }))),
  http.get(api('/auth/session'), guard(() => HttpResponse.json({ expiresAt: '2023-12-01T10:39:00+09:00', idleTimeoutSeconds: 600 }))),
  http.get(api('/me'), guard(() => HttpResponse.json(me))),
  // contracts
  http.get(api('/contracts'), guard(() => HttpResponse.json({ items: [contractSummary] }))),
  http.get(
    api('/contracts/:no'),
    guard(({ params }) => (params.no === 'CAF0000000001' ? HttpResponse.json(contract) : apiError('CONTRACT_NOT_FOUND'))),
  ),
  // bills
  http.get(api('/bills'), guard(() => HttpResponse.json({ years: [2023], year: 2023, months: [{ month: '2023-10', total: 3630, issuedOn: '2023-10-01', dueDate: '2023-10-26' }] }))),
  http.get(api('/bills/:month'), guard(({ params }) => HttpResponse.json(bill(String(params.month))))),
  // inquiries (echo what was sent)
  http.post(
    api('/inquiries'),
    guard(async ({ request }) => HttpResponse.json(inquiry((await request.json()) as { category: string; subject: string; body?: string }), { status: 201 })),
  ),
  // users
  http.get(api('/users'), guard(() => HttpResponse.json({ items: [user] }))),
  http.delete(api('/users/:id'), guard(() => new HttpResponse(null, { status: 204 }))),
];

export function createMswServer() {
  return setupServer(...handlers);
}
