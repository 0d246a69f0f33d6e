import { MyPageClient } from '@mypage/sdk';

const client = new MyPageClient({ baseUrl: process.env.MYPAGE_SERVER ?? 'http://127.0.0.1:8787' });
await client.auth.login({ accessId: 'm95au6', password: 'mypage2023', otp: () => client.dev.latestOtp('taro@example.jp') });

// R-INQ-1: categories, then send; a receipt mail follows.
const categories = await client.inquiries.categories();
console.log(categories.map((c) => `${c.id}=${c.label}`).join(', '));
const sent = await client.inquiries.send({ category: 'other', subject: '請求書の宛名について', body: '宛名を変更したいです。' });
console.log(`sent ${sent.id}: ${sent.status}`);

// R-INQ-3: apply for call records with the guide's exact category, subject and body.
const application = await client.inquiries.requestCallRecords({ customerName: '日本 太郎', contactName: '日本 花子' });
console.log(`${application.categoryLabel} / ${application.subject}`);

// R-INQ-2: stop paper mailing of opening notices ('opening-notice') or direct-debit notices ('direct-debit').
const stop = await client.inquiries.stopPaperMail('direct-debit', { customerName: '日本 太郎', contactName: '日本 花子' });
console.log(stop.subject);

console.log(`history: ${(await client.inquiries.list()).length} inquiries`);
