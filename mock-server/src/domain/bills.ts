import { type Bill, type BillContract, type BillItem, type BillList, type BillSummary, type TaxRate } from '@mypage/api';
import { ApiError } from '../errors.js';
import type { BillRecord, BillingGroupRecord, Data } from '../store/schema.js';
import { callRowsOf } from './call-index.js';
import { rejectFutureMonth } from './access.js';
import { mergeTaxableTotals, taxLines } from './tax.js';
import { ISSUER } from '../pdf/issuer.js';

/** Name of the call-charge line derived from call records (D-2). */
export const CALL_CHARGE_ITEM = '通話料';
const CALL_CHARGE_RATE: TaxRate = 10;

/** Bills of a group that are published by `now` (R-BILL-1). */
export function visibleBills(data: Data, billingGroupId: string, now: Date): BillRecord[] {
  return data.bills.filter((b) => b.billingGroupId === billingGroupId && new Date(b.publishedAt) <= now);
}

/** The visible bill of `month`, or 404 (a future month says so). */
export function findBill(data: Data, billingGroupId: string, month: string, now: Date): BillRecord {
  rejectFutureMonth(month, now);
  const bill = visibleBills(data, billingGroupId, now).find((b) => b.month === month);
  if (!bill) {
    throw new ApiError('BILL_NOT_FOUND', {
      messageJa: `${month.replace('-', '年')}月のご請求はありません。`,
      messageEn: `No bill for ${month}.`,
    });
  }
  return bill;
}

/** R-BILL-1, D-1: calendar years with bills (newest first), and the months of one year (newest first). */
export function billList(data: Data, group: BillingGroupRecord, now: Date, year: number | undefined): BillList {
  const bills = visibleBills(data, group.id, now);
  const years = [...new Set(bills.map((b) => Number(b.month.slice(0, 4))))].sort((a, b) => b - a);
  const chosen = year ?? years[0] ?? null;
  if (year !== undefined && !years.includes(year)) {
    throw new ApiError('BILL_NOT_FOUND', {
      messageJa: `${year}年のご請求はありません。${years.length ? `ご請求のある年: ${years.join('、')}` : ''}`,
      messageEn: `No bills in ${year}.${years.length ? ` Years with bills: ${years.join(', ')}.` : ''}`,
    });
  }
  const months: BillSummary[] = bills
    .filter((b) => chosen !== null && b.month.startsWith(`${chosen}-`))
    .sort((a, b) => b.month.localeCompare(a.month))
    .map((b) => ({ month: b.month, total: computeBill(data, group, b).total, issuedOn: b.issuedOn, dueDate: b.dueDate }));
  return { years, year: chosen, months };
}

/**
 * R-BILL-2, R-FMT-9: the month's breakdown per contract (items, the contract's tax lines and
 * 小計, as the portal screen shows), then the invoice: amounts summed per rate over every
 * contract, the tax computed ONCE per rate and rounded down. `roundingAdjustment` is what that
 * differs from the sum of the per-contract taxes, so `total = Σ subtotal + roundingAdjustment`.
 * 通話料 lines come from the call records (D-2).
 */
export function computeBill(data: Data, group: BillingGroupRecord, record: BillRecord): Bill {
  const callsByContract = new Map<string, { sum: number; count: number }>();
  let callCharges = 0;
  for (const row of callRowsOf(data, group.id, record.month)) {
    const entry = callsByContract.get(row.contractNumber) ?? { sum: 0, count: 0 };
    entry.sum += row.charge;
    entry.count += 1;
    callsByContract.set(row.contractNumber, entry);
    callCharges += row.charge;
  }
  const order = data.contracts.filter((c) => c.billingGroupId === group.id);
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
    const serviceName = data.contracts.find((c) => c.contractNumber === contractNumber)?.serviceName ?? '';
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

