import type {
  AccountRecord,
  BillRecord,
  BillingGroupRecord,
  CallRecordRow,
  ChallengeRecord,
  ContractRecord,
  InquiryRecord,
  LinkRecord,
  NewsRecord,
  OpeningNoticeRecord,
  SessionRecord,
} from '../schema.js';
import type { DocumentKind, RenderedDocument } from '../repositories.js';
import type { Row } from './db.js';

/* Rows of the tables (migrations/001_init.ts) ↔ the records of schema.ts. */

/** timestamptz → the ISO string the records carry (UTC, milliseconds). */
export const iso = (value: unknown): string => (value as Date).toISOString();
export const isoOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : iso(value));
/** jsonb parameters are sent as text: node-postgres would turn a JS array into a SQL array. */
export const json = (value: unknown): string => JSON.stringify(value);
/** The address as compared for uniqueness in a group (the same function in every engine). */
export const emailKey = (email: string): string => email.trim().toLowerCase();

export const toGroup = (r: Row): BillingGroupRecord => ({
  id: r.id as string,
  customerNumber: r.customer_number as string,
  name: r.name as string,
  kana: r.kana as string,
  bank: r.bank as BillingGroupRecord['bank'],
  paperStop: r.paper_stop as BillingGroupRecord['paperStop'],
  callRecordsFrom: (r.call_records_from as string | null) ?? null,
});

export const CONTRACT_COLUMNS =
  'contract_number, billing_group_id, contract_group, customer_name, customer_kana, registered_address, installation_address, service_name, access_line, hikari_phone, options';
export const contractValues = (c: ContractRecord): unknown[] => [
  c.contractNumber,
  c.billingGroupId,
  c.group,
  c.customerName,
  c.customerKana,
  json(c.registeredAddress),
  json(c.installationAddress),
  c.serviceName,
  c.accessLine === null ? null : json(c.accessLine),
  json(c.hikariPhone),
  json(c.options),
];
export const toContract = (r: Row): ContractRecord => ({
  contractNumber: r.contract_number as string,
  billingGroupId: r.billing_group_id as string,
  group: r.contract_group as ContractRecord['group'],
  customerName: r.customer_name as string,
  customerKana: r.customer_kana as string,
  registeredAddress: r.registered_address as ContractRecord['registeredAddress'],
  installationAddress: r.installation_address as ContractRecord['installationAddress'],
  serviceName: r.service_name as string,
  accessLine: (r.access_line as ContractRecord['accessLine']) ?? null,
  hikariPhone: r.hikari_phone as ContractRecord['hikariPhone'],
  options: r.options as string[],
});

export const ACCOUNT_COLUMNS =
  'id, access_id, billing_group_id, email, email_key, name, role, notify, status, password_hash, temporary_password_hash, created_at';
export const accountValues = (a: AccountRecord): unknown[] => [
  a.id,
  a.accessId,
  a.billingGroupId,
  a.email,
  emailKey(a.email),
  a.name,
  a.role,
  a.notify,
  a.status,
  a.passwordHash,
  a.temporaryPasswordHash,
  a.createdAt,
];
export const toAccount = (r: Row): AccountRecord => ({
  id: r.id as string,
  accessId: r.access_id as string,
  billingGroupId: r.billing_group_id as string,
  email: r.email as string,
  name: r.name as string,
  role: r.role as AccountRecord['role'],
  notify: r.notify as boolean,
  status: r.status as AccountRecord['status'],
  passwordHash: (r.password_hash as string | null) ?? null,
  temporaryPasswordHash: (r.temporary_password_hash as string | null) ?? null,
  createdAt: iso(r.created_at),
});

export const toSession = (r: Row): SessionRecord => ({
  tokenHash: r.token_hash as string,
  accountId: r.account_id as string,
  createdAt: iso(r.created_at),
  lastSeenAt: iso(r.last_seen_at),
  expiresAt: iso(r.expires_at),
  endedAt: isoOrNull(r.ended_at),
});

export const toLink = (r: Row): LinkRecord => ({
  tokenHash: r.token_hash as string,
  accountId: r.account_id as string,
  purpose: r.purpose as LinkRecord['purpose'],
  createdAt: iso(r.created_at),
  expiresAt: iso(r.expires_at),
  usedAt: isoOrNull(r.used_at),
});

export const toChallenge = (r: Row): ChallengeRecord => ({
  id: r.id as string,
  accountId: r.account_id as string,
  otpHash: r.otp_hash as string,
  createdAt: iso(r.created_at),
  expiresAt: iso(r.expires_at),
  attempts: r.attempts as number,
  usedAt: isoOrNull(r.used_at),
  voidedAt: isoOrNull(r.voided_at),
});

export const toBill = (r: Row): BillRecord => ({
  billingGroupId: r.billing_group_id as string,
  month: r.month as string,
  billingId: r.billing_id as string,
  issuedOn: r.issued_on as string,
  dueDate: r.due_date as string,
  items: r.items as BillRecord['items'],
  publishedAt: iso(r.published_at),
});

export const toNotice = (r: Row): OpeningNoticeRecord => ({
  contractNumber: r.contract_number as string,
  date: r.date as string,
  publishedAt: iso(r.published_at),
});

export const toDocument = (r: Row): RenderedDocument => ({
  kind: r.kind as DocumentKind,
  key: r.key as string,
  version: r.version as number,
  sha256: r.sha256 as string,
  createdAt: iso(r.created_at),
  source: (r.source as string | null) ?? undefined,
  bytes: new Uint8Array(r.bytes as Buffer),
});

export const CALL_COLUMNS = 'id, billing_group_id, contract_number, month, started_at, usage_type, from_number, to_number, duration_seconds, charge';
export const toCall = (r: Row): CallRecordRow => ({
  id: r.id as string,
  billingGroupId: r.billing_group_id as string,
  contractNumber: r.contract_number as string,
  month: r.month as string,
  startedAt: iso(r.started_at),
  usageType: r.usage_type as string,
  from: r.from_number as string,
  to: r.to_number as string,
  durationSeconds: r.duration_seconds as number,
  charge: Number(r.charge),
});

export const toInquiry = (r: Row): InquiryRecord => ({
  id: r.id as string,
  billingGroupId: r.billing_group_id as string,
  accountId: r.account_id as string,
  category: r.category as string,
  subject: r.subject as string,
  body: r.body as string,
  kind: r.kind as InquiryRecord['kind'],
  status: r.status as InquiryRecord['status'],
  createdAt: iso(r.created_at),
  resolvedAt: isoOrNull(r.resolved_at),
  effectiveFrom: (r.effective_from as string | null) ?? null,
});

export const toNews = (r: Row): NewsRecord => ({
  id: r.id as string,
  billingGroupId: (r.billing_group_id as string | null) ?? null,
  title: r.title as string,
  body: r.body as string,
  publishedAt: iso(r.published_at),
});
