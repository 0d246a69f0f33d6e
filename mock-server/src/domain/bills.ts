import { type Bill, type BillContract, type BillItem, type BillList, type BillSummary, type TaxRate } from '@mypage/api';
import { ApiError } from '../errors.js';
import type { BillStatementParts, CallChargeSum, RepositorySet } from '../store/repositories.js';
import type { BillRecord, BillingGroupRecord, ContractRecord } from '../store/schema.js';
import { rejectFutureMonth } from './access.js';
import type { BillCache } from './bill-cache.js';
import { mergeTaxableTotals, taxLines } from './tax.js';
import { ISSUER } from '../pdf/issuer.js';

/** Name of the call-charge line derived from call records (D-2). */
export const CALL_CHARGE_ITEM = '通話料';
const CALL_CHARGE_RATE: TaxRate = 10;

/** The visible bill of `month` (R-BILL-1: published by `now`), or 404 (a future month says so). */
export async function findBill(repos: RepositorySet, billingGroupId: string, month: string, now: Date): Promise<BillRecord> {
  rejectFutureMonth(month, now);
  const bill = await repos.bills.findVisible(billingGroupId, month, now);
  if (!bill) throw billNotFound(month);
  return bill;
}

/**
 * The breakdown of the visible bill of `month` (R-BILL-1, R-BILL-2), or 404 as `findBill`: the bill,
 * its call charges and the group's contracts read together (`bills.findStatement`). Where the engine
 * keeps data versions, a breakdown computed at the caller's `dataVersion` is served from the
 * instance's `billCache` without reading again (bill-cache.ts says when it is still the answer).
 */
export async function billStatement(
  repos: RepositorySet & { readonly billCache?: BillCache },
  group: BillingGroupRecord,
  month: string,
  now: Date,
  /** the group's data version read with the caller's session (`sessions.resolve`), if the engine keeps one */
  dataVersion?: string,
): Promise<Bill> {
  const kept = keptBillStatement(repos, group, month, now, dataVersion);
  if (kept) return kept;
  const parts = await repos.bills.findStatement(group.id, month, now);
  if (!parts) throw billNotFound(month);
  return computeAndKeep(repos, group, parts);
}

/**
 * The breakdown `billStatement` would answer from the instance's cache, in the same turn; else
 * undefined. Throws as it does for a month not yet begun (D-1).
 */
export function keptBillStatement(
  repos: { readonly billCache?: BillCache },
  group: BillingGroupRecord,
  month: string,
  now: Date,
  dataVersion: string | undefined,
): Bill | undefined {
  rejectFutureMonth(month, now);
  return dataVersion === undefined ? undefined : repos.billCache?.get(group, month, dataVersion, now);
}

/** The breakdown of `parts`, kept in the instance's cache at the version the parts were read at. */
async function computeAndKeep(repos: RepositorySet & { readonly billCache?: BillCache }, group: BillingGroupRecord, parts: BillStatementParts): Promise<Bill> {
  const bill = await computeBill(repos, group, parts.bill, parts.contracts, parts.charges);
  // not kept when a line names a contract of another group (computeBill read that one apart, and
  // its changes bump the other group's version)
  const own = new Set(parts.contracts.map((c) => c.contractNumber));
  if (repos.billCache && parts.dataVersion !== undefined && bill.contracts.every((c) => own.has(c.contractNumber))) {
    repos.billCache.set(group, parts.dataVersion, parts.bill.publishedAt, bill);
  }
  return bill;
}

const billNotFound = (month: string) =>
  new ApiError('BILL_NOT_FOUND', {
    messageJa: `${month.replace('-', '年')}月のご請求はありません。`,
    messageEn: `No bill for ${month}.`,
  });

