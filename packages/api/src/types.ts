/*
 * The API's resources and requests as plain TypeScript: interfaces and literal unions, no zod. They
 * are what `@mypage/api/contract` and the SDK's declarations name, so a consumer's compiler reads a
 * few hundred lines instead of zod's types (and hovers print `Bill`, not its structure).
 *
 * The zod schemas stay the one source of truth: `types.check.ts` proves each type here identical
 * to the `z.infer` of its schema, so a change to a schema that is not made here too fails `tsc`.
 */

import type { ErrorCode } from './error-catalog.js';

/** `YYYY-MM`, a billing month (Japan time). */
export type Month = string;
/** `YYYY-MM-DD`, a calendar date (Japan time). */
export type DateString = string;
/** An instant, ISO 8601 with the Japan offset (`2023-12-01T10:19:00+09:00`). */
export type Instant = string;
/** Integer yen (R-FMT-9). */
export type Yen = number;

export interface Address {
  postalCode: string;
  /** 住所① */
  address1: string;
  /** 住所② */
  address2: string;
  /** 建物名 */
  building: string;
}

/** `{ items: T[] }`: the list answers of the API. */
export interface ItemList<T> {
  items: T[];
}

export interface Message {
  /** Japanese confirmation, as the portal shows it */
  message: string;
}

export interface Health {
  status: 'ok';
  version: string;
  time: Instant;
  dev: boolean;
}

export interface Terms {
  title: string;
  version: string;
  text: string;
}

export interface CorporateDesignation {
  kanji: string;
  kana: string;
  abbreviations: string[];
}

export interface CorporateDesignations {
  items: CorporateDesignation[];
}

// --- errors -----------------------------------------------------------------------------------
export interface ErrorDetail {
  /** dotted path of the offending field, e.g. `postalCode` */
  path: string;
  /** Japanese message for this field */
  message: string;
  messageEn?: string | undefined;
}

// --- accounts (R-REG, R-LOGIN, R-USER) --------------------------------------------------------
/** 一般 general / 管理者 admin */
export type Role = 'general' | 'admin';

export interface RegistrationStart {
  email: string;
  contractNumber: string;
  postalCode: string;
  customerName: string;
  agreeToTerms: boolean;
}

export interface RegistrationStarted {
  message: string;
  /** masked address the mail went to */
  sentTo: string;
}

export interface RegistrationLink {
  valid: true;
  expiresAt: Instant;
  purpose: 'registration' | 'password-reset';
}

export interface RegistrationComplete {
  accessId: string;
  temporaryPassword: string;
  newPassword: string;
}

export interface RegistrationCompleted {
  accessId: string;
  message: string;
}

export interface Login {
  accessId: string;
  password: string;
}

export interface CaptchaInfo {
  /** R-LOGIN-6 verifier mode */
  provider: 'none' | 'test' | 'recaptcha';
  /** reCAPTCHA site key, when provider is recaptcha */
  siteKey?: string | undefined;
}

export interface LoginChallenge {
  challengeId: string;
  /** masked registered address the OTP was mailed to */
  sentTo: string;
  /** the OTP is valid 10 minutes (R-FMT-7) */
  expiresAt: Instant;
  captcha: CaptchaInfo;
}

export interface OtpVerify {
  challengeId: string;
  otp: string;
  captchaToken?: string | undefined;
}

export interface Session {
  /** bearer token */
  token: string;
  /** slides forward with each request (10 minutes idle, R-LOGIN-4) */
  expiresAt: Instant;
  idleTimeoutSeconds: number;
}

export interface SessionInfo {
  expiresAt: Instant;
  idleTimeoutSeconds: number;
}

export interface ChangePassword {
  currentPassword: string;
  newPassword: string;
}

export interface RecoverAccessId {
  email: string;
}

export interface RecoverPassword {
  accessId: string;
  email: string;
}

export interface ResetPassword {
  accessId: string;
  newPassword: string;
}

export interface RecoverEmail {
  contractNumber: string;
  postalCode: string;
  customerName: string;
}

export interface User {
  id: string;
  accessId: string;
  email: string;
  /** ユーザ名 */
  name: string;
  role: Role;
  /** メール通知 あり/なし */
  notify: boolean;
  /** pending until the temporary password is replaced */
  status: 'pending' | 'active';
  createdAt: Instant;
}

export interface Me {
  user: User;
  billingGroup: {
    id: string;
    /** お客様番号 (`2N…`) of the group */
    customerNumber: string;
    /** 顧客名 of the group */
    name: string;
  };
  session: SessionInfo;
}

export interface UserCreate {
  email: string;
  name: string;
  role: Role;
  notify: boolean;
}

/** At least one field. */
export interface UserUpdate {
  email?: string | undefined;
  name?: string | undefined;
  role?: Role | undefined;
  notify?: boolean | undefined;
}

// --- news, contracts, notices (R-HOME, R-CON, R-NOTICE) ---------------------------------------
export interface News {
  id: string;
  title: string;
  body: string;
  publishedAt: Instant;
}

/** hikari: mediaひかりのご契約; other: その他のご契約 */
export type ContractGroup = 'hikari' | 'other';

export interface ContractSummary {
  contractNumber: string;
  group: ContractGroup;
  serviceName: string;
  customerName: string;
  /** 設置場所住所 */
  installationAddress: Address;
}

export interface HikariPhone {
  serviceName: string;
  phoneNumber: string;
  details: string;
}

