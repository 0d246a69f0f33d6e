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
  type Inquiry,
  jstIso,
} from '@mypage/api';
import { ApiError } from '../errors.js';
import { randomId } from '../infra/secrets.js';
import { invoicePublishedMail, newsPostedMail, noticePublishedMail, notifyAll, notifyRecipients } from '../mail/notifications.js';
import { UniqueViolation, type RepositorySet } from '../store/repositories.js';
import type { BillingGroupRecord, CallRecordRow, ContractRecord, InquiryRecord } from '../store/schema.js';
import { parseContractNumber } from './access.js';
import { callCharge } from './call-charges.js';
import { inquiryViews, resolveInquiry } from './inquiries.js';
import type { DomainContext } from './ports.js';

type OperatorInquiry = Inquiry & { billingGroupId: string };

/*
 * The back office (Decision under R-INQ): creating groups and contracts, publishing bills,
 * opening notices and news — each publication mails every active user of the group whose
 * notification is on (R-USER-4, D-6) — importing call records, resolving inquiries.
 */

async function groupOf(repos: RepositorySet, id: string): Promise<BillingGroupRecord> {
  const group = await repos.billingGroups.get(id);
  if (!group) throw new ApiError('NOT_FOUND', { messageJa: '指定の一括請求グループは存在しません。', messageEn: `No billing group ${id}.` });
  return group;
}

async function groupView(repos: RepositorySet, g: BillingGroupRecord): Promise<OperatorBillingGroup> {
  return {
    id: g.id,
    customerNumber: g.customerNumber,
    name: g.name,
    kana: g.kana,
    bank: { ...g.bank },
    paperStop: { ...g.paperStop },
    callRecordsFrom: g.callRecordsFrom,
    contracts: (await repos.billingGroups.contractsOf(g.id)).map((c) => c.contractNumber),
  };
}

const contractTaken = (contractNumber: string) =>
  new ApiError('CONFLICT', { messageJa: `契約番号 ${contractNumber} は既に存在します。`, messageEn: `Contract ${contractNumber} already exists.` });

