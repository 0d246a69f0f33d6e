import { MAIL_PATTERNS, MAIL_SUBJECTS, MyPageClient } from '@mypage/sdk';

const client = new MyPageClient({ baseUrl: process.env.MYPAGE_SERVER ?? 'http://127.0.0.1:8787' });

// R-LOGIN-5: forgot the access ID → it is mailed to the registered address.
console.log((await client.recovery.accessId({ email: 'hanako@example.jp' })).message);
const idMail = await client.dev.latestMail('hanako@example.jp', { subject: MAIL_SUBJECTS.accessId });
const accessId = MAIL_PATTERNS.accessId.exec(idMail.text)![1]!;

// Forgot the password → a reset link is mailed; set a new password with it.
await client.recovery.password({ accessId, email: 'hanako@example.jp' });
const resetMail = await client.dev.latestMail('hanako@example.jp', { subject: MAIL_SUBJECTS.passwordReset });
const resetUrl = MAIL_PATTERNS.passwordResetUrl.exec(resetMail.text)![1]!;
console.log((await client.recovery.resetPassword(resetUrl, { accessId, newPassword: 'hanako2025' })).message);

// Forgot the registered address → the customer is verified and told whom to contact.
const answer = await client.recovery.email({ contractNumber: '123456789', postalCode: '060-0001', customerName: 'サトウ ハナコ' });
console.log(answer.message);
