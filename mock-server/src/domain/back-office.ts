import {
  customerNumberOf,
  DATE_PATTERN,
  jstDate,
  jstMonth,
  MONTH_PATTERN,
  nextMonth,
  normalizeDate,
  type OperatorBillingGroup,
  type OperatorBillingGroupCreate,
  type OperatorBillPublish,
  type OperatorCallRecordIn,
  type OperatorContractCreate,
} from '@mypage/api';
import { ApiError } from '../errors.js';
import type { BillingGroupRecord, CallRecordRow, ContractRecord, Data } from '../store/schema.js';
import { parseContractNumber } from './access.js';
import { callCharge } from './call-charges.js';

/*
 * The back office's changes to the data (Decision under R-INQ). Pure functions on `Data`; the
 * operator routes run them inside `store.update` and send the notification mails afterwards.
 */

export function groupOf(data: Data, id: string): BillingGroupRecord {
  const group = data.billingGroups.find((g) => g.id === id);
  if (!group) throw new ApiError('NOT_FOUND', { messageJa: '指定の一括請求グループは存在しません。', messageEn: `No billing group ${id}.` });
  return group;
}

export function groupView(data: Data, g: BillingGroupRecord): OperatorBillingGroup {
  return {
    id: g.id,
    customerNumber: g.customerNumber,
    name: g.name,
    kana: g.kana,
    bank: { ...g.bank },
    paperStop: { ...g.paperStop },
    callRecordsFrom: g.callRecordsFrom,
    contracts: data.contracts.filter((c) => c.billingGroupId === g.id).map((c) => c.contractNumber),
  };
}

function contractRecord(data: Data, billingGroupId: string, input: OperatorContractCreate): ContractRecord {
  const contractNumber = parseContractNumber(input.contractNumber);
  if (data.contracts.some((c) => c.contractNumber === contractNumber)) {
    throw new ApiError('CONFLICT', { messageJa: `契約番号 ${contractNumber} は既に存在します。`, messageEn: `Contract ${contractNumber} already exists.` });
  }
  return {
    contractNumber,
    billingGroupId,
    group: input.group,
    customerName: input.customerName,
    customerKana: input.customerKana,
    registeredAddress: input.registeredAddress,
    installationAddress: input.installationAddress ?? input.registeredAddress,
    serviceName: input.serviceName,
    accessLine: input.accessLine ?? null,
    hikariPhone: input.hikariPhone ?? [],
    options: input.options ?? [],
  };
}

export function createGroup(data: Data, input: OperatorBillingGroupCreate, newId: () => string): BillingGroupRecord {
  const id = input.id ?? newId();
  if (data.billingGroups.some((g) => g.id === id)) throw new ApiError('CONFLICT', { messageEn: `Billing group ${id} already exists.` });
  const seen = new Set<string>();
  const contracts = input.contracts.map((c) => {
    const record = contractRecord(data, id, c);
    if (seen.has(record.contractNumber)) throw new ApiError('CONFLICT', { messageEn: `Contract ${record.contractNumber} is listed twice.` });
    seen.add(record.contractNumber);
    return record;
  });
  const group: BillingGroupRecord = {
    id,
    customerNumber: customerNumberOf(contracts[0]!.contractNumber),
    name: input.name,
    kana: input.kana,
    bank: input.bank,
    paperStop: { openingNotice: null, directDebit: null },
    callRecordsFrom: null,
  };
  data.billingGroups.push(group);
  data.contracts.push(...contracts);
  return group;
}

export function addContract(data: Data, billingGroupId: string, input: OperatorContractCreate): BillingGroupRecord {
  const group = groupOf(data, billingGroupId);
  data.contracts.push(contractRecord(data, group.id, input));
  return group;
}

function contractOfAnyGroup(data: Data, input: string, billingGroupId?: string): ContractRecord {
  const number = parseContractNumber(input);
  const contract = data.contracts.find((c) => c.contractNumber === number && (billingGroupId === undefined || c.billingGroupId === billingGroupId));
  if (!contract) throw new ApiError('CONTRACT_NOT_FOUND', billingGroupId ? { messageEn: `No contract ${number} in billing group ${billingGroupId}.` } : {});
  return contract;
}

