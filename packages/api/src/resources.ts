import { z } from 'zod';
import {
  AddressSchema,
  ContractNumberSchema,
  DateSchema,
  InstantSchema,
  MonthSchema,
  PageQuerySchema,
  YenSchema,
} from './common.js';
import { plainText } from './text.js';

export { CALL_RECORD_CSV_CONTRACT_HEADER, CALL_RECORD_CSV_HEADER, callRecordCsvHeader, INQUIRY_SUBJECTS } from './constants.js';

/*
 * The portal's screens after login: home and news (R-HOME), contracts (R-CON), opening notices
 * (R-NOTICE), bills (R-BILL, R-FMT-9, D-1), call records (R-CALL, D-2, D-5), inquiries (R-INQ).
 */

// --- news (お知らせ, R-HOME-1) -----------------------------------------------------------------
export const NewsSchema = z
  .object({ id: z.string(), title: z.string(), body: z.string(), publishedAt: InstantSchema })
  .meta({ id: 'News' });
export type { News } from './types.js';

// --- contracts (R-HOME-2, R-CON) --------------------------------------------------------------
export const ContractGroupSchema = z
  .enum(['hikari', 'other'])
  .meta({ id: 'ContractGroup', description: 'hikari: mediaひかりのご契約; other: その他のご契約' });
export type { ContractGroup } from './types.js';

export const ContractSummarySchema = z
  .object({
    contractNumber: ContractNumberSchema,
    group: ContractGroupSchema,
    serviceName: z.string(),
    customerName: z.string(),
    installationAddress: AddressSchema.describe('設置場所住所'),
  })
  .meta({ id: 'ContractSummary' });
export type { ContractSummary } from './types.js';

export const HikariPhoneSchema = z
  .object({ serviceName: z.string(), phoneNumber: z.string(), details: z.string() })
  .meta({ id: 'HikariPhone' });

export const ContractSchema = z
  .object({
    contractNumber: ContractNumberSchema,
    customerNumber: z.string().describe('お客様番号 printed on invoices: `2N` + contract number'),
    group: ContractGroupSchema,
    customerKana: z.string(),
    customerName: z.string(),
    registeredAddress: AddressSchema.describe('届出場所住所'),
    installationAddress: AddressSchema.describe('設置場所住所'),
    accessLine: z
      .object({
        serviceName: z.string().describe('e.g. `[100M] ファミリー`'),
        status: z.string().describe('契約ステータス, e.g. `提供中`, `サービス提供準備中`'),
        startDate: DateSchema.nullable(),
        accessKey: z.string().describe('アクセスキー (R-FMT-8)'),
      })
      .nullable()
      .describe('null for その他のご契約'),
    serviceName: z.string().describe('main service (access line or cloud service)'),
    hikariPhone: z.array(HikariPhoneSchema),
    options: z.array(z.string()).max(5),
    openingNoticeDates: z.array(DateSchema).describe('newest first'),
  })
  .meta({ id: 'Contract' });
export type { Contract } from './types.js';

export const ContractsQuerySchema = z.object({ group: ContractGroupSchema.optional() });
export const ContractParamSchema = z.object({ contractNumber: z.string().max(40) });

// --- opening notices (R-NOTICE-1) -------------------------------------------------------------
export const OpeningNoticeSchema = z
  .object({
    contractNumber: ContractNumberSchema,
    date: DateSchema.describe('issue date'),
    label: z.string().describe('`2023年12月01日分`'),
    fileName: z.string(),
  })
  .meta({ id: 'OpeningNotice' });
export type { OpeningNotice } from './types.js';
/** `{file}` is `<YYYY-MM-DD>.pdf` (Hono cannot match a parameter followed by a suffix in one segment). */
export const NoticeParamSchema = z.object({ contractNumber: z.string().max(40), file: z.string().max(30).describe('`2023-12-01.pdf`') });

