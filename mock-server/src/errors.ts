import { errorCatalog, type ErrorCode, type ErrorDetail } from '@mypage/api';

/**
 * The one error type domain code throws. `onError` in app.ts turns it into the error envelope
 * with the catalog's status, Japanese and English messages.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[] | undefined;
  readonly extra: { retryAfter?: number; attemptsLeft?: number; messageJa?: string; messageEn?: string };

  constructor(code: ErrorCode, extra: ApiError['extra'] & { details?: ErrorDetail[] } = {}) {
    super(extra.messageEn ?? errorCatalog[code].en);
    this.name = 'ApiError';
    this.code = code;
    this.status = errorCatalog[code].status;
    this.details = extra.details;
    this.extra = extra;
  }
}

export const fail = (code: ErrorCode, extra?: ConstructorParameters<typeof ApiError>[1]): never => {
  throw new ApiError(code, extra);
};
