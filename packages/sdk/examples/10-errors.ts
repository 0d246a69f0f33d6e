import { MyPageClient, MyPageError, NotFoundError, SessionExpiredError, ValidationError } from '@mypage/sdk';

const client: MyPageClient = new MyPageClient({
  baseUrl: process.env.MYPAGE_SERVER ?? 'http://127.0.0.1:8787',
  session: { token: 'a-token-that-has-expired', expiresAt: '2023-12-01T10:29:00+09:00' },
  // D-3: on SESSION_EXPIRED / AUTH_REQUIRED, log in again; the failed request is retried once.
  onSessionExpired: async (error: SessionExpiredError) => {
    console.log(`re-login after ${error.code}`);
    await client.auth.login({ accessId: 'm95au6', password: 'mypage2023', otp: () => client.dev.latestOtp('taro@example.jp') });
  },
});
console.log(`hello ${(await client.me()).user.accessId}`);

// Every failure is a MyPageError: map `code`, show `message` (English + 日本語).
try {
  await client.bills.get('2031-01');
} catch (error) {
  if (error instanceof NotFoundError) console.log(`${error.status} ${error.code}: ${error.messageJa}`);
}

// Bad input fails before any request, with the same rules as the server.
try {
  await client.contracts.get('CAF123');
} catch (error) {
  if (error instanceof ValidationError) console.log(`${error.code} on ${error.details?.[0]?.path}: ${error.messageEn}`);
}

// Every call takes an AbortSignal and a timeout.
try {
  await client.contracts.list({}, { signal: AbortSignal.abort() });
} catch (error) {
  if (error instanceof MyPageError) console.log(error.code);
}
const quick = await client.contracts.list({}, { timeoutMs: 5_000 });
console.log(`${quick.length} contracts`);
