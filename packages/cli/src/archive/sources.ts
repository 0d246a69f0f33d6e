import type { Bill } from '@mypage/api';
import type { MyPageClient } from '@mypage/sdk';
import type { ArchiveSource } from './archive.js';
import { DEFAULT_NOTICE_TEMPLATE } from './names.js';
import { BILL_KIND, NOTICE_KIND } from './plan.js';

/*
 * What the archive downloads, from the portal (D-10): each month's invoice / direct-debit notice
 * (取引年月日 = issue date, 取引先 and 登録番号 = the issuer the bill names, 取引金額 = total incl.
 * tax) and, when asked, the opening notices of every contract (no amount).
 */

export type Issuer = Bill['issuer'];

export function billSource(client: MyPageClient, bill: Bill): ArchiveSource {
  return {
    fields: {
      date: bill.issuedOn,
      partner: bill.issuer.name,
      amount: bill.total,
      month: bill.month,
      customer: bill.customerNumber,
      kind: BILL_KIND,
      registration: bill.issuer.registrationNumber,
      billingId: bill.billingId,
    },
    open: async () => (await client.bills.invoice(bill.month)).toNodeStream(),
  };
}

/** One source per billed month, oldest first; each bill is read just before its PDF. */
export async function* billSources(client: MyPageClient, months: readonly string[], seen?: (bill: Bill) => void): AsyncIterable<ArchiveSource> {
  for (const month of months) {
    const bill = await client.bills.get(month);
    seen?.(bill);
    yield billSource(client, bill);
  }
}

/** Opening notices of every contract whose date falls in [since, until] months (inclusive). */
export async function* noticeSources(client: MyPageClient, issuer: Issuer, since?: string, until?: string): AsyncIterable<ArchiveSource> {
  const contracts = await client.contracts.list();
  for (const c of contracts) {
    const notices = await client.notices.list(c.contractNumber);
    for (const n of [...notices].sort((a, b) => a.date.localeCompare(b.date))) {
      const month = n.date.slice(0, 7);
      if ((since && month < since) || (until && month > until)) continue;
      yield {
        template: DEFAULT_NOTICE_TEMPLATE,
        fields: { date: n.date, partner: issuer.name, amount: null, month, customer: n.contractNumber, kind: NOTICE_KIND, registration: issuer.registrationNumber, billingId: '' },
        open: async () => (await client.notices.download(n.contractNumber, n.date)).toNodeStream(),
      };
    }
  }
}

/** Billed months in [since, until] (either may be open), oldest first (R-BILL-1, D-1). */
export async function billedMonthsBetween(client: MyPageClient, since?: string, until?: string): Promise<string[]> {
  const first = await client.bills.list({});
  const years = first.years.filter((y) => (!since || y >= Number(since.slice(0, 4))) && (!until || y <= Number(until.slice(0, 4))));
  const months: string[] = [];
  for (const year of years) {
    const list = year === first.year ? first : await client.bills.list({ year });
    for (const m of list.months) if ((!since || m.month >= since) && (!until || m.month <= until)) months.push(m.month);
  }
  return months.sort();
}
