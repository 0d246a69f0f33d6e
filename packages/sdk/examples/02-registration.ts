import { MAIL_PATTERNS, MAIL_SUBJECTS, MyPageClient } from '@mypage/sdk';

const client = new MyPageClient({ baseUrl: process.env.MYPAGE_SERVER ?? 'http://127.0.0.1:8787' });

// R-REG-2: contract number, postal code and name are normalised first (`2N…`, `060-0001`, full-width digits).
const started = await client.registration.start({
  email: 'hanako@example.jp',
  contractNumber: '123456789',
  postalCode: '060-0001',
  customerName: 'サトウ ハナコ',
  agreeToTerms: true,
});
console.log(`mail sent to ${started.sentTo}`);

// R-REG-4: the mail holds the URL, the access ID and a temporary password. A dev server shows its
// mails in the dev mailbox; in real life the user pastes them.
const mail = await client.dev.latestMail('hanako@example.jp', { subject: MAIL_SUBJECTS.registration });
const url = MAIL_PATTERNS.registrationUrl.exec(mail.text)![1]!;
const accessId = MAIL_PATTERNS.accessId.exec(mail.text)![1]!;
const temporaryPassword = MAIL_PATTERNS.temporaryPassword.exec(mail.text)![1]!;

const link = await client.registration.check(url); // the URL or just its token
console.log(`link valid until ${link.expiresAt}`);

// R-REG-5: set the real password (R-FMT-2 is checked before sending).
const done = await client.registration.complete(url, { accessId, temporaryPassword, newPassword: 'hanako2024' });
console.log(`registered: ${done.accessId === accessId}`);
