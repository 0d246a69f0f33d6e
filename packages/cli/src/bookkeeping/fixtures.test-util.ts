import type { Bill, BillContract, BillItem, TaxRate } from '@mypage/api';

/*
 * Bills built the way the reference server builds them (R-FMT-9: tax per rate per contract for
 * the screen, then once per rate over the invoice, rounded down), for the unit tests of this folder.
 */

const floorTax = (amount: number, rate: TaxRate) => Math.sign(amount) * Math.floor((Math.abs(amount) * rate) / 100) || 0;

function taxLines(items: { amount: number; taxRate: TaxRate }[]) {
  const totals = new Map<TaxRate, number>();
  for (const i of items) totals.set(i.taxRate, (totals.get(i.taxRate) ?? 0) + i.amount);
  return ([10, 8, 0] as TaxRate[]).filter((r) => totals.has(r)).map((rate) => ({ rate, taxableTotal: totals.get(rate)!, tax: floorTax(totals.get(rate)!, rate) }));
}

export function makeBill(month: string, contracts: Record<string, [string, number, TaxRate][]>, callCharges = 0): Bill {
  const cs: BillContract[] = Object.entries(contracts).map(([contractNumber, rows]) => {
    const items: BillItem[] = rows.map(([name, amount, taxRate]) => ({ name, amount, taxRate, remarks: '' }));
    const taxes = taxLines(items);
    return { contractNumber, serviceName: contractNumber.startsWith('COP') ? 'Splashtop' : '[100M] ファミリー', items, taxes, subtotal: items.reduce((s, i) => s + i.amount, 0) + taxes.reduce((s, t) => s + t.tax, 0) };
  });
  const taxes = taxLines(cs.flatMap((c) => c.taxes.map((t) => ({ amount: t.taxableTotal, taxRate: t.rate }))));
  const invoiceTax = taxes.reduce((s, t) => s + t.tax, 0);
  const contractTax = cs.reduce((s, c) => s + c.taxes.reduce((a, t) => a + t.tax, 0), 0);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    month,
    billingId: `B${month.replace('-', '')}`,
    customerNumber: '2NCAF0000000001',
    issuer: { name: '日本メディアシステム株式会社', registrationNumber: 'T3120001234567' },
    recipientName: '日本　太郎',
    issuedOn: `${next}-09`,
    dueDate: `${next}-27`,
    billingPeriod: { from: `${month}-01`, to: `${month}-28` },
    contracts: cs,
    taxes,
    roundingAdjustment: invoiceTax - contractTax,
    total: taxes.reduce((s, t) => s + t.taxableTotal + t.tax, 0),
    callCharges,
  };
}

/** The guide's 2023-10 (total 5,646), a month with a reduced-rate item and a rounding adjustment. */
export const OCT = makeBill('2023-10', { CAF0000000001: [['mediaITサポート24', 3300, 10]], COP00000001: [['Splashtop Business', 1833, 10]] });
export const MIXED = makeBill('2024-07', {
  CAF0000000001: [['[100M] ファミリー 月額基本料', 4950, 10], ['通話料', 1885, 10], ['軽減税率の品目', 1999, 8]],
  COP00000001: [['Splashtop Business', 1833, 10], ['お茶', 1001, 8]],
});
