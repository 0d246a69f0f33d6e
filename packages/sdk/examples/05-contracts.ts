import { MyPageClient } from '@mypage/sdk';

const client = new MyPageClient({ baseUrl: process.env.MYPAGE_SERVER ?? 'http://127.0.0.1:8787' });
await client.auth.login({ accessId: 'm95au6', password: 'mypage2023', otp: () => client.dev.latestOtp('taro@example.jp') });

for (const item of await client.news.list()) console.log(`お知らせ: ${item.title}`); // R-HOME-1

// R-CON-1/2: the billing group's contracts; `group: 'other'` for その他のご契約.
const hikari = await client.contracts.list({ group: 'hikari' });
console.log(hikari.map((c) => `${c.contractNumber} ${c.serviceName}`).join('\n'));

// R-CON-3: the number as printed on an invoice (`2N…`) works too.
const contract = await client.contracts.get('2NCAF0000000001');
console.log(`アクセスキー ${contract.accessLine?.accessKey}, options: ${contract.options.join(', ')}`);

// R-NOTICE-1: opening notices, downloaded as a PDF stream.
const notices = await client.notices.list('CAF0000000001');
console.log(notices.map((n) => n.label).join(', '));
const pdf = await client.notices.download('CAF0000000001', notices[0]!.date);
const saved = await pdf.saveTo(process.env.OUT_DIR ?? '.'); // a folder: the server's file name is used
console.log(`saved ${saved.bytes} bytes`);
