import type { CallRecord } from '@mypage/api';
import { normaliseKey } from './mapping.js';

/*
 * Call counts, minutes and charges per phone number (回線 = the calling number, 通話元) or per
 * usage type (利用種類), optionally grouped by department (phone number → 部門). Charges are the
 * records' own (D-2): a group's charge is the sum of its records, nothing is re-rated here.
 */

export type CallsGroupBy = 'phone' | 'type';

export interface CallsSummaryRow {
  key: string;
  calls: number;
  durationSeconds: number;
  /** minutes, one decimal (durationSeconds / 60) */
  minutes: number;
  charge: number;
}

export interface CallsSummary {
  by: CallsGroupBy | 'department';
  rows: CallsSummaryRow[];
  total: CallsSummaryRow;
}

export function summariseCalls(records: Iterable<CallRecord>, by: CallsGroupBy, departments?: ReadonlyMap<string, string>): CallsSummary {
  const rows = new Map<string, CallsSummaryRow>();
  const total: CallsSummaryRow = { key: '合計', calls: 0, durationSeconds: 0, minutes: 0, charge: 0 };
  for (const r of records) {
    let key = by === 'phone' ? r.from : r.usageType;
    if (departments) key = departments.get(normaliseKey(r.from)) ?? departments.get(normaliseKey(r.contractNumber)) ?? '(未設定)';
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { key, calls: 0, durationSeconds: 0, minutes: 0, charge: 0 }));
    for (const t of [row, total]) {
      t.calls += 1;
      t.durationSeconds += r.durationSeconds;
      t.charge += r.charge;
    }
  }
  const minutes = (s: number) => Math.round((s / 60) * 10) / 10;
  const out = [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
  for (const t of [...out, total]) t.minutes = minutes(t.durationSeconds);
  return { by: departments ? 'department' : by, rows: out, total };
}
