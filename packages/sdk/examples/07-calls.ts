import { Readable } from 'node:stream';
import { MyPageClient } from '@mypage/sdk';

const client = new MyPageClient({ baseUrl: process.env.MYPAGE_SERVER ?? 'http://127.0.0.1:8787' });
await client.auth.login({ accessId: 'm95au6', password: 'mypage2023', otp: () => client.dev.latestOtp('taro@example.jp') });

// R-CALL-2: one page at a time…
const page = await client.calls.page('2023-12', { limit: 3 });
console.log(`first page: ${page.items.length} records, more: ${page.nextCursor !== null}`);

// …or every record of a range of months, all pages; months without call records are skipped.
let count = 0;
let charges = 0;
for await (const record of client.calls.iterate({ from: '2023-10', to: '2023-12', phone: '06-1111-5555' })) {
  count += 1;
  charges += record.charge;
}
console.log(`calls from 0611115555: ${count}, ${charges}円`);

// R-CALL-3 / D-5: the month as CSV — utf8 (default), utf8-bom or sjis for Excel; opt in to
// a 契約番号 column with { contractColumn: true } and to ="0611…" numbers with { excel: true }.
const csv = await client.calls.csv('2023-12', { encoding: 'utf8' });
const stream: Readable = csv.toNodeStream(); // or csv.body (web stream), or csv.saveTo(path)
let text = '';
for await (const chunk of stream) text += chunk;
console.log(text.split('\r\n')[0]);
