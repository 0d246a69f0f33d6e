import { jstIso, type CallRecord } from '@mypage/api';
import { ApiError } from '../errors.js';
import type { CallQuery, RepositorySet } from '../store/repositories.js';
import type { BillingGroupRecord, CallRecordRow } from '../store/schema.js';
import { contractOfGroup } from './access.js';
import { findBill } from './bills.js';

/*
 * Call records (R-CALL-1..3): a month of a billing group, visible only from
 * `callRecordsFrom` (the month after the application was processed, R-INQ-3), optionally one
 * contract or one calling number; ordered by time; paged with an opaque cursor.
 */

export interface CallFilter {
  contract?: string | undefined;
  phone?: string | undefined;
}

/** The store query of the month's rows the caller may see. Throws BILL_NOT_FOUND / CALL_RECORDS_NOT_ENABLED / CONTRACT_NOT_FOUND. */
export async function visibleCallQuery(repos: RepositorySet, group: BillingGroupRecord, month: string, filter: CallFilter, now: Date): Promise<CallQuery> {
  await findBill(repos, group.id, month, now);
  if (group.callRecordsFrom === null || month < group.callRecordsFrom) {
    const from = group.callRecordsFrom;
    throw new ApiError('CALL_RECORDS_NOT_ENABLED', from
      ? { messageJa: `通話明細は${from.replace('-', '年')}月分からご覧いただけます。`, messageEn: `Call records are available from ${from}.` }
      : {});
  }
  const contract = filter.contract !== undefined ? (await contractOfGroup(repos, group.id, filter.contract, 'contract')).contractNumber : undefined;
  const phone = filter.phone !== undefined ? normalizePhone(filter.phone) : undefined;
  return { billingGroupId: group.id, month, contractNumber: contract, from: phone };
}

function normalizePhone(input: string): string {
  const phone = input.normalize('NFKC').replace(/[\s()\-‐－ー−]/g, '');
  if (!/^[0-9]{10,11}$/.test(phone)) {
    throw new ApiError('VALIDATION_FAILED', {
      messageJa: '電話番号は10桁または11桁の数字で指定してください。',
      messageEn: 'Give the phone number as 10 or 11 digits (hyphens are ignored).',
      details: [{ path: 'phone', message: '電話番号の形式が正しくありません。' }],
    });
  }
  return phone;
}

export function callRecordView(r: CallRecordRow): CallRecord {
  return {
    id: r.id,
    contractNumber: r.contractNumber,
    startedAt: jstIso(new Date(r.startedAt)),
    usageType: r.usageType,
    from: r.from,
    to: r.to,
    durationSeconds: r.durationSeconds,
    charge: r.charge,
  };
}

// --- paging -------------------------------------------------------------------------------------
interface CursorState {
  /** month and filter the cursor was issued for */
  k: string;
  /** sort key of the last row returned */
  t: string;
  i: string;
}

const filterKey = (month: string, filter: CallFilter) => `${month}|${filter.contract ?? ''}|${filter.phone ?? ''}`;

export function encodeCursor(month: string, filter: CallFilter, last: CallRecordRow): string {
  const state: CursorState = { k: filterKey(month, filter), t: last.startedAt, i: last.id };
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

function badCursor(): never {
  throw new ApiError('VALIDATION_FAILED', {
    messageJa: 'cursor の値が正しくありません。最初のページから取得し直してください。',
    messageEn: 'Invalid cursor: pass the nextCursor of the previous page unchanged, for the same month and filter.',
    details: [{ path: 'cursor', message: 'cursor の値が正しくありません。' }],
  });
}

function decodeCursor(cursor: string, month: string, filter: CallFilter): CursorState {
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return badCursor();
  }
  const s = state as Partial<CursorState> | null;
  if (!s || typeof s !== 'object' || typeof s.k !== 'string' || typeof s.t !== 'string' || typeof s.i !== 'string') return badCursor();
  if (s.k !== filterKey(month, filter)) return badCursor();
  return s as CursorState;
}

/** One page after `cursor`, in (time, id) order. Stable when rows are added. */
export async function pageOf(repos: RepositorySet, query: CallQuery, filter: CallFilter, limit: number, cursor: string | undefined) {
  const { month } = query;
  const after = cursor !== undefined ? decodeCursor(cursor, month, filter) : null;
  const rows = await repos.callRecords.page(query, after && { startedAt: after.t, id: after.i }, limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = last && rows.length > limit ? encodeCursor(month, filter, last) : null;
  return { month, items: items.map(callRecordView), nextCursor };
}
