import type { IndexRow } from './index-book.js';
import type { NameFields } from './names.js';
import { BILL_KIND } from './plan.js';

/** Test data for the archive modules: the demo's bill fields of a month. */
export function billFields(month: string, amount: number, date = `${month}-09`): NameFields {
  return {
    date,
    partner: '日本メディアシステム株式会社',
    amount,
    month,
    customer: '2NCAF0000000001',
    kind: BILL_KIND,
    registration: 'T3120001234567',
    billingId: `B${month.replace('-', '')}`,
  };
}

export function row(seq: number, f: NameFields, file: string, sha256: string, corrects: number | null = null): IndexRow {
  return { seq, date: f.date, amount: f.amount, partner: f.partner, registration: f.registration, kind: f.kind, month: f.month, customer: f.customer, file, sha256, fetchedAt: '2024-07-20 12:00:00 JST', corrects };
}
