import { z } from 'zod';
import * as a from './accounts.js';
import * as c from './common.js';
import { ErrorEnvelopeSchema } from './errors.js';
import * as r from './resources.js';

/*
 * The route table: every endpoint of `/api/v1` with its request and response schemas. The server
 * mounts each with @hono/zod-openapi's `createRoute` (the objects have that shape) and the OpenAPI
 * document is generated from them; the SDK builds its URLs from the same `path`s.
 */

export { API_PREFIX, buildPath } from './endpoints.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Content {
  [mediaType: string]: { schema: z.ZodType };
}
export interface ApiRoute {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** who may call it: nobody signed in, a session, an admin session, the operator token, dev mode only */
  'x-auth': 'none' | 'session' | 'admin' | 'operator' | 'dev';
  security?: Record<string, string[]>[];
  request?: {
    params?: z.ZodObject;
    query?: z.ZodObject;
    body?: { content: Content; required: boolean; description?: string };
  };
  responses: Record<string | number, { description: string; content?: Content; headers?: z.ZodObject }>;
}

const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } }) as const;
const body = <T extends z.ZodType>(schema: T) => ({ content: json(schema), required: true }) as const;
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ description, content: json(schema) }) as const;
const errors = { default: { description: 'Error envelope (see ErrorCode)', content: json(ErrorEnvelopeSchema) } } as const;
const pdf = { 200: { description: 'PDF file', content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } } } } as const;
const csv = { 200: { description: 'CSV file (D-5)', content: { 'text/csv': { schema: z.string().meta({ format: 'binary' }) } } } } as const;
const noContent = { 204: { description: 'No content' } } as const;
const bearer = [{ bearer: [] }];

function route<const R extends ApiRoute>(def: R): R {
  return def;
}

