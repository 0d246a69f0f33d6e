import { http, HttpResponse, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { errorCatalog, type ErrorCode } from '@mypage/api';
import type { MyPageError } from '../errors.js';
import { api, bill, billList, callRecord, contract, contractSummary, inquiry, me, news, openingNotice, otpMail, PDF_BYTES, session, user } from './fixtures.js';

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
  http.get(api('/bills'), guard(() => HttpResponse.json(billList))),
  http.get(
    api('/bills/:month'),
    // any month of a billed year has a bill; other years (2099-01) answer 404 as the server does
    guard(({ params }) => (billList.years.includes(Number(String(params.month).slice(0, 4))) ? HttpResponse.json(bill(String(params.month))) : apiError('BILL_NOT_FOUND'))),
  ),
  http.get(api('/bills/:month/invoice.pdf'), guard(() => new HttpResponse(PDF_BYTES, { headers: { 'content-type': 'application/pdf' } }))),
  // call records: two records a month, one page
  http.get(api('/bills/:month/call-records'), guard(({ params }) => HttpResponse.json({ month: String(params.month), items: [callRecord(String(params.month), 1), callRecord(String(params.month), 2)], nextCursor: null }))),
  http.get(
    api('/bills/:month/call-records.csv'),
    guard(({ params }) => {
      const m = String(params.month);
      const rows = [1, 2].map((n) => `${m.replace('-', '/')}/01 10:0${n}:00,ひかり電話・県内,0611115555,0638846327,00:00:34,8`);
      return new HttpResponse(`日時,利用種類,通話元,通話先,通話時間,料金\r\n${rows.join('\r\n')}\r\n`, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
    }),
  ),
  // home, opening notices
  http.get(api('/news'), guard(() => HttpResponse.json({ items: [news] }))),
  http.get(api('/contracts/:no/opening-notices'), guard(({ params }) => (params.no === 'CAF0000000001' ? HttpResponse.json({ items: [openingNotice] }) : apiError('CONTRACT_NOT_FOUND')))),
  http.get(api('/contracts/:no/opening-notices/:file'), guard(() => new HttpResponse(PDF_BYTES, { headers: { 'content-type': 'application/pdf' } }))),
  // inquiries
  http.get(api('/inquiries/categories'), guard(() => HttpResponse.json({ items: [{ id: 'call-records', label: '通話明細記録について' }, { id: 'other', label: 'その他' }] }))),
  http.get(api('/inquiries'), guard(() => HttpResponse.json({ items: [inquiry({ category: 'other', subject: '請求書について' })] }))),
  // inquiries (echo what was sent)
  http.post(
    api('/inquiries'),
    guard(async ({ request }) => HttpResponse.json(inquiry((await request.json()) as { category: string; subject: string; body?: string }), { status: 201 })),
  ),
  // users
  http.get(api('/users'), guard(() => HttpResponse.json({ items: [user] }))),
  http.post(api('/users'), guard(async ({ request }) => HttpResponse.json({ ...user, id: 'u2', role: 'general', ...((await request.json()) as object), accessId: 'hn42kq' }, { status: 201 }))),
  http.patch(api('/users/:id'), guard(async ({ request, params }) => HttpResponse.json({ ...user, id: String(params.id), ...((await request.json()) as object) }))),
  http.delete(api('/users/:id'), guard(() => new HttpResponse(null, { status: 204 }))),
  // registration and recovery (no session)
  http.get(api('/terms'), () => HttpResponse.json({ title: 'マイページ利用規約', version: '2023-07', text: '第1条（目的）…' })),
  http.get(api('/corporate-designations'), () => HttpResponse.json({ items: [{ kanji: '株式会社', kana: 'カブシキガイシャ', abbreviations: ['(株)', '㈱'] }] })),
  http.post(api('/registrations'), () => HttpResponse.json({ message: '登録用のメールを送信しました。', sentTo: 'h***@example.jp' }, { status: 202 })),
  http.get(api('/registrations/:token'), () => HttpResponse.json({ valid: true, expiresAt: '2023-12-11T10:19:00+09:00', purpose: 'registration' })),
  http.post(api('/registrations/:token/complete'), async ({ request }) => HttpResponse.json({ accessId: ((await request.json()) as { accessId: string }).accessId, message: '登録が完了しました。' })),
  http.post(api('/recovery/access-id'), () => HttpResponse.json({ message: 'アクセスIDをメールで送信しました。' }, { status: 202 })),
  http.post(api('/recovery/password'), () => HttpResponse.json({ message: 'パスワード再設定用のメールを送信しました。' }, { status: 202 })),
  http.post(api('/recovery/password/:token'), () => HttpResponse.json({ message: 'パスワードを変更しました。' })),
  http.post(api('/recovery/email'), () => HttpResponse.json({ message: 'ご本人確認ができました。' })),
  // dev mailbox: one OTP mail
  http.get(api('/dev/mailbox'), ({ request }) => HttpResponse.json({ items: [otpMail(new URL(request.url).searchParams.get('to') ?? 'taro@example.jp', '654321', '2023-12-01T10:19:00+09:00')] })),
];

export function createMswServer() {
  return setupServer(...handlers);
}
