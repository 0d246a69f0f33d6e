import type { TaxLine, TaxRate } from '@mypage/api';

const RATE_ORDER: readonly TaxRate[] = [10, 8, 0];

/** Tax of one rate's taxable total, rounded down (toward zero for a credit), R-FMT-9. */
export function taxOf(taxableTotal: number, rate: TaxRate): number {
  const exact = Math.abs(taxableTotal) * rate;
  return Math.sign(taxableTotal) * Math.floor(exact / 100) || 0;
}

/**
 * R-FMT-9 tax lines: the items' amounts summed per rate (`10%対象計`), then the tax computed once
 * on that sum and rounded down (`消費税（10%）`). Rates in the order 10%, 8%, 0%; only rates
 * that occur.
 */
export function taxLines(items: readonly { amount: number; taxRate: TaxRate }[]): TaxLine[] {
  const totals = new Map<TaxRate, number>();
  for (const item of items) totals.set(item.taxRate, (totals.get(item.taxRate) ?? 0) + item.amount);
  return RATE_ORDER.filter((rate) => totals.has(rate)).map((rate) => {
    const taxableTotal = totals.get(rate)!;
    return { rate, taxableTotal, tax: taxOf(taxableTotal, rate) };
  });
}

/** Sum taxable totals of several tax-line lists per rate (the invoice level). */
export function mergeTaxableTotals(lists: readonly TaxLine[][]): { amount: number; taxRate: TaxRate }[] {
  return lists.flat().map((line) => ({ amount: line.taxableTotal, taxRate: line.rate }));
}
