import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ContractSchema, errorCatalog, type ErrorCode } from '@mypage/api';
import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  GoneError,
  MyPageClient,
  MyPageError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  SessionExpiredError,
  UnexpectedResponseError,
  ValidationError,
} from './index.js';
import { BASE_URL, api, contract, session } from './testing/fixtures.js';
import { apiError, createMswServer } from './testing/handlers.js';

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => new MyPageClient({ baseUrl: BASE_URL, session, retries: 0 });

async function failureOf(promise: Promise<unknown>): Promise<MyPageError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MyPageError);
    return error as MyPageError;
  }
  throw new Error('expected a rejection');
}

const expectedClass = (code: ErrorCode) => {
  const status = errorCatalog[code].status;
  if (code === 'SESSION_EXPIRED' || code === 'AUTH_REQUIRED') return SessionExpiredError;
  if (status === 401) return AuthenticationError;
  if (status === 403) return ForbiddenError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 410) return GoneError;
  if (status === 429) return RateLimitedError;
  if (status >= 500) return ServerError;
  if ([400, 413, 415, 422].includes(status)) return ValidationError;
  return MyPageError;
};

describe('error mapping: one typed error per catalog code', () => {
  for (const code of Object.keys(errorCatalog) as ErrorCode[]) {
    it(`${code} (${errorCatalog[code].status}) → ${expectedClass(code).name}`, async () => {
      server.use(http.get(api('/bills/:month'), () => apiError(code)));
      const error = await failureOf(client().bills.get('2023-10'));
      expect(error).toBeInstanceOf(expectedClass(code));
      expect(error.code).toBe(code);
      expect(error.status).toBe(errorCatalog[code].status);
      expect(error.requestId).toBe('req-1');
      expect(error.messageJa).toBe(errorCatalog[code].ja);
      expect(error.messageEn).toBe(errorCatalog[code].en);
      expect(error.message).toBe(`${errorCatalog[code].en} (${errorCatalog[code].ja})`);
      expect(error.operation).toBe('GET /api/v1/bills/{month}');
    });
  }
});

describe('error details', () => {
  it('keeps field details, attemptsLeft and retryAfter from the envelope', async () => {
    server.use(
      http.get(api('/contracts'), () =>
        apiError('VALIDATION_FAILED', { details: [{ path: 'group', message: '契約の種類の形式が正しくありません。', messageEn: 'Invalid option' }] }),
      ),
      http.get(api('/me'), () => apiError('RATE_LIMITED', { retryAfter: 120 }, { 'Retry-After': '120' })),
    );
    const validation = await failureOf(client().contracts.list());
    expect(validation.details).toEqual([{ path: 'group', message: '契約の種類の形式が正しくありません。', messageEn: 'Invalid option' }]);
    const limited = await failureOf(client().me());
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.retryAfter).toBe(120);
  });

  it('OTP_INCORRECT carries attemptsLeft (R-FMT-7)', async () => {
    const error = await failureOf(
      new MyPageClient({ baseUrl: BASE_URL }).auth.login({ accessId: 'm95au6', password: 'mypage2023', otp: async () => '000000', captcha: async () => 'human' }),
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('OTP_INCORRECT');
    expect(error.attemptsLeft).toBe(4);
  });

  it('a proxy\'s HTML 502 still becomes a typed ServerError with the request id header', async () => {
    server.use(
      http.get(api('/me'), () => new HttpResponse('<html>Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html', 'x-request-id': 'edge-9' } })),
    );
    const error = await failureOf(client().me());
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe('SERVICE_UNAVAILABLE');
    expect(error.status).toBe(502);
    expect(error.requestId).toBe('edge-9');
  });

  it('a 2xx answer that breaks the contract is UNEXPECTED_RESPONSE, not a crash', async () => {
    server.use(http.get(api('/bills/:month'), () => HttpResponse.json({ month: '2023-10', total: 'lots' })));
    const error = await failureOf(client().bills.get('2023-10'));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.code).toBe('UNEXPECTED_RESPONSE');
    expect(error.messageEn).toMatch(/does not match the API contract/);
  });

  it('a 2xx answer that breaks the contract names the field and zod\'s reason (the generated check refuses, zod words it)', async () => {
    server.use(http.get(api('/contracts/:no'), () => HttpResponse.json({ ...contract, openingNoticeDates: ['2023-02-30'] })));
    const badDate = await failureOf(client().contracts.get('CAF0000000001'));
    expect(badDate.code).toBe('UNEXPECTED_RESPONSE');
    expect(badDate.messageEn).toBe("The server's answer to GET /api/v1/contracts/{contractNumber} does not match the API contract: openingNoticeDates.0: not a calendar date.");
    server.use(http.get(api('/contracts/:no'), () => HttpResponse.json({ ...contract, group: 'gold' })));
    const badEnum = await failureOf(client().contracts.get('CAF0000000001'));
    expect(badEnum.messageEn).toBe(
      `The server's answer to GET /api/v1/contracts/{contractNumber} does not match the API contract: group: ${ContractSchema.safeParse({ ...contract, group: 'gold' }).error!.issues[0]!.message}.`,
    );
  });

  it('a 2xx answer that is not JSON is UNEXPECTED_RESPONSE', async () => {
    server.use(http.get(api('/me'), () => new HttpResponse('<html>portal maintenance</html>', { status: 200 })));
    const error = await failureOf(client().me());
    expect(error.code).toBe('UNEXPECTED_RESPONSE');
  });

  it('no password, OTP or token appears in an error, its JSON or the client\'s inspect output', async () => {
    const { inspect } = await import('node:util');
    const secretClient = new MyPageClient({ baseUrl: BASE_URL, session });
    const wrongPassword = await failureOf(
      secretClient.auth.login({ accessId: 'm95au6', password: 'secretpass9', otp: async () => '111111', captcha: async () => 'human' }),
    );
    const wrongOtp = await failureOf(
      secretClient.auth.login({ accessId: 'm95au6', password: 'mypage2023', otp: async () => '654321', captcha: async () => 'human' }),
    );
    expect(wrongPassword.code).toBe('INVALID_CREDENTIALS');
    expect(wrongOtp.code).toBe('OTP_INCORRECT');
    const everything = [wrongPassword, wrongOtp]
      .flatMap((e) => [e.message, e.stack, JSON.stringify(e), inspect(e, { depth: 5 })])
      .concat([inspect(secretClient, { depth: 5 }), String(secretClient), JSON.stringify(secretClient)])
      .join('\n');
    for (const secret of ['secretpass9', 'mypage2023', '654321', session.token]) expect(everything).not.toContain(secret);
    expect(inspect(secretClient)).toContain('[redacted]');
  });
});