// --- bills (R-BILL, R-FMT-9, D-1) -------------------------------------------------------------
export const TaxRateSchema = z.union([z.literal(10), z.literal(8), z.literal(0)]).meta({ id: 'TaxRate' });
export type { TaxRate } from './types.js';

export const BillItemSchema = z
  .object({
    name: z.string().describe('項目, e.g. `mediaITサポート24`'),
    amount: YenSchema.describe('金額 (tax excluded)'),
    remarks: z.string().describe('備考'),
    taxRate: TaxRateSchema,
  })
  .meta({ id: 'BillItem' });
export type { BillItem } from './types.js';

export const TaxLineSchema = z
  .object({
    rate: TaxRateSchema,
    taxableTotal: YenSchema.describe('`10%対象計`'),
    tax: YenSchema.describe('`消費税（10%）`, rounded down'),
  })
  .meta({ id: 'TaxLine' });
export type { TaxLine } from './types.js';

export const BillContractSchema = z
  .object({
    contractNumber: ContractNumberSchema,
    serviceName: z.string(),
    items: z.array(BillItemSchema),
    taxes: z.array(TaxLineSchema).describe('per rate, for this contract (as the portal screen shows)'),
    subtotal: YenSchema.describe('`小計`'),
  })
  .meta({ id: 'BillContract' });
export type { BillContract } from './types.js';

export const BillSummarySchema = z
  .object({ month: MonthSchema, total: YenSchema, issuedOn: DateSchema, dueDate: DateSchema })
  .meta({ id: 'BillSummary' });
export type { BillSummary } from './types.js';

/** D-8, D-10: who issues the invoice — a qualified invoice (適格請求書) names it and its registration number. */
export const InvoiceIssuerSchema = z
  .object({
    name: z.string().describe('取引先 as an archive names it, e.g. `日本メディアシステム株式会社`'),
    registrationNumber: z.string().regex(/^T\d{13}$/).describe('適格請求書発行事業者登録番号: `T` + 13 digits'),
  })
  .meta({ id: 'InvoiceIssuer' });
export type { InvoiceIssuer } from './types.js';

export const BillSchema = z
  .object({
    month: MonthSchema,
    billingId: z.string().describe('ご請求番号'),
    customerNumber: z.string().describe('お客様番号 `2N…`'),
    recipientName: z.string(),
    issuedOn: DateSchema.describe('発行日'),
    dueDate: DateSchema.describe('振替日'),
    billingPeriod: z.object({ from: DateSchema, to: DateSchema }),
    contracts: z.array(BillContractSchema),
    taxes: z
      .array(TaxLineSchema)
      .describe('per rate for the whole invoice: tax computed once per rate and rounded down (R-FMT-9)'),
    roundingAdjustment: YenSchema.describe('invoice tax minus the sum of per-contract taxes (0 or positive for charges: total = Σ contract subtotal + roundingAdjustment)'),
    total: YenSchema.describe('次回振替 Total Amount'),
    callCharges: YenSchema.describe('sum of the month\'s call records (D-2)'),
    issuer: InvoiceIssuerSchema.describe('the issuer printed on the invoice PDF (D-8, D-10)'),
  })
  .meta({ id: 'Bill' });
export type { Bill } from './types.js';

export const BillsQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('calendar year (D-1); default the latest'),
});
export const BillListSchema = z
  .object({
    years: z.array(z.number().int()).describe('years with bills, newest first'),
    year: z.number().int().nullable(),
    months: z.array(BillSummarySchema).describe('months of `year`, newest first'),
  })
  .meta({ id: 'BillList' });
export type { BillList } from './types.js';
export const MonthParamSchema = z.object({ month: z.string().max(20) });

// --- call records (R-CALL, D-2, D-5) ----------------------------------------------------------
export const UsageTypeSchema = z
  .string()
  .meta({ id: 'UsageType', description: '利用種類: `ひかり電話・県内`, `ひかり電話・県間`, `PSTN・県内`, `PSTN・県間`, `移動体`, …' });