function contractRecord(billingGroupId: string, input: OperatorContractCreate): ContractRecord {
  return {
    contractNumber: parseContractNumber(input.contractNumber),
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

export async function getGroup(ctx: DomainContext, id: string): Promise<OperatorBillingGroup> {
  return groupView(ctx.repos, await groupOf(ctx.repos, id));
}

export async function createGroup(ctx: DomainContext, input: OperatorBillingGroupCreate): Promise<OperatorBillingGroup> {
  const id = input.id ?? randomId('bg');
  const seen = new Set<string>();
  const contracts = input.contracts.map((c) => {
    const record = contractRecord(id, c);
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
  try {
    await ctx.repos.billingGroups.create(group, contracts);
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error;
    if (error.constraint === 'billing-group-id') throw new ApiError('CONFLICT', { messageEn: `Billing group ${id} already exists.` });
    const taken = await Promise.all(contracts.map(async (c) => ((await ctx.repos.billingGroups.contract(c.contractNumber)) ? c.contractNumber : null)));
    throw contractTaken(taken.find((n) => n !== null) ?? contracts[0]!.contractNumber);
  }
  return groupView(ctx.repos, group);
}

export async function addContract(ctx: DomainContext, billingGroupId: string, input: OperatorContractCreate): Promise<OperatorBillingGroup> {
  const group = await groupOf(ctx.repos, billingGroupId);
  const record = contractRecord(group.id, input);
  try {
    if (!(await ctx.repos.billingGroups.addContract(record))) await groupOf(ctx.repos, billingGroupId);
  } catch (error) {
    if (error instanceof UniqueViolation) throw contractTaken(record.contractNumber);
    throw error;
  }
  return groupView(ctx.repos, group);
}

async function contractOfAnyGroup(repos: RepositorySet, input: string, billingGroupId?: string): Promise<ContractRecord> {
  const number = parseContractNumber(input);
  const contract = await repos.billingGroups.contract(number);
  if (!contract || (billingGroupId !== undefined && contract.billingGroupId !== billingGroupId)) {
    throw new ApiError('CONTRACT_NOT_FOUND', billingGroupId ? { messageEn: `No contract ${number} in billing group ${billingGroupId}.` } : {});
  }
  return contract;
}

/** Publish (or replace) the bill of a group and month, then notify. The 通話料 lines are derived from call records. */
export async function publishBill(ctx: DomainContext, input: OperatorBillPublish): Promise<{ notified: string[] }> {
  const now = ctx.clock.now();
  const group = await groupOf(ctx.repos, input.billingGroupId);
  const items = [];
  for (const i of input.items) {
    items.push({
      contractNumber: (await contractOfAnyGroup(ctx.repos, i.contractNumber, group.id)).contractNumber,
      name: i.name,
      amount: i.amount,
      remarks: i.remarks,
      taxRate: i.taxRate,
    });
  }
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
  await ctx.repos.bills.publish({ billingGroupId: group.id, month: input.month, issuedOn, dueDate, items, publishedAt: now.toISOString() });
  const notified = await notifyAll(ctx.mailer, await notifyRecipients(ctx.repos, group.id), (to, name) =>
    invoicePublishedMail(to, name, input.month, ctx.config.publicUrl),
  );
  return { notified };
}

export async function publishNotice(ctx: DomainContext, input: { contractNumber: string; date: string }): Promise<{ notified: string[] }> {
  const contract = await contractOfAnyGroup(ctx.repos, input.contractNumber);
  await ctx.repos.notices.publish({ contractNumber: contract.contractNumber, date: input.date, publishedAt: ctx.clock.now().toISOString() });
  const notified = await notifyAll(ctx.mailer, await notifyRecipients(ctx.repos, contract.billingGroupId), (to, name) =>
    noticePublishedMail(to, name, contract.contractNumber, input.date, ctx.config.publicUrl),
  );
  return { notified };
}

export async function postNews(ctx: DomainContext, input: { billingGroupId: string | null; title: string; body: string }) {
  if (input.billingGroupId !== null) await groupOf(ctx.repos, input.billingGroupId);
  const record = { id: randomId('news'), billingGroupId: input.billingGroupId, title: input.title, body: input.body, publishedAt: ctx.clock.now().toISOString() };
  await ctx.repos.news.create(record);
  const notified = await notifyAll(ctx.mailer, await notifyRecipients(ctx.repos, record.billingGroupId), (to, name) =>
    newsPostedMail(to, name, record.title, ctx.config.publicUrl),
  );
  return { ...record, publishedAt: jstIso(new Date(record.publishedAt)), notified };
}

export async function listInquiries(ctx: DomainContext, status: InquiryRecord['status'] | undefined): Promise<OperatorInquiry[]> {
  const records = await ctx.repos.inquiries.list({ status });
  return (await inquiryViews(ctx.repos, records)).map((view, i) => ({ ...view, billingGroupId: records[i]!.billingGroupId }));
}

export async function resolveInquiryById(ctx: DomainContext, id: string): Promise<OperatorInquiry> {
  const record = await ctx.repos.transaction((tx) => resolveInquiry(tx, id, ctx.clock.now()));
  const [view] = await inquiryViews(ctx.repos, [record]);
  return { ...view!, billingGroupId: record.billingGroupId };
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
export async function importCalls(ctx: DomainContext, records: OperatorCallRecordIn[]): Promise<{ imported: number; totalCharge: number; months: string[] }> {
  const contracts = new Map<string, ContractRecord>();
  for (const r of records) {
    const number = parseContractNumber(r.contractNumber);
    if (!contracts.has(number)) contracts.set(number, await contractOfAnyGroup(ctx.repos, number));
  }
  const rows: CallRecordRow[] = records.map((r, index) => {
    const contract = contracts.get(parseContractNumber(r.contractNumber))!;
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
      id: randomId('call'),
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
  await ctx.repos.callRecords.import(rows);
  return { imported: rows.length, totalCharge: rows.reduce((s, r) => s + r.charge, 0), months: [...new Set(rows.map((r) => r.month))].sort() };
}
