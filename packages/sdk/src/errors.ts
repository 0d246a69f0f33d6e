import { errorCatalog, type ErrorCode, type ErrorDetail, type ErrorEnvelope } from '@mypage/api/contract';
import { apiSchemas } from './schemas.js';
import { errorEnvelopeCheck, FAIL } from '@mypage/api/validate';

/** Codes the SDK adds to the server's catalog: failures that never reached (or never made sense as) an API answer. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'TIMEOUT' | 'ABORTED' | 'UNEXPECTED_RESPONSE' | 'MAIL_WAIT_TIMEOUT';
export type MyPageErrorCode = ErrorCode | ClientErrorCode;

const clientCatalog: Record<ClientErrorCode, { ja: string; en: string }> = {
  NETWORK_ERROR: { ja: 'サーバーに接続できませんでした。', en: 'Could not reach the server.' },
  TIMEOUT: { ja: 'サーバーからの応答がありませんでした。', en: 'The server did not answer in time.' },
  ABORTED: { ja: '処理を中止しました。', en: 'The request was aborted.' },
  UNEXPECTED_RESPONSE: { ja: 'サーバーから予期しない応答がありました。', en: 'The server sent an answer the SDK does not understand.' },
  MAIL_WAIT_TIMEOUT: { ja: 'メールが届きませんでした。', en: 'The expected mail did not arrive in the dev mailbox in time.' },
};

export interface MyPageErrorInit {
  code: MyPageErrorCode;
  status?: number | null;
  requestId?: string;
  messageJa?: string;
  messageEn?: string;
  details?: ErrorDetail[];
  retryAfter?: number;
  attemptsLeft?: number;
  /** `METHOD /path/{template}` — the route template, never the filled path (it may hold a token). */
  operation?: string;
  cause?: unknown;
}

/**
 * Every failure of the SDK. `code` is stable (map it, never the message); `message` is
 * `English (日本語)`. No error ever carries a request body, header or filled-in URL, so no
 * password, OTP or token can leak through one.
 */
export class MyPageError extends Error {
  override name = 'MyPageError';
  readonly code: MyPageErrorCode;
  readonly status: number | null;
  readonly requestId?: string;
  readonly messageJa: string;
  readonly messageEn: string;
  readonly details?: ErrorDetail[];
  /** Seconds to wait before trying again (429/503). */
  readonly retryAfter?: number;
  /** OTP_INCORRECT: tries left before the challenge is void (R-FMT-7). */
  readonly attemptsLeft?: number;
  readonly operation?: string;

  constructor(init: MyPageErrorInit) {
    const known = init.code in errorCatalog ? errorCatalog[init.code as ErrorCode] : clientCatalog[init.code as ClientErrorCode];
    const messageEn = init.messageEn ?? known.en;
    const messageJa = init.messageJa ?? known.ja;
    super(`${messageEn} (${messageJa})`, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status ?? null;
    this.messageEn = messageEn;
    this.messageJa = messageJa;
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.details !== undefined) this.details = init.details;
    if (init.retryAfter !== undefined) this.retryAfter = init.retryAfter;
    if (init.attemptsLeft !== undefined) this.attemptsLeft = init.attemptsLeft;
    if (init.operation !== undefined) this.operation = init.operation;
  }

  /** Plain data for `--json` output and logs. */
  toJSON() {
    return {
      name: this.name,
      code: this.code,
      status: this.status,
      message: this.message,
      messageJa: this.messageJa,
      messageEn: this.messageEn,
      ...(this.requestId ? { requestId: this.requestId } : {}),
      ...(this.details ? { details: this.details } : {}),
      ...(this.retryAfter !== undefined ? { retryAfter: this.retryAfter } : {}),
      ...(this.attemptsLeft !== undefined ? { attemptsLeft: this.attemptsLeft } : {}),
    };
  }
}

/** 400/413/415/422, and input the SDK rejects before sending (status `null`). */
export class ValidationError extends MyPageError { override name = 'ValidationError'; }
/** 401 other than the session ones: INVALID_CREDENTIALS, OTP_INCORRECT, OPERATOR_AUTH_REQUIRED. */
export class AuthenticationError extends MyPageError { override name = 'AuthenticationError'; }
/** D-3: SESSION_EXPIRED or AUTH_REQUIRED — log in again (`onSessionExpired`). */
export class SessionExpiredError extends MyPageError { override name = 'SessionExpiredError'; }
export class ForbiddenError extends MyPageError { override name = 'ForbiddenError'; }
export class NotFoundError extends MyPageError { override name = 'NotFoundError'; }
/** 410: OTP_EXPIRED, REGISTRATION_LINK_INVALID. */
export class GoneError extends MyPageError { override name = 'GoneError'; }
export class ConflictError extends MyPageError { override name = 'ConflictError'; }
export class RateLimitedError extends MyPageError { override name = 'RateLimitedError'; }
export class ServerError extends MyPageError { override name = 'ServerError'; }
export class NetworkError extends MyPageError { override name = 'NetworkError'; }
export class TimeoutError extends MyPageError { override name = 'TimeoutError'; }
/** The call's (or the client's) signal was aborted, whatever the reason; the reason is `cause`. */
export class AbortError extends MyPageError { override name = 'AbortError'; }
/** `dev.latestMail` / `dev.latestOtp`: no matching mail arrived within `waitMs` (D-4). */
export class MailWaitTimeoutError extends MyPageError { override name = 'MailWaitTimeoutError'; }
/** The server answered something that does not match the API contract (wrong shape, not JSON). */
export class UnexpectedResponseError extends MyPageError { override name = 'UnexpectedResponseError'; }

