import type { Bill, CallRecord } from '@mypage/api';

/*
 * The bill-shock alarm (`bills watch`, exit code 7 in D-11): the newest bill against the average of
 * the months before it, per contract (its 小計, tax included, as the bill states it) and, for call
 * charges, per phone number (the sum of its call records, D-2). A line rises past the threshold
 * when newest > average × (1 + threshold). A line with no charge in the months before (average 0)
 * and a charge now is reported as new and counts as a rise: a line that starts costing money is
 * exactly what the alarm is for. Baseline months are the bills that exist among the `months`
 * before the newest; for phone numbers, the months whose call records could be read.
 * A rise smaller than `minRise` yen never alarms (default 1,000円): in percent, a quiet line's few
 * extra calls look like a shock (552円 → 1,288円 is +68%) without being one.
 */

export const DEFAULT_MIN_RISE = 1000;

export interface WatchInput {
  newest: Bill;
  /** the bills of the months before the newest (up to `months` of them) */
  previous: readonly Bill[];
  /** call records per month (months without readable call records are absent) */
  calls: ReadonlyMap<string, readonly CallRecord[]>;
  /** 0.2 for 20% */
  threshold: number;
  /** yen; rises below this never alarm */
  minRise?: number;
}

export interface WatchItem {
  kind: 'contract' | 'phone';
  key: string;
  label: string;
  newest: number;
  /** average of the baseline months, rounded to the yen */
  average: number;
  baselineMonths: string[];
  /** (newest − average) / average; null when the average is 0 */
  change: number | null;
  risen: boolean;
}

export interface WatchResult {
  month: string;
  threshold: number;
  minRise: number;
  items: WatchItem[];
  risen: WatchItem[];
}

interface Limits {
  threshold: number;
  minRise: number;
}

function compare(kind: WatchItem['kind'], key: string, label: string, newest: number, baseline: number[], months: string[], limits: Limits): WatchItem {
  const avgExact = baseline.length ? baseline.reduce((s, v) => s + v, 0) / baseline.length : 0;
  const change = avgExact > 0 ? (newest - avgExact) / avgExact : null;
  const pastThreshold = change === null ? newest > 0 && baseline.length > 0 : newest > avgExact * (1 + limits.threshold);
  const risen = pastThreshold && newest - avgExact >= limits.minRise;
  return { kind, key, label, newest, average: Math.round(avgExact), baselineMonths: months, change, risen };
}

export function watchBills(input: WatchInput): WatchResult {
  const { newest, threshold } = input;
  const limits: Limits = { threshold, minRise: input.minRise ?? DEFAULT_MIN_RISE };
  const previous = [...input.previous].sort((a, b) => a.month.localeCompare(b.month));
  const items: WatchItem[] = [];
  const contractKeys = new Map<string, string>();
  for (const b of [...previous, newest]) for (const c of b.contracts) if (!contractKeys.has(c.contractNumber)) contractKeys.set(c.contractNumber, c.serviceName);
  const subtotal = (b: Bill, n: string) => b.contracts.find((c) => c.contractNumber === n)?.subtotal ?? 0;
  for (const [n, label] of contractKeys) {
    items.push(compare('contract', n, label, subtotal(newest, n), previous.map((b) => subtotal(b, n)), previous.map((b) => b.month), limits));
  }
  const newestCalls = input.calls.get(newest.month);
  if (newestCalls) {
    const baseMonths = previous.map((b) => b.month).filter((m) => input.calls.has(m));
    const perPhone = (records: readonly CallRecord[]) => {
      const m = new Map<string, number>();
      for (const r of records) m.set(r.from, (m.get(r.from) ?? 0) + r.charge);
      return m;
    };
    const now = perPhone(newestCalls);
    const before = baseMonths.map((m) => perPhone(input.calls.get(m)!));
    const phones = new Set([...now.keys(), ...before.flatMap((m) => [...m.keys()])]);
    for (const p of [...phones].sort()) {
      items.push(compare('phone', p, '通話料', now.get(p) ?? 0, before.map((m) => m.get(p) ?? 0), baseMonths, limits));
    }
  }
  return { month: newest.month, threshold, minRise: limits.minRise, items, risen: items.filter((i) => i.risen) };
}

/** `20%`, `20`, `0.2`? Only `N%` or a plain percentage number: `--threshold 20%` / `--threshold 20`. */
export function parseThreshold(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  if (!m) return null;
  const pct = Number(m[1]);
  return Number.isFinite(pct) && pct >= 0 && pct <= 10000 ? pct / 100 : null;
}
