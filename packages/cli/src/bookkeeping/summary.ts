import type { Bill } from '@mypage/api';
import { normaliseKey } from './mapping.js';

/*
 * Costs per line (`bills summary`): contracts × months, tax included, each contract's amount
 * being its 小計 as the bill states it (its items plus its own tax lines). The invoice computes
 * tax once per rate over all contracts (R-FMT-9), so the invoice total may exceed the sum of the
 * contracts' 小計 by a few yen: that difference is the bill's own `roundingAdjustment`, kept as a
 * row of its own (端数調整) rather than spread over contracts by a rule the bill does not state.
 * So every month's column adds up to the bill's total, to the yen.
 */

export const ADJUSTMENT_KEY = '端数調整';
export const UNMAPPED_DEPARTMENT = '(未設定)';

export interface SummaryRow {
  /** contract number, department, or 端数調整 */
  key: string;
  /** what the key stands for (service names of a contract, contracts of a department) */
  label: string;
  byMonth: Record<string, number>;
  total: number;
}

export interface BillsSummary {
  months: string[];
  rows: SummaryRow[];
  /** per month: the bill's total (Σ rows of that month) */
  totals: Record<string, number>;
  grandTotal: number;
}

export function summariseBills(bills: readonly Bill[], departments?: ReadonlyMap<string, string>): BillsSummary {
  const sorted = [...bills].sort((a, b) => a.month.localeCompare(b.month));
  const months = sorted.map((b) => b.month);
  const rows = new Map<string, SummaryRow>();
  const labels = new Map<string, Set<string>>();
  const add = (key: string, label: string, month: string, amount: number) => {
    let row = rows.get(key);
    if (!row) {
      row = { key, label: '', byMonth: {}, total: 0 };
      rows.set(key, row);
      labels.set(key, new Set());
    }
    row.byMonth[month] = (row.byMonth[month] ?? 0) + amount;
    row.total += amount;
    if (label) labels.get(key)!.add(label);
  };
  const totals: Record<string, number> = {};
  for (const bill of sorted) {
    for (const c of bill.contracts) {
      if (departments) add(departments.get(normaliseKey(c.contractNumber)) ?? UNMAPPED_DEPARTMENT, c.contractNumber, bill.month, c.subtotal);
      else add(c.contractNumber, c.serviceName, bill.month, c.subtotal);
    }
    if (bill.roundingAdjustment !== 0) add(ADJUSTMENT_KEY, '', bill.month, bill.roundingAdjustment);
    totals[bill.month] = bill.total;
    const sum = bill.contracts.reduce((s, c) => s + c.subtotal, 0) + bill.roundingAdjustment;
    if (sum !== bill.total) throw new Error(`bill ${bill.month}: contracts and adjustment add up to ${sum}, the total is ${bill.total}`);
  }
  const ordered = [...rows.values()].sort((a, b) => Number(a.key === ADJUSTMENT_KEY) - Number(b.key === ADJUSTMENT_KEY));
  for (const r of ordered) r.label = [...labels.get(r.key)!].join(' / ');
  for (const r of ordered) for (const m of months) r.byMonth[m] ??= 0;
  return { months, rows: ordered, totals, grandTotal: Object.values(totals).reduce((s, v) => s + v, 0) };
}