/** R-BILL-1, D-1: calendar years with bills (newest first), and the months of one year (newest first). */
export async function billList(
  repos: RepositorySet & { readonly billCache?: BillCache },
  group: BillingGroupRecord,
  now: Date,
  year: number | undefined,
  /** as for `billStatement`: the months' breakdowns kept at this version are not computed again */
  dataVersion?: string,
): Promise<BillList> {
  const bills = await repos.bills.listVisible(group.id, now);
  const years = [...new Set(bills.map((b) => Number(b.month.slice(0, 4))))].sort((a, b) => b - a);
  const chosen = year ?? years[0] ?? null;
  if (year !== undefined && !years.includes(year)) {
    throw new ApiError('BILL_NOT_FOUND', {
      messageJa: `${year}年のご請求はありません。${years.length ? `ご請求のある年: ${years.join('、')}` : ''}`,
      messageEn: `No bills in ${year}.${years.length ? ` Years with bills: ${years.join(', ')}.` : ''}`,
    });
  }
  const shown = bills.filter((x) => chosen !== null && x.month.startsWith(`${chosen}-`)).sort((x, y) => y.month.localeCompare(x.month));
  // each month's total is its breakdown's: kept ones from the cache, the others read in one go
  const breakdowns = new Map<string, Bill>();
  for (const b of shown) {
    const kept = dataVersion === undefined ? undefined : repos.billCache?.get(group, b.month, dataVersion, now);
    if (kept) breakdowns.set(b.month, kept);
  }
  const missing = shown.filter((b) => !breakdowns.has(b.month)).map((b) => b.month);
  if (missing.length > 0) {
    for (const parts of await repos.bills.findStatements(group.id, missing, now)) breakdowns.set(parts.bill.month, await computeAndKeep(repos, group, parts));
  }
  const months: BillSummary[] = [];
  for (const b of shown) {
    const bill = breakdowns.get(b.month);
    // a bill withdrawn between the two reads is left out, as it would be a moment later
    if (bill) months.push({ month: b.month, total: bill.total, issuedOn: bill.issuedOn, dueDate: bill.dueDate });
  }
  return { years, year: chosen, months };
}

/**
 * R-BILL-2, R-FMT-9: the month's breakdown per contract (items, the contract's tax lines and
 * 小計, as the portal screen shows), then the invoice: amounts summed per rate over every
 * contract, the tax computed ONCE per rate and rounded down. `roundingAdjustment` is what that
 * differs from the sum of the per-contract taxes, so `total = Σ subtotal + roundingAdjustment`.
 * 通話料 lines come from the call records (D-2).
 */
export async function computeBill(
  repos: RepositorySet,
  group: BillingGroupRecord,
  record: BillRecord,
  /** the group's contracts in order (their number and service name), when already read */
  groupContracts?: Pick<ContractRecord, 'contractNumber' | 'serviceName'>[],
  /** the month's call charges per contract, when already read */
  charges?: CallChargeSum[],
): Promise<Bill> {
  const callsByContract = new Map<string, { sum: number; count: number }>();
  let callCharges = 0;
  for (const entry of charges ?? (await repos.callRecords.chargesByContract(group.id, record.month))) {
    callsByContract.set(entry.contractNumber, { sum: entry.sum, count: entry.count });
    callCharges += entry.sum;
  }
  const order = groupContracts ?? (await repos.billingGroups.contractsOf(group.id));
  const serviceNames = new Map(order.map((c) => [c.contractNumber, c.serviceName]));
  const known = new Set(order.map((c) => c.contractNumber));
  const numbers = [
    ...order.map((c) => c.contractNumber),
    ...[...new Set([...record.items.map((i) => i.contractNumber), ...callsByContract.keys()])].filter((n) => !known.has(n)),
  ];
  const contracts: BillContract[] = [];
  for (const contractNumber of numbers) {
    const items: BillItem[] = record.items
      .filter((i) => i.contractNumber === contractNumber)
      .map((i) => ({ name: i.name, amount: i.amount, remarks: i.remarks, taxRate: i.taxRate }));
    const calls = callsByContract.get(contractNumber);
    if (calls) items.push({ name: CALL_CHARGE_ITEM, amount: calls.sum, remarks: `${calls.count}件`, taxRate: CALL_CHARGE_RATE });
    if (items.length === 0) continue;
    const taxes = taxLines(items);
    const subtotal = items.reduce((s, i) => s + i.amount, 0) + taxes.reduce((s, t) => s + t.tax, 0);
    const serviceName = serviceNames.get(contractNumber) ?? (await repos.billingGroups.contract(contractNumber))?.serviceName ?? '';
    contracts.push({ contractNumber, serviceName, items, taxes, subtotal });
  }
  const taxes = taxLines(mergeTaxableTotals(contracts.map((c) => c.taxes)));
  const invoiceTax = taxes.reduce((s, t) => s + t.tax, 0);
  const contractTax = contracts.reduce((s, c) => s + c.taxes.reduce((t, l) => t + l.tax, 0), 0);
  const total = taxes.reduce((s, t) => s + t.taxableTotal + t.tax, 0);
  const [y, m] = record.month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return {
    month: record.month,
    billingId: record.billingId,
    customerNumber: group.customerNumber,
    recipientName: group.name,
    issuedOn: record.issuedOn,
    dueDate: record.dueDate,
    billingPeriod: { from: `${record.month}-01`, to: `${record.month}-${String(lastDay).padStart(2, '0')}` },
    contracts,
    taxes,
    roundingAdjustment: invoiceTax - contractTax,
    total,
    callCharges,
    // D-10: the same issuer the PDF prints, so a client (the archive) does not hard-code it
    issuer: { name: ISSUER.name, registrationNumber: ISSUER.registrationNumber },
  };
}

