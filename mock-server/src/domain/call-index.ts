import type { CallRecordRow, Data } from '../store/schema.js';

/*
 * An in-memory index of call records by billing group and month, sorted by time, so paging a
 * large month or computing a bill does not scan every record of the server on each request.
 * Records are only ever appended (import), so the index is rebuilt when the array's length
 * changes (or when the array itself is replaced).
 */
interface Index {
  length: number;
  buckets: Map<string, { rows: CallRecordRow[]; sorted: boolean }>;
}
const indexes = new WeakMap<CallRecordRow[], Index>();

export function compareCallRows(a: CallRecordRow, b: CallRecordRow): number {
  return a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function indexOf(records: CallRecordRow[]): Index {
  const cached = indexes.get(records);
  if (cached && cached.length === records.length) return cached;
  const buckets = new Map<string, { rows: CallRecordRow[]; sorted: boolean }>();
  for (const r of records) {
    const key = `${r.billingGroupId}\u0000${r.month}`;
    const bucket = buckets.get(key);
    if (bucket) bucket.rows.push(r);
    else buckets.set(key, { rows: [r], sorted: false });
  }
  const index = { length: records.length, buckets };
  indexes.set(records, index);
  return index;
}

/** The call records of a group and month, oldest first (id breaks ties). Do not modify the array. */
export function callRowsOf(data: Data, billingGroupId: string, month: string): readonly CallRecordRow[] {
  const bucket = indexOf(data.callRecords).buckets.get(`${billingGroupId}\u0000${month}`);
  if (!bucket) return [];
  if (!bucket.sorted) {
    bucket.rows.sort(compareCallRows);
    bucket.sorted = true;
  }
  return bucket.rows;
}
