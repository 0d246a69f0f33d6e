import type { Bill, TaxRate } from '@mypage/api';
import { monthEnd, monthJa } from './months.js';

/*
 * Journal entries (仕訳) of bills, independent of any accounting product: one entry per bill,
 * one line per tax rate of the invoice. The amounts are the bill's own (R-FMT-9): per rate the
 * taxable total plus the tax the invoice states for that rate (computed once per rate per
 * invoice and rounded down by the issuer); nothing is recomputed here, so the lines of an entry
 * add up to the bill's total to the yen. Each line is balanced by itself (expense on the debit
 * side, the payment account on the credit side), which every target format accepts for a
 * multi-line entry.
 */

export type EntryDateBasis = 'issue' | 'month-end' | 'due';
export const ENTRY_DATE_BASES: readonly EntryDateBasis[] = ['issue', 'month-end', 'due'];

/** An account with its optional 補助科目 and 部門, as the company's chart of accounts names them. */
export interface AccountRef {
  account: string;
  subAccount?: string;
  department?: string;
}

export interface JournalSettings {
  dateBasis: EntryDateBasis;
  /** expense side, default 通信費 */
  debit: AccountRef;
  /** payment side, default 未払金 (普通預金 for a direct debit booked on the day) */
  credit: AccountRef;
  /** 取引先 override (the mapping file's `partner`); without it each entry names its bill's issuer */
  partner?: string;
}

export const DEFAULT_DEBIT_ACCOUNT = '通信費';
export const DEFAULT_CREDIT_ACCOUNT = '未払金';

export interface JournalLine {
  rate: TaxRate;
  /** tax included, always positive; `reversed` when the bill's line is a credit (negative) */
  amount: number;
  /** the invoice's tax for this rate (positive) */
  tax: number;
  /** true when the rate's total is negative: the expense is on the credit side */
  reversed: boolean;
}

export interface JournalEntry {
  /** 1-based, in file order */
  no: number;
  /** `YYYY-MM-DD` */
  date: string;
  month: string;
  billingId: string;
  /** the bill's total (signed) */
  total: number;
  /** 取引先: the override of the settings, else the issuer the invoice prints (D-10, `bill.issuer.name`) */
  partner: string;
  description: string;
  lines: JournalLine[];
}

export class JournalError extends Error {
  override name = 'JournalError';
}

export function entryDate(bill: Pick<Bill, 'month' | 'issuedOn' | 'dueDate'>, basis: EntryDateBasis): string {
  if (basis === 'month-end') return monthEnd(bill.month);
  if (basis === 'due') return bill.dueDate;
  return bill.issuedOn;
}

/** 摘要: issuer, billing month and billing ID, short enough for every format's limit (64 half-width). */
export function entryDescription(bill: Pick<Bill, 'month' | 'billingId'>, partner: string): string {
  return `${partner.replace('株式会社', '')} ${monthJa(bill.month)}分 ${bill.billingId}`;
}

/** One entry per bill, ordered by billing month; lines per tax rate as the invoice states them. */
export function journalEntries(bills: readonly Bill[], settings: JournalSettings): JournalEntry[] {
  const sorted = [...bills].sort((a, b) => a.month.localeCompare(b.month));
  return sorted.map((bill, i) => {
    const lines: JournalLine[] = [];
    for (const t of bill.taxes) {
      const signed = t.taxableTotal + t.tax;
      if (signed === 0) continue;
      lines.push({ rate: t.rate, amount: Math.abs(signed), tax: Math.abs(t.tax), reversed: signed < 0 });
    }
    const sum = lines.reduce((s, l) => s + (l.reversed ? -l.amount : l.amount), 0);
    if (sum !== bill.total) {
      // the bill contradicts itself (R-FMT-9: total = Σ per rate (taxable total + tax)): refuse
      // rather than book a number nobody can trace back to the invoice
      throw new JournalError(`bill ${bill.month}: tax lines add up to ${sum}, the total is ${bill.total}`);
    }
    const partner = settings.partner ?? bill.issuer.name;
    return {
      no: i + 1,
      date: entryDate(bill, settings.dateBasis),
      month: bill.month,
      billingId: bill.billingId,
      total: bill.total,
      partner,
      description: entryDescription(bill, partner),
      lines,
    };
  });
}