export interface AccessLine {
  /** e.g. `[100M] ファミリー` */
  serviceName: string;
  /** 契約ステータス, e.g. `提供中`, `サービス提供準備中` */
  status: string;
  startDate: DateString | null;
  /** アクセスキー (R-FMT-8) */
  accessKey: string;
}

export interface Contract {
  contractNumber: string;
  /** お客様番号 printed on invoices: `2N` + contract number */
  customerNumber: string;
  group: ContractGroup;
  customerKana: string;
  customerName: string;
  /** 届出場所住所 */
  registeredAddress: Address;
  /** 設置場所住所 */
  installationAddress: Address;
  /** null for その他のご契約 */
  accessLine: AccessLine | null;
  /** main service (access line or cloud service) */
  serviceName: string;
  hikariPhone: HikariPhone[];
  options: string[];
  /** newest first */
  openingNoticeDates: DateString[];
}

export interface OpeningNotice {
  contractNumber: string;
  /** issue date */
  date: DateString;
  /** `2023年12月01日分` */
  label: string;
  fileName: string;
}

// --- bills (R-BILL, R-FMT-9, D-1) -------------------------------------------------------------
export type TaxRate = 10 | 8 | 0;

export interface BillItem {
  /** 項目, e.g. `mediaITサポート24` */
  name: string;
  /** 金額 (tax excluded) */
  amount: Yen;
  /** 備考 */
  remarks: string;
  taxRate: TaxRate;
}

export interface TaxLine {
  rate: TaxRate;
  /** `10%対象計` */
  taxableTotal: Yen;
  /** `消費税（10%）`, rounded down */
  tax: Yen;
}

export interface BillContract {
  contractNumber: string;
  serviceName: string;
  items: BillItem[];
  /** per rate, for this contract (as the portal screen shows) */
  taxes: TaxLine[];
  /** `小計` */
  subtotal: Yen;
}

export interface BillSummary {
  month: Month;
  total: Yen;
  issuedOn: DateString;
  dueDate: DateString;
}

/** D-8, D-10: who issues the invoice. */
export interface InvoiceIssuer {
  /** 取引先 as an archive names it, e.g. `日本メディアシステム株式会社` */
  name: string;
  /** 適格請求書発行事業者登録番号: `T` + 13 digits */
  registrationNumber: string;
}

export interface Bill {
  month: Month;
  /** ご請求番号 */
  billingId: string;
  /** お客様番号 `2N…` */
  customerNumber: string;
  recipientName: string;
  /** 発行日 */
  issuedOn: DateString;
  /** 振替日 */
  dueDate: DateString;
  billingPeriod: { from: DateString; to: DateString };
  contracts: BillContract[];
  /** per rate for the whole invoice: tax computed once per rate and rounded down (R-FMT-9) */
  taxes: TaxLine[];
  /** invoice tax minus the sum of per-contract taxes */
  roundingAdjustment: Yen;
  /** 次回振替 Total Amount */
  total: Yen;
  /** sum of the month's call records (D-2) */
  callCharges: Yen;
  /** the issuer printed on the invoice PDF (D-8, D-10) */
  issuer: InvoiceIssuer;
}

export interface BillList {
  /** years with bills, newest first */
  years: number[];
  year: number | null;
  /** months of `year`, newest first */
  months: BillSummary[];
}

// --- call records (R-CALL, D-2, D-5) ----------------------------------------------------------
export interface CallRecord {
  id: string;
  contractNumber: string;
  /** 日時 */
  startedAt: Instant;
  /** 利用種類: `ひかり電話・県内`, `ひかり電話・県間`, `PSTN・県内`, `PSTN・県間`, `移動体`, … */
  usageType: string;
  /** 通話元 */
  from: string;
  /** 通話先 */
  to: string;
  /** 通話時間 */
  durationSeconds: number;
  /** 料金 (D-2) */
  charge: Yen;
}

export type CsvEncoding = 'utf8' | 'utf8-bom' | 'sjis';

export interface CallRecordPage {
  month: Month;
  items: CallRecord[];
  nextCursor: string | null;
}

// --- inquiries (R-INQ) ------------------------------------------------------------------------
export interface InquiryCategory {
  id: string;
  label: string;
}

export type InquiryKind = 'general' | 'call-records' | 'paper-stop-opening-notice' | 'paper-stop-direct-debit';

export interface InquiryCreate {
  /** category id from /inquiries/categories */
  category: string;
  /** 件名 (one line of plain text) */
  subject: string;
  /** 内容 (optional; line breaks allowed, control characters not) */
  body?: string | undefined;
}

export interface Inquiry {
  id: string;
  category: string;
  categoryLabel: string;
  subject: string;
  body: string;
  /** recognised special request, or general */
  kind: InquiryKind;
  status: 'received' | 'resolved';
  createdAt: Instant;
  resolvedAt: Instant | null;
  /** for special requests: first month it applies to, once resolved */
  effectiveFrom: Month | null;
  /** access ID of the sender */
  createdBy: string;
}

// --- dev mailbox (D-4) ------------------------------------------------------------------------
export interface Mail {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  sentAt: Instant;
}

// --- the error envelope every failure answers ---------------------------------------------------
export interface ErrorEnvelope {
  error: {
    code: ErrorCode;
    /** Japanese message, as the portal would show it */
    message: string;
    /** English message */
    messageEn: string;
    requestId?: string | undefined;
    details?: ErrorDetail[] | undefined;
    /** Retry hint in seconds for 429/503 (also sent as `Retry-After`). */
    retryAfter?: number | undefined;
    /** OTP_INCORRECT: tries left before the challenge is void (R-FMT-7). */
    attemptsLeft?: number | undefined;
  };
}