export const routes = {
  // --- public ---------------------------------------------------------------------------------
  health: route({ method: 'get', path: '/api/v1/health', operationId: 'health', summary: 'Liveness', tags: ['meta'], 'x-auth': 'none', responses: { 200: ok(c.HealthSchema), ...errors } }),
  terms: route({ method: 'get', path: '/api/v1/terms', operationId: 'terms', summary: 'Terms of use (利用規約, R-REG-2)', tags: ['registration'], 'x-auth': 'none', responses: { 200: ok(c.TermsSchema), ...errors } }),
  corporateDesignations: route({ method: 'get', path: '/api/v1/corporate-designations', operationId: 'corporateDesignations', summary: '登録済みの法人格 (R-FMT-6)', tags: ['registration'], 'x-auth': 'none', responses: { 200: ok(c.CorporateDesignationsSchema), ...errors } }),

  // --- registration (R-REG) -------------------------------------------------------------------
  registrationStart: route({ method: 'post', path: '/api/v1/registrations', operationId: 'registrationStart', summary: 'Start registration: mails URL, access ID and temporary password (R-REG-2..4)', tags: ['registration'], 'x-auth': 'none', request: { body: body(a.RegistrationStartSchema) }, responses: { 202: ok(a.RegistrationStartedSchema, 'Accepted; mail sent'), ...errors } }),
  registrationLink: route({ method: 'get', path: '/api/v1/registrations/{token}', operationId: 'registrationLink', summary: 'Check a registration link (valid 10 days, R-REG-4)', tags: ['registration'], 'x-auth': 'none', request: { params: a.TokenParamSchema }, responses: { 200: ok(a.RegistrationLinkSchema), ...errors } }),
  registrationComplete: route({ method: 'post', path: '/api/v1/registrations/{token}/complete', operationId: 'registrationComplete', summary: 'Complete registration: access ID + temporary password + new password (R-REG-5)', tags: ['registration'], 'x-auth': 'none', request: { params: a.TokenParamSchema, body: body(a.RegistrationCompleteSchema) }, responses: { 200: ok(a.RegistrationCompletedSchema), ...errors } }),

  // --- login (R-LOGIN) ------------------------------------------------------------------------
  login: route({ method: 'post', path: '/api/v1/auth/login', operationId: 'login', summary: 'Access ID + password → OTP mailed (R-LOGIN-1)', tags: ['auth'], 'x-auth': 'none', request: { body: body(a.LoginSchema) }, responses: { 200: ok(a.LoginChallengeSchema), ...errors } }),
  verifyOtp: route({ method: 'post', path: '/api/v1/auth/otp', operationId: 'verifyOtp', summary: 'OTP + robot check → session (R-LOGIN-2)', tags: ['auth'], 'x-auth': 'none', request: { body: body(a.OtpVerifySchema) }, responses: { 200: ok(a.SessionSchema), ...errors } }),
  logout: route({ method: 'post', path: '/api/v1/auth/logout', operationId: 'logout', summary: 'End the session (R-LOGIN-3)', tags: ['auth'], 'x-auth': 'session', security: bearer, responses: { ...noContent, ...errors } }),
  changePassword: route({ method: 'post', path: '/api/v1/auth/password', operationId: 'changePassword', summary: 'Change your own password (current password + new one, R-FMT-2); every session of the account ends and a new one is answered', tags: ['auth'], 'x-auth': 'session', security: bearer, request: { body: body(a.ChangePasswordSchema) }, responses: { 200: ok(a.SessionSchema), ...errors } }),
  session: route({ method: 'get', path: '/api/v1/auth/session', operationId: 'session', summary: 'The session\'s expiry (D-3)', tags: ['auth'], 'x-auth': 'session', security: bearer, responses: { 200: ok(a.SessionInfoSchema), ...errors } }),

  // --- recovery (R-LOGIN-5) -------------------------------------------------------------------
  recoverAccessId: route({ method: 'post', path: '/api/v1/recovery/access-id', operationId: 'recoverAccessId', summary: 'Mail the access ID to the registered address', tags: ['recovery'], 'x-auth': 'none', request: { body: body(a.RecoverAccessIdSchema) }, responses: { 202: ok(c.MessageSchema), ...errors } }),
  recoverPassword: route({ method: 'post', path: '/api/v1/recovery/password', operationId: 'recoverPassword', summary: 'Mail a password-reset link', tags: ['recovery'], 'x-auth': 'none', request: { body: body(a.RecoverPasswordSchema) }, responses: { 202: ok(c.MessageSchema), ...errors } }),
  resetPassword: route({ method: 'post', path: '/api/v1/recovery/password/{token}', operationId: 'resetPassword', summary: 'Set a new password from a reset link', tags: ['recovery'], 'x-auth': 'none', request: { params: a.TokenParamSchema, body: body(a.ResetPasswordSchema) }, responses: { 200: ok(c.MessageSchema), ...errors } }),
  recoverEmail: route({ method: 'post', path: '/api/v1/recovery/email', operationId: 'recoverEmail', summary: 'Forgot the registered email: verify the customer, then contact the provider', tags: ['recovery'], 'x-auth': 'none', request: { body: body(a.RecoverEmailSchema) }, responses: { 200: ok(c.MessageSchema), ...errors } }),

  // --- home (R-HOME) --------------------------------------------------------------------------
  me: route({ method: 'get', path: '/api/v1/me', operationId: 'me', summary: 'The signed-in user and billing group (R-HOME-1)', tags: ['home'], 'x-auth': 'session', security: bearer, responses: { 200: ok(a.MeSchema), ...errors } }),
  news: route({ method: 'get', path: '/api/v1/news', operationId: 'news', summary: 'お知らせ (R-HOME-1)', tags: ['home'], 'x-auth': 'session', security: bearer, responses: { 200: ok(c.listOf(r.NewsSchema)), ...errors } }),

  // --- contracts and notices (R-CON, R-NOTICE) ------------------------------------------------
  contracts: route({ method: 'get', path: '/api/v1/contracts', operationId: 'listContracts', summary: 'Contracts of the billing group (R-CON-1/2)', tags: ['contracts'], 'x-auth': 'session', security: bearer, request: { query: r.ContractsQuerySchema }, responses: { 200: ok(c.listOf(r.ContractSummarySchema)), ...errors } }),
  contract: route({ method: 'get', path: '/api/v1/contracts/{contractNumber}', operationId: 'getContract', summary: 'Contract details (R-CON-3)', tags: ['contracts'], 'x-auth': 'session', security: bearer, request: { params: r.ContractParamSchema }, responses: { 200: ok(r.ContractSchema), ...errors } }),
  openingNotices: route({ method: 'get', path: '/api/v1/contracts/{contractNumber}/opening-notices', operationId: 'listOpeningNotices', summary: 'Opening-notice issue dates (R-NOTICE-1)', tags: ['notices'], 'x-auth': 'session', security: bearer, request: { params: r.ContractParamSchema }, responses: { 200: ok(c.listOf(r.OpeningNoticeSchema)), ...errors } }),
  openingNoticePdf: route({ method: 'get', path: '/api/v1/contracts/{contractNumber}/opening-notices/{file}', operationId: 'openingNoticePdf', summary: 'Opening notice as PDF (R-NOTICE-1, D-9)', tags: ['notices'], 'x-auth': 'session', security: bearer, request: { params: r.NoticeParamSchema }, responses: { ...pdf, ...errors } }),

  // --- bills and call records (R-BILL, R-CALL) ------------------------------------------------
  bills: route({ method: 'get', path: '/api/v1/bills', operationId: 'listBills', summary: 'Years and billing months, newest first (R-BILL-1, D-1)', tags: ['bills'], 'x-auth': 'session', security: bearer, request: { query: r.BillsQuerySchema }, responses: { 200: ok(r.BillListSchema), ...errors } }),
  bill: route({ method: 'get', path: '/api/v1/bills/{month}', operationId: 'getBill', summary: 'Breakdown of a month (R-BILL-2, R-FMT-9)', tags: ['bills'], 'x-auth': 'session', security: bearer, request: { params: r.MonthParamSchema }, responses: { 200: ok(r.BillSchema), ...errors } }),
  invoicePdf: route({ method: 'get', path: '/api/v1/bills/{month}/invoice.pdf', operationId: 'invoicePdf', summary: 'Invoice / direct-debit notice PDF of the billing group (R-BILL-3, D-8)', tags: ['bills'], 'x-auth': 'session', security: bearer, request: { params: r.MonthParamSchema }, responses: { ...pdf, ...errors } }),
  callRecords: route({ method: 'get', path: '/api/v1/bills/{month}/call-records', operationId: 'listCallRecords', summary: 'Call records of a month, paged (R-CALL-2)', tags: ['calls'], 'x-auth': 'session', security: bearer, request: { params: r.MonthParamSchema, query: r.CallRecordsQuerySchema }, responses: { 200: ok(r.CallRecordPageSchema), ...errors } }),
  callRecordsCsv: route({ method: 'get', path: '/api/v1/bills/{month}/call-records.csv', operationId: 'callRecordsCsv', summary: 'Call records of a month as CSV, streamed (R-CALL-3, D-5)', tags: ['calls'], 'x-auth': 'session', security: bearer, request: { params: r.MonthParamSchema, query: r.CallRecordsCsvQuerySchema }, responses: { ...csv, ...errors } }),

  // --- inquiries (R-INQ) ----------------------------------------------------------------------
  inquiryCategories: route({ method: 'get', path: '/api/v1/inquiries/categories', operationId: 'inquiryCategories', summary: 'Inquiry categories (R-INQ-1)', tags: ['inquiries'], 'x-auth': 'session', security: bearer, responses: { 200: ok(c.listOf(r.InquiryCategorySchema)), ...errors } }),
  inquiries: route({ method: 'get', path: '/api/v1/inquiries', operationId: 'listInquiries', summary: 'Inquiries sent by the billing group, newest first', tags: ['inquiries'], 'x-auth': 'session', security: bearer, responses: { 200: ok(c.listOf(r.InquirySchema)), ...errors } }),
  inquiryCreate: route({ method: 'post', path: '/api/v1/inquiries', operationId: 'createInquiry', summary: 'Send an inquiry; a receipt mail follows (R-INQ-1..3)', tags: ['inquiries'], 'x-auth': 'session', security: bearer, request: { body: body(r.InquiryCreateSchema) }, responses: { 201: ok(r.InquirySchema, 'Created'), ...errors } }),

  // --- users (R-USER) -------------------------------------------------------------------------
  users: route({ method: 'get', path: '/api/v1/users', operationId: 'listUsers', summary: 'Accounts of the billing group (admin, R-USER-2/3)', tags: ['users'], 'x-auth': 'admin', security: bearer, responses: { 200: ok(c.listOf(a.UserSchema)), ...errors } }),
  userCreate: route({ method: 'post', path: '/api/v1/users', operationId: 'createUser', summary: 'Create an account; it gets a temporary password by mail (admin, R-USER-1)', tags: ['users'], 'x-auth': 'admin', security: bearer, request: { body: body(a.UserCreateSchema) }, responses: { 201: ok(a.UserSchema, 'Created'), ...errors } }),
  userUpdate: route({ method: 'patch', path: '/api/v1/users/{id}', operationId: 'updateUser', summary: 'Update an account (admin, R-USER-2)', tags: ['users'], 'x-auth': 'admin', security: bearer, request: { params: a.UserIdParamSchema, body: body(a.UserUpdateSchema) }, responses: { 200: ok(a.UserSchema), ...errors } }),
  userDelete: route({ method: 'delete', path: '/api/v1/users/{id}', operationId: 'deleteUser', summary: 'Delete an account (admin, R-USER-2)', tags: ['users'], 'x-auth': 'admin', security: bearer, request: { params: a.UserIdParamSchema }, responses: { ...noContent, ...errors } }),

  // --- dev (D-4) ------------------------------------------------------------------------------
  devMailbox: route({ method: 'get', path: '/api/v1/dev/mailbox', operationId: 'devMailbox', summary: 'Mails the server sent, oldest first (dev mode only)', tags: ['dev'], 'x-auth': 'dev', request: { query: r.MailboxQuerySchema }, responses: { 200: ok(c.listOf(r.MailSchema)), ...errors } }),
  devMail: route({ method: 'get', path: '/api/v1/dev/mailbox/{id}', operationId: 'devMail', summary: 'One mail of the dev mailbox by its id (dev mode only)', tags: ['dev'], 'x-auth': 'dev', request: { params: r.MailIdParamSchema }, responses: { 200: ok(r.MailSchema), ...errors } }),
} as const;

export type RouteName = keyof typeof routes;
