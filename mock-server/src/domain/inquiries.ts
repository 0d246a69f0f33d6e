import { INQUIRY_SUBJECTS, jstIso, jstMonth, nextMonth, type Inquiry, type InquiryCategory, type InquiryKind } from '@mypage/api';
import { ApiError } from '../errors.js';
import type { BillingGroupPatch, RepositorySet } from '../store/repositories.js';
import type { AccountRecord, BillingGroupRecord, InquiryRecord } from '../store/schema.js';
import { randomId } from '../infra/secrets.js';
import { inquiryReceiptMail } from '../mail/notifications.js';
import type { DomainContext } from './ports.js';

/** R-INQ-1: the pulldown (the guide shows the first two). */
export const INQUIRY_CATEGORIES: readonly InquiryCategory[] = [
  { id: 'call-records', label: '通話明細記録について' },
  { id: 'other', label: 'その他' },
  { id: 'contract', label: 'ご契約内容について' },
  { id: 'billing', label: 'ご請求について' },
];

export function categoryOf(id: string): InquiryCategory {
  const category = INQUIRY_CATEGORIES.find((c) => c.id === id);
  if (!category) {
    const list = INQUIRY_CATEGORIES.map((c) => `${c.id}（${c.label}）`).join('、');
    throw new ApiError('VALIDATION_FAILED', {
      messageJa: `お問い合わせ種別が正しくありません。${list} から選んでください。`,
      messageEn: `Unknown inquiry category; use one of: ${INQUIRY_CATEGORIES.map((c) => c.id).join(', ')}.`,
      details: [{ path: 'category', message: 'お問い合わせ種別が正しくありません。' }],
    });
  }
  return category;
}

const compact = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/**
 * R-INQ-2 / R-INQ-3: the two requests the back office acts on, recognised by the guide's exact
 * category and subject. A paper stop exists only for the opening notice and the direct-debit
 * notice (口座振替案内書), not for general invoices: any other subject is a general inquiry.
 */
export function kindOf(category: string, subject: string): InquiryKind {
  const s = compact(subject);
  if (category === 'call-records' && s === INQUIRY_SUBJECTS.callRecords) return 'call-records';
  if (category === 'other' && s === INQUIRY_SUBJECTS.paperStopOpeningNotice) return 'paper-stop-opening-notice';
  if (category === 'other' && s === INQUIRY_SUBJECTS.paperStopDirectDebit) return 'paper-stop-direct-debit';
  return 'general';
}

/** Views of inquiries, each naming the access ID of its author. */
export async function inquiryViews(repos: RepositorySet, records: InquiryRecord[]): Promise<Inquiry[]> {
  const authors = new Map((await repos.accounts.getMany([...new Set(records.map((r) => r.accountId))])).map((a) => [a.id, a.accessId]));
  return records.map((r) => inquiryView(r, authors.get(r.accountId) ?? ''));
}

export function inquiryView(r: InquiryRecord, createdBy: string): Inquiry {
  return {
    id: r.id,
    category: r.category,
    categoryLabel: INQUIRY_CATEGORIES.find((c) => c.id === r.category)?.label ?? r.category,
    subject: r.subject,
    body: r.body,
    kind: r.kind,
    status: r.status,
    createdAt: jstIso(new Date(r.createdAt)),
    resolvedAt: r.resolvedAt ? jstIso(new Date(r.resolvedAt)) : null,
    effectiveFrom: r.effectiveFrom,
    createdBy,
  };
}

/**
 * Decision under R-INQ: the back office marks an inquiry done; a special request takes effect
 * from the month after (R-INQ-2 "from the next month's mailing", R-INQ-3 "records from the next
 * month"). An earlier setting is kept (an application never moves the start later).
 */
export async function resolveInquiry(tx: RepositorySet, id: string, now: Date): Promise<InquiryRecord> {
  const inquiry = await tx.inquiries.get(id);
  if (!inquiry) throw new ApiError('NOT_FOUND', { messageJa: '指定のお問い合わせは存在しません。', messageEn: `No inquiry ${id}.` });
  if (inquiry.status === 'resolved') {
    throw new ApiError('CONFLICT', { messageJa: 'このお問い合わせは対応済みです。', messageEn: 'This inquiry is already resolved.' });
  }
  const from = inquiry.kind === 'general' ? null : nextMonth(jstMonth(now));
  const resolved = await tx.inquiries.update(id, { status: 'resolved', resolvedAt: now.toISOString(), effectiveFrom: from });
  if (inquiry.kind !== 'general' && from !== null) {
    const group = await tx.billingGroups.get(inquiry.billingGroupId);
    if (group) await tx.billingGroups.update(group.id, applyRequest(group, inquiry.kind, from));
  }
  return resolved!;
}

function applyRequest(group: BillingGroupRecord, kind: Exclude<InquiryKind, 'general'>, from: string): BillingGroupPatch {
  const earlier = (current: string | null) => (current !== null && current <= from ? current : from);
  if (kind === 'call-records') return { callRecordsFrom: earlier(group.callRecordsFrom) };
  if (kind === 'paper-stop-opening-notice') return { paperStop: { ...group.paperStop, openingNotice: earlier(group.paperStop.openingNotice) } };
  return { paperStop: { ...group.paperStop, directDebit: earlier(group.paperStop.directDebit) } };
}

/** R-INQ-1: store an inquiry of the caller's group and mail the receipt. */
export async function sendInquiry(
  ctx: DomainContext,
  auth: { account: AccountRecord; group: BillingGroupRecord },
  input: { category: string; subject: string; body?: string | undefined },
): Promise<Inquiry> {
  const category = categoryOf(input.category);
  const record: InquiryRecord = {
    id: randomId('inq'),
    billingGroupId: auth.group.id,
    accountId: auth.account.id,
    category: category.id,
    subject: input.subject.trim(),
    body: input.body ?? '',
    kind: kindOf(category.id, input.subject),
    status: 'received',
    createdAt: ctx.clock.now().toISOString(),
    resolvedAt: null,
    effectiveFrom: null,
  };
  await ctx.repos.inquiries.create(record);
  const view = inquiryView(record, auth.account.accessId);
  await ctx.mailer.send(inquiryReceiptMail(auth.account.email, auth.account.name, view));
  return view;
}

/** The group's inquiries, newest first. */
export async function groupInquiries(ctx: DomainContext, billingGroupId: string): Promise<Inquiry[]> {
  return inquiryViews(ctx.repos, await ctx.repos.inquiries.listByGroup(billingGroupId));
}
