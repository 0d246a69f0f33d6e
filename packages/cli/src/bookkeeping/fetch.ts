import type { Bill, CallRecord } from '@mypage/api';
import type { MyPageClient } from '@mypage/sdk';
import { monthRange } from './months.js';

/*
 * Reading what the bookkeeping verbs need from the portal: the bills of a range of months (the
 * months that have one, R-BILL-1) and the call records of a month (R-CALL; null when the month's
 * records cannot be read: not applied for, or no bill).
 */

/** Months with a bill between `from` and `to` (inclusive), oldest first. */
export async function billMonthsInRange(client: MyPageClient, from: string, to: string): Promise<string[]> {
  const first = await client.bills.list({});
  const wanted = new Set(monthRange(from, to));
  const years = first.years.filter((y) => y >= Number(from.slice(0, 4)) && y <= Number(to.slice(0, 4)));
  const months: string[] = [];
  for (const year of years) {
    const list = year === first.year ? first : await client.bills.list({ year });
    for (const m of list.months) if (wanted.has(m.month)) months.push(m.month);
  }
  return months.sort();
}

/** The bills of those months, oldest first. */
export async function billsInRange(client: MyPageClient, from: string, to: string): Promise<Bill[]> {
  const months = await billMonthsInRange(client, from, to);
  const bills: Bill[] = [];
  for (const m of months) bills.push(await client.bills.get(m));
  return bills;
}

const UNREADABLE = new Set(['CALL_RECORDS_NOT_ENABLED', 'BILL_NOT_FOUND']);

/** Every call record of a month, or null when the month's records cannot be read. */
export async function callsOfMonth(client: MyPageClient, month: string): Promise<CallRecord[] | null> {
  const out: CallRecord[] = [];
  let cursor: string | undefined;
  do {
    try {
      const page = await client.calls.page(month, { limit: 1000, ...(cursor ? { cursor } : {}) });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } catch (err) {
      if (err instanceof Error && UNREADABLE.has((err as { code?: string }).code ?? '')) return null;
      throw err;
    }
  } while (cursor);
  return out;
}
