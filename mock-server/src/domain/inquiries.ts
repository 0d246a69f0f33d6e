import { INQUIRY_SUBJECTS, jstIso, jstMonth, nextMonth, type Inquiry, type InquiryCategory, type InquiryKind } from '@mypage/api';
import { ApiError } from '../errors.js';
import type { BillingGroupRecord, Data, InquiryRecord } from '../store/schema.js';

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

export function inquiryView(data: Data, r: InquiryRecord): Inquiry {
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
    createdBy: data.accounts.find((a) => a.id === r.accountId)?.accessId ?? '',
  };
}

/**
 * Decision under R-INQ: the back office marks an inquiry done; a special request takes effect
 * from the month after (R-INQ-2 "from the next month's mailing", R-INQ-3 "records from the next
 * month"). An earlier setting is kept (an application never moves the start later).
 */
export function resolveInquiry(data: Data, inquiry: InquiryRecord, now: Date): void {
  if (inquiry.status === 'resolved') {
    throw new ApiError('CONFLICT', { messageJa: 'このお問い合わせは対応済みです。', messageEn: 'This inquiry is already resolved.' });
  }
  inquiry.status = 'resolved';
  inquiry.resolvedAt = now.toISOString();
  if (inquiry.kind === 'general') return;
  const from = nextMonth(jstMonth(now));
  inquiry.effectiveFrom = from;
  const group = data.billingGroups.find((g) => g.id === inquiry.billingGroupId);
  if (!group) return;
  applyRequest(group, inquiry.kind, from);
}

function applyRequest(group: BillingGroupRecord, kind: Exclude<InquiryKind, 'general'>, from: string): void {
  const earlier = (current: string | null) => (current !== null && current <= from ? current : from);
  if (kind === 'call-records') group.callRecordsFrom = earlier(group.callRecordsFrom);
  if (kind === 'paper-stop-opening-notice') group.paperStop.openingNotice = earlier(group.paperStop.openingNotice);
  if (kind === 'paper-stop-direct-debit') group.paperStop.directDebit = earlier(group.paperStop.directDebit);
}
