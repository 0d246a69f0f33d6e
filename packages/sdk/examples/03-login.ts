import { MyPageClient } from '@mypage/sdk';

const client = new MyPageClient({ baseUrl: process.env.MYPAGE_SERVER ?? 'http://127.0.0.1:8787' });

// R-LOGIN-1/2: password → OTP by mail → OTP + robot check → session (kept in the client).
const session = await client.auth.login({
  accessId: 'm95au6',
  password: 'mypage2023',
  // Ask the user, read a mailbox… here: the dev server's mailbox.
  otp: async (challenge) => {
    console.log(`OTP sent to ${challenge.sentTo}`);
    return client.dev.latestOtp('taro@example.jp');
  },
  // Needed when the server's robot check is `test` or `recaptcha` (`none` on a dev server).
  captcha: async (info) => (info.provider === 'none' ? undefined : process.env.MYPAGE_CAPTCHA_TOKEN),
});
console.log(`idle timeout: ${session.idleTimeoutSeconds} s`);

const me = await client.me(); // R-HOME-1
console.log(`${me.user.name} (${me.user.role}) of ${me.billingGroup.customerNumber}`);

const info = await client.auth.session(); // D-3: slides forward with each request
console.log(`session ends if idle at ${info.expiresAt}`);

// Keep the session between runs (the CLI stores it in the keychain)…
const saved = JSON.stringify(client.exportSession());
const later = new MyPageClient({ baseUrl: client.baseUrl });
later.restoreSession(JSON.parse(saved));
console.log(`restored: ${(await later.me()).user.accessId}`);

await later.auth.logout(); // R-LOGIN-3: ends it on the server and forgets it here
console.log(`logged out: ${later.session === null}`);
