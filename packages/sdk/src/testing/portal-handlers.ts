import { http, HttpResponse, type HttpHandler } from 'msw';
import { billList, bill, callRecord, inquiry, news, openingNotice, otpMail, PDF_BYTES, session, user, api } from './fixtures.js';
import { apiError, handlers } from './handlers.js';

/*
 * Happy-path answers for every route the CLI's verbs call, in front of the SDK's own handlers:
 * two billing months, downloads, call records, news, notices, inquiries, user changes,
 * registration, recovery and the dev mailbox. The SDK's tests keep `handlers` alone.
 */

const authed = (request: Request) => request.headers.get('authorization') === `Bearer ${session.token}`;
type Info = { request: Request; params: Record<string, string | readonly string[] | undefined> };
const guard =
  (fn: (info: Info) => Response | Promise<Response>) =>
  (info: Info) =>
    authed(info.request) ? fn(info) : apiError('AUTH_REQUIRED');

export const portalHandlers: HttpHandler[] = [
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
    guard(({ params, request }) => {
      const m = String(params.month);
      // the two opt-in flags as the server reads them: 契約番号 after the six columns, ="…" numbers
      const q = new URL(request.url).searchParams;
      const contract = q.get('contractColumn') === 'true';
      const num = (v: string) => (q.get('excel') === 'true' ? `"=""${v}"""` : v);
      const rows = [1, 2].map((n) => `${m.replace('-', '/')}/01 10:0${n}:00,ひかり電話・県内,${num('0611115555')},${num('0638846327')},00:00:34,8${contract ? ',CAF0000000001' : ''}`);
      return new HttpResponse(`日時,利用種類,通話元,通話先,通話時間,料金${contract ? ',契約番号' : ''}\r\n${rows.join('\r\n')}\r\n`, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
    }),
  ),
  // home, opening notices
  http.get(api('/news'), guard(() => HttpResponse.json({ items: [news] }))),
  http.get(api('/contracts/:no/opening-notices'), guard(({ params }) => (params.no === 'CAF0000000001' ? HttpResponse.json({ items: [openingNotice] }) : apiError('CONTRACT_NOT_FOUND')))),
  http.get(api('/contracts/:no/opening-notices/:file'), guard(() => new HttpResponse(PDF_BYTES, { headers: { 'content-type': 'application/pdf' } }))),
  // inquiries
  http.get(api('/inquiries/categories'), guard(() => HttpResponse.json({ items: [{ id: 'call-records', label: '通話明細記録について' }, { id: 'other', label: 'その他' }] }))),
  http.get(api('/inquiries'), guard(() => HttpResponse.json({ items: [inquiry({ category: 'other', subject: '請求書について' })] }))),
  http.post(api('/users'), guard(async ({ request }) => HttpResponse.json({ ...user, id: 'u2', role: 'general', ...((await request.json()) as object), accessId: 'hn42kq' }, { status: 201 }))),
  http.patch(api('/users/:id'), guard(async ({ request, params }) => HttpResponse.json({ ...user, id: String(params.id), ...((await request.json()) as object) }))),
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
  ...handlers,
];
