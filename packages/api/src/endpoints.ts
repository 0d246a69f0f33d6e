/*
 * Where each endpoint of `/api/v1` lives (method, path, who may call it), without its schemas: what
 * a client needs to send a request, importable without zod. `routes.ts` is the full table (schemas,
 * OpenAPI texts); `types.check.ts` proves every entry here equal to its route there.
 */

import type {
  Bill,
  BillList,
  CallRecordPage,
  Contract,
  ContractSummary,
  CorporateDesignations,
  Health,
  Inquiry,
  InquiryCategory,
  ItemList,
  LoginChallenge,
  Mail,
  Me,
  Message,
  News,
  OpeningNotice,
  RegistrationCompleted,
  RegistrationLink,
  RegistrationStarted,
  Session,
  SessionInfo,
  Terms,
  User,
} from './types.js';

export const API_PREFIX = '/api/v1';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** who may call it: nobody signed in, a session, an admin session, the operator token, dev mode only */
export type EndpointAuth = 'none' | 'session' | 'admin' | 'operator' | 'dev';

export interface Endpoint {
  readonly method: HttpMethod;
  readonly path: string;
  readonly 'x-auth': EndpointAuth;
}

export const endpoints = {
  health: { method: 'get', path: '/api/v1/health', 'x-auth': 'none' },
  terms: { method: 'get', path: '/api/v1/terms', 'x-auth': 'none' },
  corporateDesignations: { method: 'get', path: '/api/v1/corporate-designations', 'x-auth': 'none' },
  registrationStart: { method: 'post', path: '/api/v1/registrations', 'x-auth': 'none' },
  registrationLink: { method: 'get', path: '/api/v1/registrations/{token}', 'x-auth': 'none' },
  registrationComplete: { method: 'post', path: '/api/v1/registrations/{token}/complete', 'x-auth': 'none' },
  login: { method: 'post', path: '/api/v1/auth/login', 'x-auth': 'none' },
  verifyOtp: { method: 'post', path: '/api/v1/auth/otp', 'x-auth': 'none' },
  logout: { method: 'post', path: '/api/v1/auth/logout', 'x-auth': 'session' },
  changePassword: { method: 'post', path: '/api/v1/auth/password', 'x-auth': 'session' },
  session: { method: 'get', path: '/api/v1/auth/session', 'x-auth': 'session' },
  recoverAccessId: { method: 'post', path: '/api/v1/recovery/access-id', 'x-auth': 'none' },
  recoverPassword: { method: 'post', path: '/api/v1/recovery/password', 'x-auth': 'none' },
  resetPassword: { method: 'post', path: '/api/v1/recovery/password/{token}', 'x-auth': 'none' },
  recoverEmail: { method: 'post', path: '/api/v1/recovery/email', 'x-auth': 'none' },
  me: { method: 'get', path: '/api/v1/me', 'x-auth': 'session' },
  news: { method: 'get', path: '/api/v1/news', 'x-auth': 'session' },
  contracts: { method: 'get', path: '/api/v1/contracts', 'x-auth': 'session' },
  contract: { method: 'get', path: '/api/v1/contracts/{contractNumber}', 'x-auth': 'session' },
  openingNotices: { method: 'get', path: '/api/v1/contracts/{contractNumber}/opening-notices', 'x-auth': 'session' },
  openingNoticePdf: { method: 'get', path: '/api/v1/contracts/{contractNumber}/opening-notices/{file}', 'x-auth': 'session' },
  bills: { method: 'get', path: '/api/v1/bills', 'x-auth': 'session' },
  bill: { method: 'get', path: '/api/v1/bills/{month}', 'x-auth': 'session' },
  invoicePdf: { method: 'get', path: '/api/v1/bills/{month}/invoice.pdf', 'x-auth': 'session' },
  callRecords: { method: 'get', path: '/api/v1/bills/{month}/call-records', 'x-auth': 'session' },
  callRecordsCsv: { method: 'get', path: '/api/v1/bills/{month}/call-records.csv', 'x-auth': 'session' },
  inquiryCategories: { method: 'get', path: '/api/v1/inquiries/categories', 'x-auth': 'session' },
  inquiries: { method: 'get', path: '/api/v1/inquiries', 'x-auth': 'session' },
  inquiryCreate: { method: 'post', path: '/api/v1/inquiries', 'x-auth': 'session' },
  users: { method: 'get', path: '/api/v1/users', 'x-auth': 'admin' },
  userCreate: { method: 'post', path: '/api/v1/users', 'x-auth': 'admin' },
  userUpdate: { method: 'patch', path: '/api/v1/users/{id}', 'x-auth': 'admin' },
  userDelete: { method: 'delete', path: '/api/v1/users/{id}', 'x-auth': 'admin' },
  devMailbox: { method: 'get', path: '/api/v1/dev/mailbox', 'x-auth': 'dev' },
  devMail: { method: 'get', path: '/api/v1/dev/mailbox/{id}', 'x-auth': 'dev' },
} as const satisfies Record<string, Endpoint>;

export type EndpointName = keyof typeof endpoints;

/** The body of each endpoint's successful JSON answer (the ones that answer a file or nothing are absent). */
export interface JsonResponses {
  health: Health;
  terms: Terms;
  corporateDesignations: CorporateDesignations;
  registrationStart: RegistrationStarted;
  registrationLink: RegistrationLink;
  registrationComplete: RegistrationCompleted;
  login: LoginChallenge;
  verifyOtp: Session;
  changePassword: Session;
  session: SessionInfo;
  recoverAccessId: Message;
  recoverPassword: Message;
  resetPassword: Message;
  recoverEmail: Message;
  me: Me;
  news: ItemList<News>;
  contracts: ItemList<ContractSummary>;
  contract: Contract;
  openingNotices: ItemList<OpeningNotice>;
  bills: BillList;
  bill: Bill;
  callRecords: CallRecordPage;
  inquiryCategories: ItemList<InquiryCategory>;
  inquiries: ItemList<Inquiry>;
  inquiryCreate: Inquiry;
  users: ItemList<User>;
  userCreate: User;
  userUpdate: User;
  devMailbox: ItemList<Mail>;
  devMail: Mail;
}

/** Fill `{name}` segments of a route path, escaping each value. */
export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}
