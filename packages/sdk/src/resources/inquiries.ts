import { INQUIRY_SUBJECTS, type Inquiry, type InquiryCategory } from '@mypage/api/contract';
import type { InquiryCategoryId } from '../types.js';
import type { RequestOptions, Transport } from '../transport.js';

export interface InquiryInput {
  /** Category id from `categories()` (`call-records`, `other`, …). */
  category: InquiryCategoryId;
  subject: string;
  body?: string;
}

export type PaperMailKind = 'opening-notice' | 'direct-debit';

/** The guide's 内容 for the two requests: "お客様名・担当者名をご記入願います。" */
function namesBody(names: { customerName?: string; contactName?: string; note?: string }): string {
  const lines: string[] = [];
  if (names.customerName !== undefined) lines.push(`お客様名：${names.customerName}`);
  if (names.contactName !== undefined) lines.push(`担当者名：${names.contactName}`);
  if (names.note) lines.push('', names.note);
  return lines.join('\n');
}

/** お問い合わせ (R-INQ). */
export class InquiriesResource {
  constructor(private readonly t: Transport) {}

  /** R-INQ-1 categories (`call-records` 通話明細記録について, `other` その他, …). */
  async categories(options?: RequestOptions): Promise<InquiryCategory[]> {
    return (await this.t.json('inquiryCategories', {}, options)).items;
  }

  /** Inquiries sent by the billing group, newest first. */
  async list(options?: RequestOptions): Promise<Inquiry[]> {
    return (await this.t.json('inquiries', {}, options)).items;
  }

  /** R-INQ-1: send; a receipt mail follows. */
  async send(input: InquiryInput, options?: RequestOptions): Promise<Inquiry> {
    const body = { category: input.category, subject: input.subject, ...(input.body !== undefined ? { body: input.body } : {}) };
    return this.t.json('inquiryCreate', { body }, options);
  }

  /** R-INQ-3: apply for call records — category 通話明細記録について, subject 通話明細記録の希望, names in the body. */
  async requestCallRecords(input: { customerName: string; contactName: string; note?: string }, options?: RequestOptions): Promise<Inquiry> {
    return this.send({ category: 'call-records', subject: INQUIRY_SUBJECTS.callRecords, body: namesBody(input) }, options);
  }

  /** R-INQ-2: stop paper mailing of opening notices or direct-debit notices (not general invoices). */
  async stopPaperMail(
    kind: PaperMailKind,
    input: { customerName?: string; contactName?: string; note?: string } = {},
    options?: RequestOptions,
  ): Promise<Inquiry> {
    const subject = kind === 'opening-notice' ? INQUIRY_SUBJECTS.paperStopOpeningNotice : INQUIRY_SUBJECTS.paperStopDirectDebit;
    const body = namesBody(input);
    return this.send({ category: 'other', subject, ...(body ? { body } : {}) }, options);
  }
}
