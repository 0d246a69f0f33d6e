// An app's own test (vitest) against the reference server, started in-process on the demo data.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MyPageClient, SessionExpiredError, type Bill } from '@mypage/sdk';
import { DEMO, startTestServer, type TestServer } from '@mypage/mock-server/testing';

let server: TestServer;
let client: MyPageClient;

beforeAll(async () => {
  server = await startTestServer(); // demo data, dev mailbox, a clock the test moves
  client = new MyPageClient({ baseUrl: server.url });
  const { accessId, password, email } = DEMO.groupA.admin;
  await client.auth.login({
    accessId,
    password,
    otp: () => client.dev.latestOtp(email), // the OTP mail, read from the dev mailbox (D-4)
  });
}, 60_000); // starting a server and logging in takes a few seconds on a busy machine
afterAll(async () => {
  await client?.close();
  await server?.close();
});

test('my export sums the October bill', async () => {
  const bill: Bill = await client.bills.get('2023-10');
  expect(bill.total).toBeGreaterThan(0);
});

test('my app logs in again after 10 idle minutes', async () => {
  server.clock.advanceMinutes(11); // D-3: the session ends after 10 minutes without activity
  await expect(client.me()).rejects.toBeInstanceOf(SessionExpiredError);
});