export const CallRecordSchema = z
  .object({
    id: z.string(),
    contractNumber: ContractNumberSchema,
    startedAt: InstantSchema.describe('日時'),
    usageType: UsageTypeSchema,
    from: z.string().describe('通話元'),
    to: z.string().describe('通話先'),
    durationSeconds: z.number().int().min(0).describe('通話時間'),
    charge: YenSchema.describe('料金 (D-2)'),
  })
  .meta({ id: 'CallRecord' });
export type { CallRecord } from './types.js';

export const CsvEncodingSchema = z.enum(['utf8', 'utf8-bom', 'sjis']).meta({ id: 'CsvEncoding' });
export type { CsvEncoding } from './types.js';
const QueryFlagSchema = z.enum(['true', 'false']);

export const CallRecordFilterSchema = z.object({
  contract: z.string().max(40).optional().describe('only this contract number'),
  phone: z.string().max(20).optional().describe('only calls from this number'),
});
export const CallRecordsQuerySchema = PageQuerySchema.extend(CallRecordFilterSchema.shape);
export const CallRecordsCsvQuerySchema = CallRecordFilterSchema.extend({
  encoding: CsvEncodingSchema.optional(),
  contractColumn: QueryFlagSchema.optional().describe('`true`: a 7th column 契約番号 after the six of D-5 (default `false`: the six only)'),
  excel: QueryFlagSchema.optional().describe(
    '`true`: numbers made of digits only (通話元, 通話先, 契約番号) written as `="0611115555"`, so that Excel keeps their leading 0; other programs read the formula as it is (default `false`)',
  ),
});
export const CallRecordPageSchema = z
  .object({ month: MonthSchema, items: z.array(CallRecordSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'CallRecordPage' });
export type { CallRecordPage } from './types.js';

// --- inquiries (R-INQ) ------------------------------------------------------------------------
export const InquiryCategorySchema = z
  .object({ id: z.string(), label: z.string() })
  .meta({ id: 'InquiryCategory' });
export type { InquiryCategory } from './types.js';


export const InquiryKindSchema = z
  .enum(['general', 'call-records', 'paper-stop-opening-notice', 'paper-stop-direct-debit'])
  .meta({ id: 'InquiryKind' });
export type { InquiryKind } from './types.js';

export const InquiryCreateSchema = z
  .object({
    category: z.string().max(40).describe('category id from /inquiries/categories'),
    subject: plainText(z.string().trim().min(1).max(100)).describe('件名 (one line of plain text)'),
    body: plainText(z.string().max(4000), { multiline: true }).optional().describe('内容 (optional; line breaks allowed, control characters not)'),
  })
  .meta({ id: 'InquiryCreate' });
export type { InquiryCreate } from './types.js';

export const InquirySchema = z
  .object({
    id: z.string(),
    category: z.string(),
    categoryLabel: z.string(),
    subject: z.string(),
    body: z.string(),
    kind: InquiryKindSchema.describe('recognised special request, or general'),
    status: z.enum(['received', 'resolved']),
    createdAt: InstantSchema,
    resolvedAt: InstantSchema.nullable(),
    effectiveFrom: MonthSchema.nullable().describe('for special requests: first month it applies to, once resolved'),
    createdBy: z.string().describe('access ID of the sender'),
  })
  .meta({ id: 'Inquiry' });
export type { Inquiry } from './types.js';

// --- dev mailbox (D-4) ------------------------------------------------------------------------
export const MailSchema = z
  .object({ id: z.string(), from: z.string(), to: z.string(), subject: z.string(), text: z.string(), sentAt: InstantSchema })
  .meta({ id: 'Mail' });
export type { Mail } from './types.js';
export const MailboxQuerySchema = z.object({ to: z.string().max(254).optional(), since: z.string().max(40).optional() });
export const MailIdParamSchema = z.object({ id: z.string().max(64).describe('a mail of the dev mailbox, e.g. mail-000001') });