/** Publish (or replace) the bill of a group and month. The 通話料 lines are derived from call records. */
export function publishBill(data: Data, input: OperatorBillPublish, now: Date, newBillingId: () => string): BillingGroupRecord {
  const group = groupOf(data, input.billingGroupId);
  const items = input.items.map((i) => ({
    contractNumber: contractOfAnyGroup(data, i.contractNumber, group.id).contractNumber,
    name: i.name,
    amount: i.amount,
    remarks: i.remarks,
    taxRate: i.taxRate,
  }));
  const dueDate = input.dueDate ?? `${nextMonth(input.month)}-27`;
  if (!DATE_PATTERN.test(dueDate)) {
    throw new ApiError('VALIDATION_FAILED', {
      messageJa: '振替日を指定してください（翌月27日が暦にありません）。',
      messageEn: `Give a dueDate: the default (the 27th of the month after ${input.month}) is not a date.`,
      details: [{ path: 'dueDate', message: '振替日を指定してください。' }],
    });
  }
  const issuedOn = input.issuedOn ?? jstDate(now);
  if (dueDate < issuedOn) {
    throw new ApiError('VALIDATION_FAILED', {
      messageJa: '振替日は発行日以降の日付を指定してください。',
      messageEn: `The due date (${dueDate}) is before the issue date (${issuedOn}).`,
      details: [{ path: 'dueDate', message: '振替日は発行日以降の日付を指定してください。', messageEn: 'must not be before issuedOn' }],
    });
  }
  const existing = data.bills.findIndex((b) => b.billingGroupId === group.id && b.month === input.month);
  const record = {
    billingGroupId: group.id,
    month: input.month,
    billingId: existing >= 0 ? data.bills[existing]!.billingId : newBillingId(),
    issuedOn,
    dueDate,
    items,
    publishedAt: now.toISOString(),
  };
  if (existing >= 0) data.bills[existing] = record;
  else data.bills.push(record);
  return group;
}

export function publishNotice(data: Data, contractNumber: string, date: string, now: Date): ContractRecord {
  const contract = contractOfAnyGroup(data, contractNumber);
  const existing = data.openingNotices.find((n) => n.contractNumber === contract.contractNumber && n.date === date);
  if (existing) existing.publishedAt = now.toISOString();
  else data.openingNotices.push({ contractNumber: contract.contractNumber, date, publishedAt: now.toISOString() });
  return contract;
}

/** `2023-12-01T10:19:00` without an offset is Japan time (R-FMT-10). */
export function parseInstant(input: string): Date | null {
  const withZone = /([zZ]|[+-]\d{2}:?\d{2})$/.test(input) ? input : `${input}+09:00`;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):\d{2}(:\d{2}(\.\d+)?)?/.exec(withZone);
  // Date() rolls 2023-02-30 over to March 2 and 24:00 to the next day: refuse both.
  if (!m || normalizeDate(m[1]!) !== m[1] || Number(m[2]) > 23) return null;
  const at = new Date(withZone);
  // Every record must fall in a real YYYY-MM month in Japan time (not `0-01` or `10000-01`).
  return Number.isNaN(at.getTime()) || !MONTH_PATTERN.test(jstMonth(at)) ? null : at;
}

/** Import call records: each gets its month (Japan time) and its charge from the rate table (D-2). */
export function importCalls(data: Data, records: OperatorCallRecordIn[], newId: () => string): { imported: number; totalCharge: number; months: string[] } {
  const rows: CallRecordRow[] = records.map((r, index) => {
    const contract = contractOfAnyGroup(data, r.contractNumber);
    const at = parseInstant(r.startedAt);
    if (!at) {
      throw new ApiError('VALIDATION_FAILED', {
        messageJa: '通話日時の形式が正しくありません（例: 2023-12-01T10:19:00+09:00）。',
        messageEn: `records.${index}.startedAt: expected an ISO 8601 date-time.`,
        details: [{ path: `records.${index}.startedAt`, message: '通話日時の形式が正しくありません。' }],
      });
    }
    for (const field of ['from', 'to'] as const) {
      // A control character (NUL, CR, LF, …) would end up raw in the CSV and the PDF.
      if (/[\p{Cc}\p{Cs}]/u.test(r[field]) || r[field].trim() === '') {
        throw new ApiError('VALIDATION_FAILED', {
          messageJa: `通話元・通話先に使えない文字が含まれているか、空です（${index + 1}件目）。`,
          messageEn: `records.${index}.${field}: empty or contains a control character.`,
          details: [{ path: `records.${index}.${field}`, message: '使えない文字が含まれています。' }],
        });
      }
    }
    return {
      id: newId(),
      billingGroupId: contract.billingGroupId,
      contractNumber: contract.contractNumber,
      month: jstMonth(at),
      startedAt: at.toISOString(),
      usageType: r.usageType,
      from: r.from,
      to: r.to,
      durationSeconds: r.durationSeconds,
      charge: callCharge(r.usageType, r.durationSeconds),
    };
  });
  data.callRecords.push(...rows);
  return { imported: rows.length, totalCharge: rows.reduce((s, r) => s + r.charge, 0), months: [...new Set(rows.map((r) => r.month))].sort() };
}
