/* The error catalogue: plain data, no zod, so `@mypage/api/contract` (and the SDK) can use it. */

/**
 * Every error the portal API can answer, with its HTTP status and the message in Japanese (as the
 * portal shows it) and English. The server answers `{ error: { code, message, … } }`; clients map
 * `code`, never the message text.
 */
export const errorCatalog = {
  // --- generic request problems -------------------------------------------------------------
  VALIDATION_FAILED: { status: 400, ja: '入力内容に誤りがあります。', en: 'The request has invalid or missing fields.' },
  INVALID_JSON: { status: 400, ja: 'リクエストの形式が正しくありません。', en: 'The request body is not valid JSON.' },
  PAYLOAD_TOO_LARGE: { status: 413, ja: 'リクエストが大きすぎます。', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, ja: 'リクエストの形式が正しくありません。', en: 'Send the request body as application/json.' },
  ROUTE_NOT_FOUND: { status: 404, ja: 'ページが見つかりません。', en: 'No such endpoint.' },
  METHOD_NOT_ALLOWED: { status: 405, ja: 'この操作はできません。', en: 'Method not allowed on this endpoint.' },
  NOT_FOUND: { status: 404, ja: '指定のデータは存在しません。', en: 'The requested item does not exist.' },
  RATE_LIMITED: { status: 429, ja: 'しばらく時間をおいてから再度お試しください。', en: 'Too many requests; try again later.' },
  INTERNAL: { status: 500, ja: 'システムエラーが発生しました。', en: 'Internal server error.' },
  SERVICE_UNAVAILABLE: { status: 503, ja: 'ただいまサービスを利用できません。', en: 'The service is temporarily unavailable.' },
  // D-12 Idempotency-Key
  IDEMPOTENCY_KEY_REUSED: { status: 422, ja: 'この冪等キーは別の内容のリクエストで使用済みです。', en: 'This Idempotency-Key was already used with a different request; use a new key for a new request.' },
  IDEMPOTENCY_KEY_IN_USE: { status: 409, ja: '同じ冪等キーのリクエストを処理中です。しばらくしてから再度お試しください。', en: 'A request with this Idempotency-Key is still being processed; try again shortly.' },
  BODY_NOT_ALLOWED: { status: 400, ja: 'リクエストの形式が正しくありません。', en: 'GET and HEAD requests must not carry a body.' },
  SERVER_BUSY: { status: 503, ja: 'ただいま混み合っています。しばらく時間をおいてから再度お試しください。', en: 'The server is busy checking passwords; try again in a moment.' },
  MAIL_RATE_LIMITED: { status: 429, ja: 'このメールアドレスへの送信回数が上限に達しました。しばらく時間をおいてから再度お試しください。', en: 'Too many requests naming this email address; wait and try again.' },
  MATCH_RATE_LIMITED: { status: 429, ja: 'ご契約者様の確認の回数が上限に達しました。しばらく時間をおいてから再度お試しください。', en: 'Too many attempts to match this contract number; wait and try again.' },

  // --- registration (R-REG) -----------------------------------------------------------------
  CUSTOMER_NOT_FOUND: { status: 422, ja: '指定の顧客は存在しません。', en: 'No customer matches this contract number, postal code and name.' },
  TERMS_NOT_ACCEPTED: { status: 400, ja: '利用規約に同意してください。', en: 'You must agree to the terms of use.' },
  ALREADY_REGISTERED: { status: 409, ja: 'このご契約は既に登録されています。', en: 'This contract is already registered; log in or recover your access ID.' },
  REGISTRATION_LINK_INVALID: { status: 410, ja: 'このURLは無効です。', en: 'This registration or reset link is invalid, used or expired (links are valid for 10 days).' },
  PASSWORD_POLICY: { status: 400, ja: 'パスワードは半角8文字以上32文字以下で、英小文字・数字の2種類を含める必要があります。', en: 'Passwords must be 8–32 characters of lowercase letters and digits, with at least one of each.' },
  EMAIL_TAKEN: { status: 409, ja: 'このメールアドレスは既に使用されています。', en: 'This email address is already used by another account.' },

  // --- login (R-LOGIN) ----------------------------------------------------------------------
  INVALID_CREDENTIALS: { status: 401, ja: 'アクセスIDまたはパスワードが正しくありません。', en: 'Wrong access ID or password.' },
  REGISTRATION_INCOMPLETE: { status: 403, ja: '本登録が完了していません。メールのURLから本登録を行ってください。', en: 'Registration is not complete: open the link in the registration mail and set your password first.' },
  LOGIN_THROTTLED: { status: 429, ja: 'ログインの失敗が続いたため、しばらくログインできません。', en: 'Too many failed logins for this access ID; wait and try again.' },
  OTP_INCORRECT: { status: 401, ja: 'ワンタイムパスワードが正しくありません。', en: 'Wrong one-time password.' },
  OTP_EXPIRED: { status: 410, ja: 'ワンタイムパスワードの有効期限が切れています。再度ログインしてください。', en: 'The one-time password has expired, was used, or was voided after 5 wrong tries; log in again.' },
  CAPTCHA_FAILED: { status: 400, ja: 'ロボットによる操作でないことを確認できませんでした。', en: 'The robot check (captcha) failed.' },
  AUTH_REQUIRED: { status: 401, ja: 'ログインしてください。', en: 'Log in first.' },
  SESSION_EXPIRED: { status: 401, ja: '一定時間操作がなかったため、ログアウトしました。再度ログインしてください。', en: 'The session expired (10 minutes without activity) or was ended; log in again.' },
  FORBIDDEN: { status: 403, ja: 'この操作を行う権限がありません。', en: 'You are not allowed to do this.' },
  ADMIN_ONLY: { status: 403, ja: 'ユーザ管理は管理者のみ利用できます。', en: 'User management is for admins only.' },
  LAST_ADMIN: { status: 409, ja: '管理者を1人以上残す必要があります。', en: 'A billing group needs at least one admin; this change would leave none.' },

  // --- resources ----------------------------------------------------------------------------
  CONTRACT_NOT_FOUND: { status: 404, ja: '指定の契約は存在しません。', en: 'No such contract in your billing group.' },
  NOTICE_NOT_FOUND: { status: 404, ja: '指定の開通案内は存在しません。', en: 'No opening notice for that date.' },
  BILL_NOT_FOUND: { status: 404, ja: '指定の請求月のご請求はありません。', en: 'No bill for that month.' },
  USER_NOT_FOUND: { status: 404, ja: '指定のユーザは存在しません。', en: 'No such user.' },
  CALL_RECORDS_NOT_ENABLED: { status: 403, ja: '通話明細の利用申込みがありません。お問い合わせから「通話明細記録の希望」をお送りください。', en: 'Call records are not enabled for this month: apply with `inquiry request-call-records`; records start the month after it is processed.' },
  OPERATOR_AUTH_REQUIRED: { status: 401, ja: 'オペレータ認証が必要です。', en: 'This back-office endpoint needs the operator token.' },
  CONFLICT: { status: 409, ja: '既に存在します。', en: 'That item already exists.' },
} as const satisfies Record<string, { status: number; ja: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalog;
export const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];

export function errorStatus(code: ErrorCode): number {
  return errorCatalog[code].status;
}
