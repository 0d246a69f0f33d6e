import type { Address, ContractGroup, InquiryKind, Role, TaxRate } from '@mypage/api';

/*
 * What the reference server keeps. Secrets (passwords, temporary passwords, OTPs, session and
 * link tokens) are stored only as hashes: see domain/secrets.ts.
 */

export interface BillingGroupRecord {
  id: string;
  /** お客様番号 of the group (`2N` + its first contract number). */
  customerNumber: string;
  name: string;
  kana: string;
  bank: { name: string; branch: string; accountNumber: string };
  /** Months from which the paper mailing of each document stops (R-INQ-2), or null. */
  paperStop: { openingNotice: string | null; directDebit: string | null };
  /** First month with visible call records (R-CALL-1), or null before an application is processed. */
  callRecordsFrom: string | null;
}

export interface ContractRecord {
  contractNumber: string;
  billingGroupId: string;
  group: ContractGroup;
  customerName: string;
  customerKana: string;
  registeredAddress: Address;
  installationAddress: Address;
  serviceName: string;
  accessLine: { serviceName: string; status: string; startDate: string | null; accessKey: string; constructionDate: string | null } | null;
  hikariPhone: { serviceName: string; phoneNumber: string; details: string }[];
  options: string[];
}

export interface AccountRecord {
  id: string;
  accessId: string;
  billingGroupId: string;
  email: string;
  name: string;
  role: Role;
  notify: boolean;
  status: 'pending' | 'active';
  /** scrypt hash of the password, null until registration completes. */
  passwordHash: string | null;
  /** scrypt hash of the temporary password (R-FMT-3), null once replaced. */
  temporaryPasswordHash: string | null;
  createdAt: string;
}

/**
 * The failed logins of one access ID (the throttle of R-LOGIN), whether or not it names an account:
 * a failure on a known and on an unknown ID is the same write of the same record (ASVS V6.3.8), so
 * timing does not tell which IDs exist. Kept apart from the account, and not part of a data graph
 * (`Data`): it matters for a window plus a lock at most, and is neither seeded nor copied.
 */
export interface LoginFailureRecord {
  /** the access ID as typed (normalised) */
  key: string;
  count: number;
  since: string | null;
  lockedUntil: string | null;
}

export interface LinkRecord {
  /** sha256 of the URL token. */
  tokenHash: string;
  accountId: string;
  purpose: 'registration' | 'password-reset';
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface ChallengeRecord {
  id: string;
  accountId: string;
  otpHash: string;
  createdAt: string;
  expiresAt: string;
  attempts: number;
  usedAt: string | null;
  voidedAt: string | null;
}

export interface SessionRecord {
  tokenHash: string;
  accountId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  endedAt: string | null;
}

export interface OpeningNoticeRecord {
  contractNumber: string;
  date: string;
  publishedAt: string;
}

export interface BillItemRecord {
  contractNumber: string;
  name: string;
  amount: number;
  remarks: string;
  taxRate: TaxRate;
}

export interface BillRecord {
  billingGroupId: string;
  month: string;
  billingId: string;
  issuedOn: string;
  dueDate: string;
  /** Items other than call charges; 通話料 lines are derived from call records (D-2). */
  items: BillItemRecord[];
  publishedAt: string;
}

export interface CallRecordRow {
  id: string;
  billingGroupId: string;
  contractNumber: string;
  /** Billing month (`YYYY-MM`) the call belongs to. */
  month: string;
  /** ISO instant (UTC). */
  startedAt: string;
  usageType: string;
  from: string;
  to: string;
  durationSeconds: number;
  charge: number;
}

export interface InquiryRecord {
  id: string;
  billingGroupId: string;
  accountId: string;
  category: string;
  subject: string;
  body: string;
  kind: InquiryKind;
  status: 'received' | 'resolved';
  createdAt: string;
  resolvedAt: string | null;
  effectiveFrom: string | null;
}

export interface NewsRecord {
  id: string;
  /** null: for every billing group. */
  billingGroupId: string | null;
  title: string;
  body: string;
  publishedAt: string;
}

export interface Data {
  schemaVersion: 1;
  billingGroups: BillingGroupRecord[];
  contracts: ContractRecord[];
  accounts: AccountRecord[];
  links: LinkRecord[];
  challenges: ChallengeRecord[];
  sessions: SessionRecord[];
  openingNotices: OpeningNoticeRecord[];
  bills: BillRecord[];
  callRecords: CallRecordRow[];
  inquiries: InquiryRecord[];
  news: NewsRecord[];
}

export function emptyData(): Data {
  return {
    schemaVersion: 1,
    billingGroups: [],
    contracts: [],
    accounts: [],
    links: [],
    challenges: [],
    sessions: [],
    openingNotices: [],
    bills: [],
    callRecords: [],
    inquiries: [],
    news: [],
  };
}
