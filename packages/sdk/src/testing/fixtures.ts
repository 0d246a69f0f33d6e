import type { Bill, BillList, CallRecord, Contract, ContractSummary, Inquiry, Mail, Me, News, OpeningNotice, User } from '@mypage/api/contract';

/* Answers shaped exactly like the API contract (the transport checks them against the schemas). */

export const BASE_URL = 'http://mypage.test';
export const api = (path: string) => `${BASE_URL}/api/v1${path}`;

const address = { postalCode: '5340024', address1: '大阪府大阪市都島区東野田町', address2: '1-1', building: '' };

export const contractSummary: ContractSummary = {
  contractNumber: 'CAF0000000001',
  group: 'hikari',
  serviceName: '[100M] ファミリー',
  customerName: '日本　太郎',
  installationAddress: address,
};

export const contract: Contract = {
  contractNumber: 'CAF0000000001',
  customerNumber: '2NCAF0000000001',
  group: 'hikari',
  customerKana: 'ニホン　タロウ',
  customerName: '日本　太郎',
  registeredAddress: address,
  installationAddress: address,
  accessLine: { serviceName: '[100M] ファミリー', status: '提供中', startDate: '2023-12-07', accessKey: 'BUEdeJWm' },
  serviceName: '[100M] ファミリー',
  hikariPhone: [{ serviceName: 'ひかり電話', phoneNumber: '0611112222', details: '' }],
  options: ['mediaITサポート24'],
  openingNoticeDates: ['2023-12-01', '2023-07-01'],
};

export function bill(month: string): Bill {
  return {
    month,
    billingId: `B${month.replace('-', '')}0001`,
    customerNumber: '2NCAF0000000001',
    recipientName: '日本　太郎',
    issuedOn: `${month}-01`,
    dueDate: `${month}-26`,
    billingPeriod: { from: `${month}-01`, to: `${month}-28` },
    contracts: [
      {
        contractNumber: 'CAF0000000001',
        serviceName: '[100M] ファミリー',
        items: [{ name: 'mediaITサポート24', amount: 3300, remarks: '', taxRate: 10 }],
        taxes: [{ rate: 10, taxableTotal: 3300, tax: 330 }],
        subtotal: 3630,
      },
    ],
    taxes: [{ rate: 10, taxableTotal: 3300, tax: 330 }],
    roundingAdjustment: 0,
    total: 3630,
    callCharges: 0,
    issuer: { name: '日本メディアシステム株式会社', registrationNumber: 'T3120001234567' },
  };
}

/** Two billing months of one year, newest first (R-BILL-1). */
export const billList: BillList = {
  years: [2023],
  year: 2023,
  months: [
    { month: '2023-11', total: 3630, issuedOn: '2023-11-01', dueDate: '2023-11-26' },
    { month: '2023-10', total: 3630, issuedOn: '2023-10-01', dueDate: '2023-10-26' },
  ],
};

export const news: News = { id: 'n1', title: 'メンテナンスのお知らせ', body: '12月10日 2:00〜5:00', publishedAt: '2023-12-01T09:00:00+09:00' };

export const openingNotice: OpeningNotice = { contractNumber: 'CAF0000000001', date: '2023-12-01', label: '2023年12月01日分', fileName: 'opening-notice-CAF0000000001-2023-12-01.pdf' };

/** The bytes of a (tiny) PDF: a download test compares what was written with these. */
export const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n%test\n%%EOF\n');

export function callRecord(month: string, n: number): CallRecord {
  return {
    id: `${month}-${n}`,
    contractNumber: 'CAF0000000001',
    startedAt: `${month}-01T10:${String(n % 60).padStart(2, '0')}:00+09:00`,
    usageType: 'ひかり電話・県内',
    from: '0611115555',
    to: '0638846327',
    durationSeconds: 34,
    charge: 8,
  };
}

export const user: User = {
  id: 'u1',
  accessId: 'm95au6',
  email: 'taro@example.jp',
  name: '日本 太郎',
  role: 'admin',
  notify: true,
  status: 'active',
  createdAt: '2023-07-01T09:00:00+09:00',
};

export const me: Me = {
  user,
  billingGroup: { id: 'g1', customerNumber: '2NCAF0000000001', name: '日本　太郎' },
  session: { expiresAt: '2023-12-01T10:29:00+09:00', idleTimeoutSeconds: 600 },
};

export function inquiry(input: { category: string; subject: string; body?: string }): Inquiry {
  return {
    id: 'i1',
    category: input.category,
    categoryLabel: input.category === 'call-records' ? '通話明細記録について' : 'その他',
    subject: input.subject,
    body: input.body ?? '',
    kind: 'general',
    status: 'received',
    createdAt: '2023-12-01T10:19:00+09:00',
    resolvedAt: null,
    effectiveFrom: null,
    createdBy: 'm95au6',
  };
}

export function otpMail(to: string, otp: string, sentAt: string): Mail {
  return {
    id: `mail-${otp}`,
    from: 'info-mediahikari@n-media.co.jp',
    to,
    subject: '【日本メディアシステム】ログイン用ワンタイムパスワードのお知らせ',
    text: `ワンタイムパスワード：${otp}\n有効期限は10分です。`,
    sentAt,
  };
}

export const session = { token: 'tok-valid-0123456789', expiresAt: '2023-12-01T10:29:00+09:00', idleTimeoutSeconds: 600 };
