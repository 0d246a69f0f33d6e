import type { MyPageClient } from '@mypage/sdk';
import type { Terminal } from '../cmdutil.js';

/** Billing months from `since` to `until` (inclusive) that have a bill, oldest first (R-BILL-1, D-1). */
export async function billedMonths(f: Terminal, client: MyPageClient, since: string, until?: string): Promise<string[]> {
  const first = await f.io.spin(f.t('ご請求の月を取得中…', 'Listing billing months…'), () => client.bills.list({}));
  const sinceYear = Number(since.slice(0, 4));
  const years = first.years.filter((y) => y >= sinceYear && (!until || y <= Number(until.slice(0, 4))));
  const months: string[] = [];
  for (const year of years) {
    const list = year === first.year ? first : await client.bills.list({ year });
    for (const m of list.months) if (m.month >= since && (!until || m.month <= until)) months.push(m.month);
  }
  return months.sort();
}
