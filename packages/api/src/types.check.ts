import type { z } from 'zod';
import type * as A from './accounts.js';
import type * as C from './common.js';
import type { endpoints, JsonResponses } from './endpoints.js';
import type * as E from './errors.js';
import type * as R from './resources.js';
import type { routes } from './routes.js';
import type * as T from './types.js';

/*
 * Compile-time proof that the plain types of `types.ts` and `endpoints.ts` are the schemas' own:
 * each pair must be identical (not merely assignable), so a schema changed without its plain type,
 * or the other way round, fails `tsc` (`npm run typecheck`, run by `npm test`). Nothing here runs.
 */

type Equal<X, Y> = (<V>() => V extends X ? 1 : 2) extends <V>() => V extends Y ? 1 : 2 ? true : false;
type Same<X, Y> = Equal<X, Y> extends true ? true : { plain: X; schema: Y };
type Out<S extends z.ZodType> = z.output<S>;

export const typesMatchSchemas: { [K in keyof Pairs]: true } = {} as { [K in keyof Pairs]: Pairs[K] };

interface Pairs {
  Address: Same<T.Address, Out<typeof C.AddressSchema>>;
  Message: Same<T.Message, Out<typeof C.MessageSchema>>;
  Health: Same<T.Health, Out<typeof C.HealthSchema>>;
  Terms: Same<T.Terms, Out<typeof C.TermsSchema>>;
  CorporateDesignations: Same<T.CorporateDesignations, Out<typeof C.CorporateDesignationsSchema>>;
  ErrorDetail: Same<T.ErrorDetail, Out<typeof E.ErrorDetailSchema>>;
  ErrorEnvelope: Same<T.ErrorEnvelope, Out<typeof E.ErrorEnvelopeSchema>>;
  Role: Same<T.Role, Out<typeof A.RoleSchema>>;
  RegistrationStart: Same<T.RegistrationStart, Out<typeof A.RegistrationStartSchema>>;
  RegistrationStarted: Same<T.RegistrationStarted, Out<typeof A.RegistrationStartedSchema>>;
  RegistrationLink: Same<T.RegistrationLink, Out<typeof A.RegistrationLinkSchema>>;
  RegistrationComplete: Same<T.RegistrationComplete, Out<typeof A.RegistrationCompleteSchema>>;
  RegistrationCompleted: Same<T.RegistrationCompleted, Out<typeof A.RegistrationCompletedSchema>>;
  Login: Same<T.Login, Out<typeof A.LoginSchema>>;
  CaptchaInfo: Same<T.CaptchaInfo, Out<typeof A.CaptchaInfoSchema>>;
  LoginChallenge: Same<T.LoginChallenge, Out<typeof A.LoginChallengeSchema>>;
  OtpVerify: Same<T.OtpVerify, Out<typeof A.OtpVerifySchema>>;
  Session: Same<T.Session, Out<typeof A.SessionSchema>>;
  SessionInfo: Same<T.SessionInfo, Out<typeof A.SessionInfoSchema>>;
  ChangePassword: Same<T.ChangePassword, Out<typeof A.ChangePasswordSchema>>;
  RecoverAccessId: Same<T.RecoverAccessId, Out<typeof A.RecoverAccessIdSchema>>;
  RecoverPassword: Same<T.RecoverPassword, Out<typeof A.RecoverPasswordSchema>>;
  ResetPassword: Same<T.ResetPassword, Out<typeof A.ResetPasswordSchema>>;
  RecoverEmail: Same<T.RecoverEmail, Out<typeof A.RecoverEmailSchema>>;
  User: Same<T.User, Out<typeof A.UserSchema>>;
  Me: Same<T.Me, Out<typeof A.MeSchema>>;
  UserCreate: Same<T.UserCreate, Out<typeof A.UserCreateSchema>>;
  UserUpdate: Same<T.UserUpdate, Out<typeof A.UserUpdateSchema>>;
  News: Same<T.News, Out<typeof R.NewsSchema>>;
  ContractGroup: Same<T.ContractGroup, Out<typeof R.ContractGroupSchema>>;
  ContractSummary: Same<T.ContractSummary, Out<typeof R.ContractSummarySchema>>;
  HikariPhone: Same<T.HikariPhone, Out<typeof R.HikariPhoneSchema>>;
  Contract: Same<T.Contract, Out<typeof R.ContractSchema>>;
  OpeningNotice: Same<T.OpeningNotice, Out<typeof R.OpeningNoticeSchema>>;
  TaxRate: Same<T.TaxRate, Out<typeof R.TaxRateSchema>>;
  BillItem: Same<T.BillItem, Out<typeof R.BillItemSchema>>;
  TaxLine: Same<T.TaxLine, Out<typeof R.TaxLineSchema>>;
  BillContract: Same<T.BillContract, Out<typeof R.BillContractSchema>>;
  BillSummary: Same<T.BillSummary, Out<typeof R.BillSummarySchema>>;
  InvoiceIssuer: Same<T.InvoiceIssuer, Out<typeof R.InvoiceIssuerSchema>>;
  Bill: Same<T.Bill, Out<typeof R.BillSchema>>;
  BillList: Same<T.BillList, Out<typeof R.BillListSchema>>;
  CallRecord: Same<T.CallRecord, Out<typeof R.CallRecordSchema>>;
  CsvEncoding: Same<T.CsvEncoding, Out<typeof R.CsvEncodingSchema>>;
  CallRecordPage: Same<T.CallRecordPage, Out<typeof R.CallRecordPageSchema>>;
  InquiryCategory: Same<T.InquiryCategory, Out<typeof R.InquiryCategorySchema>>;
  InquiryKind: Same<T.InquiryKind, Out<typeof R.InquiryKindSchema>>;
  InquiryCreate: Same<T.InquiryCreate, Out<typeof R.InquiryCreateSchema>>;
  Inquiry: Same<T.Inquiry, Out<typeof R.InquirySchema>>;
  Mail: Same<T.Mail, Out<typeof R.MailSchema>>;
  /** every endpoint: same method, path and x-auth as its route, and no route without an endpoint */
  Endpoints: Same<{ [K in keyof typeof routes]: Pick<(typeof routes)[K], 'method' | 'path' | 'x-auth'> }, typeof endpoints>;
  /** every JSON answer: the body type the route's 2xx schema parses to, and no JSON route left out */
  Responses: Same<JsonResponses, { [K in JsonRouteName]: SuccessBody<(typeof routes)[K]> }>;
}

type ParseOutput<S> = S extends z.ZodType ? z.output<S> : never;
type JsonContent<C> = C extends { 'application/json': { schema: infer S } } ? ParseOutput<S> : never;
type SuccessBody<R extends { responses: object }> = {
  [K in keyof R['responses']]: K extends 200 | 201 | 202 ? (R['responses'][K] extends { content: infer C } ? JsonContent<C> : never) : never;
}[keyof R['responses']];
type JsonRouteName = { [K in keyof typeof routes]: [SuccessBody<(typeof routes)[K]>] extends [never] ? never : K }[keyof typeof routes];
