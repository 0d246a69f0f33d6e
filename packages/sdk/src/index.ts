export { MyPageClient, SDK_VERSION, type MyPageClientOptions } from './client.js';
export type { RequestOptions, StoredSession, FetchLike, FetchInit, FetchResponse, SuccessBody } from './transport.js';
export type { MyPageHooks, RequestEvent, ResponseEvent, RetryEvent } from './hooks.js';
export { requestIdOf } from './request-id.js';
export type { Download } from './download.js';
export { fileNameFromDisposition } from './download.js';
export {
  MyPageError,
  ValidationError,
  AuthenticationError,
  SessionExpiredError,
  ForbiddenError,
  NotFoundError,
  GoneError,
  ConflictError,
  RateLimitedError,
  ServerError,
  NetworkError,
  TimeoutError,
  AbortError,
  MailWaitTimeoutError,
  UnexpectedResponseError,
  errorFromResponse,
  parseRetryAfter,
  type MyPageErrorCode,
  type ClientErrorCode,
} from './errors.js';
export type { LoginInput, OtpPromptContext } from './resources/auth.js';
export type { RegistrationStartInput, RegistrationCompleteInput } from './resources/registration.js';
export type { CallFilter } from './resources/calls.js';
export type { InquiryInput, PaperMailKind } from './resources/inquiries.js';

// Types and normalisers of the API contract, so apps need only this package.
export {
  normalizeContractNumber,
  normalizePostalCode,
  normalizeCustomerName,
  normalizeAccessId,
  normalizeMonth,
  normalizeDate,
  normalizeOtp,
  isContractNumber,
  isPostalCode,
  isAccessId,
  passwordProblem,
  customerNumberOf,
  monthRange,
  linkToken,
  jstIso,
  jstDate,
  jstMonth,
  jaDate,
  jaMonth,
  formatDuration,
  errorCatalog,
  MAIL_PATTERNS,
  MAIL_SUBJECTS,
  INQUIRY_SUBJECTS,
  CALL_RECORD_CSV_HEADER,
} from '@mypage/api';
export type {
  ErrorCode,
  ErrorDetail,
  Contract,
  ContractSummary,
  ContractGroup,
  OpeningNotice,
  Bill,
  BillList,
  BillSummary,
  BillContract,
  BillItem,
  TaxLine,
  CallRecord,
  CallRecordPage,
  CsvEncoding,
  Inquiry,
  InquiryCategory,
  InquiryCreate,
  News,
  Mail,
  Me,
  User,
  UserCreate,
  UserUpdate,
  Role,
  Session,
  SessionInfo,
  LoginChallenge,
  CaptchaInfo,
  RegistrationStarted,
  RegistrationLink,
  RegistrationCompleted,
} from '@mypage/api';