type ErrorClass = new (init: MyPageErrorInit) => MyPageError;

/** The one place that decides which class an error code / status belongs to. */
export function errorClassFor(code: MyPageErrorCode, status: number | null): ErrorClass {
  switch (code) {
    case 'SESSION_EXPIRED':
    case 'AUTH_REQUIRED':
      return SessionExpiredError;
    case 'NETWORK_ERROR':
      return NetworkError;
    case 'TIMEOUT':
      return TimeoutError;
    case 'ABORTED':
      return AbortError;
    case 'UNEXPECTED_RESPONSE':
      return UnexpectedResponseError;
    case 'MAIL_WAIT_TIMEOUT':
      return MailWaitTimeoutError;
    default:
  }
  if (status === null) return ValidationError;
  if (status === 401) return AuthenticationError;
  if (status === 403) return ForbiddenError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 410) return GoneError;
  if (status === 429) return RateLimitedError;
  if ([400, 413, 415, 422].includes(status)) return ValidationError;
  if (status >= 500) return ServerError;
  return MyPageError;
}

export function createError(init: MyPageErrorInit): MyPageError {
  const Class = errorClassFor(init.code, init.status ?? null);
  return new Class(init);
}

/** The code a bare status stands for when the body is not our error envelope (a proxy's 502 page, …). */
function codeForStatus(status: number): MyPageErrorCode {
  if (status === 400) return 'VALIDATION_FAILED';
  if (status === 401) return 'AUTH_REQUIRED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 405) return 'METHOD_NOT_ALLOWED';
  if (status === 409) return 'CONFLICT';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503 || status === 502 || status === 504) return 'SERVICE_UNAVAILABLE';
  if (status >= 500) return 'INTERNAL';
  return 'UNEXPECTED_RESPONSE';
}

/** `Retry-After` as seconds (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The ONE function that turns a non-2xx response into a typed error. Reads the body (small: an
 * error envelope); a body that is not the envelope still gives a typed error from the status.
 */
export async function errorFromResponse(response: Response, operation?: string): Promise<MyPageError> {
  const status = response.status;
  const headerRequestId = response.headers.get('x-request-id') ?? undefined;
  const retryAfterHeader = parseRetryAfter(response.headers.get('retry-after'));
  let payload: unknown;
  try {
    const text = await response.text();
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  // the generated check of the envelope (no zod); zod only has the last word on a body it refuses
  const checked = errorEnvelopeCheck(payload);
  const parsed = checked !== FAIL ? { success: true as const, data: checked as ErrorEnvelope } : (await apiSchemas()).ErrorEnvelopeSchema.safeParse(payload);
  if (parsed.success) {
    const e = parsed.data.error;
    const known = errorCatalog[e.code];
    return createError({
      code: e.code,
      status,
      requestId: e.requestId ?? headerRequestId,
      messageJa: e.message,
      messageEn: e.messageEn || known.en,
      details: e.details,
      retryAfter: e.retryAfter ?? retryAfterHeader,
      attemptsLeft: e.attemptsLeft,
      operation,
    });
  }
  return createError({
    code: codeForStatus(status),
    status,
    requestId: headerRequestId,
    retryAfter: retryAfterHeader,
    operation,
  });
}

/** A ValidationError raised by the SDK itself, before any request (status `null`). */
export function inputError(field: string, messageJa: string, messageEn: string, code: ErrorCode = 'VALIDATION_FAILED'): ValidationError {
  return new ValidationError({
    code,
    status: null,
    messageJa,
    messageEn,
    details: [{ path: field, message: messageJa, messageEn }],
  });
}

/** An AbortError for `signal`, its reason (a DOMException `AbortError`/`TimeoutError`, or anything the app passed) as `cause`. */
export function abortError(signal: AbortSignal | undefined, operation?: string): AbortError {
  return new AbortError({ code: 'ABORTED', ...(operation ? { operation } : {}), ...(signal?.reason !== undefined ? { cause: signal.reason } : {}) });
}

/** The system code of a low-level failure (`ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`…), looked for in the error and its causes. */
function systemCode(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 3) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const nested = (error as { errors?: unknown }).errors;
  return systemCode(error.cause, depth + 1) ?? (Array.isArray(nested) ? systemCode(nested[0], depth + 1) : undefined);
}

/**
 * Only the name, message and system code of a low-level failure — never a request object that
 * might hold headers. `cause.code` keeps e.g. `ECONNREFUSED` for apps that branch on it.
 */
export function networkCause(cause: unknown): (Error & { code?: string }) | undefined {
  if (!(cause instanceof Error)) return undefined;
  const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
  const error: Error & { code?: string } = new Error(`${cause.message}${inner}`);
  error.name = cause.name;
  const code = systemCode(cause);
  if (code) error.code = code;
  return error;
}
