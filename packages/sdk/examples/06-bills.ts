import { MyPageClient } from '@mypage/sdk';

const client = new MyPageClient({ baseUrl: process.env.MYPAGE_SERVER ?? 'http://127.0.0.1:8787' });
await client.auth.login({ accessId: 'm95au6', password: 'mypage2023', otp: () => client.dev.latestOtp('taro@example.jp') });

// R-BILL-1 / D-1: years, then the months of one year (newest first).
const list = await client.bills.list({ year: 2023 });
console.log(`years ${list.years.join(', ')}; months ${list.months.map((m) => m.month).join(', ')}`);

// R-BILL-2: the breakdown; months may be written 2023-10, 2023/10 or 202310.
const bill = await client.bills.get('2023/10');
for (const contract of bill.contracts) {
  for (const item of contract.items) console.log(`${contract.contractNumber} ${item.name} ${item.amount}円`);
  for (const tax of contract.taxes) console.log(`  ${tax.rate}%対象計 ${tax.taxableTotal}円 消費税 ${tax.tax}円`);
  console.log(`  小計 ${contract.subtotal}円`);
}
console.log(`total ${bill.total}円`);

// R-BILL-3: the invoice PDF, streamed to a file (temp file + rename: never a partial file).
const invoice = await client.bills.invoice('2023-10');
const saved = await invoice.saveTo(`${process.env.OUT_DIR ?? '.'}/invoice-2023-10.pdf`);
console.log(`${invoice.contentType}: ${saved.bytes} bytes`);
