import {
  CONTRACT_NUMBER_SHAPES,
  errorCatalog,
  isAccessId,
  isContractNumber,
  isPostalCode,
  normalizeAccessId,
  normalizeContractNumber,
  normalizeDate,
  normalizeMonth,
  normalizePostalCode,
  passwordProblem,
  toHalfWidthAscii,
} from '@mypage/api/contract';
import { inputError } from './errors.js';

/*
 * Client-side input checks with the SAME normalisers as the server (`@mypage/api` formats.ts):
 * bad input fails here with a ValidationError, before any request is sent.
 */

/** R-FMT-4: `2NCAF0000000001`, `ＣＡＦ０００…`, `caf-000…` → `CAF0000000001`. */
export function contractNumber(input: string, field = 'contractNumber'): string {
  const value = normalizeContractNumber(String(input ?? ''));
  if (!isContractNumber(value)) {
    throw inputError(
      field,
      `契約番号の形式が正しくありません（${CONTRACT_NUMBER_SHAPES.split(' (')[0]}）。`,
      `A contract number is ${CONTRACT_NUMBER_SHAPES.split(' (')[1]?.replace(/\)$/, '')}; a leading 2N is dropped.`,
    );
  }
  return value;
}

/** R-FMT-5: `100-0001`, `〒１００－０００１` → `1000001`. */
export function postalCode(input: string, field = 'postalCode'): string {
  const value = normalizePostalCode(String(input ?? ''));
  if (!isPostalCode(value)) {
    throw inputError(field, '郵便番号は7桁の数字で入力してください。', 'A postal code is 7 digits (a hyphen is allowed).');
  }
  return value;
}

/** `2023-10`, `2023/10`, `202310`, `2023年10月` → `2023-10`. */
export function month(input: string, field = 'month'): string {
  const value = normalizeMonth(String(input ?? ''));
  if (!value) throw inputError(field, '請求月はYYYY-MMの形式で入力してください。', 'A month is YYYY-MM (2023-10, 2023/10 and 202310 are accepted).');
  return value;
}

/** `2023-12-01`, `2023/12/01`, `20231201` → `2023-12-01`. */
export function date(input: string, field = 'date'): string {
  const value = normalizeDate(String(input ?? ''));
  if (!value) throw inputError(field, '日付はYYYY-MM-DDの形式で入力してください。', 'A date is YYYY-MM-DD (2023/12/01 and 20231201 are accepted).');
  return value;
}

/** R-FMT-1 */
export function accessId(input: string, field = 'accessId'): string {
  const value = normalizeAccessId(String(input ?? ''));
  if (!isAccessId(value)) {
    throw inputError(field, 'アクセスIDは半角英小文字・数字6文字です。', 'An access ID is 6 lowercase letters and digits.');
  }
  return value;
}

/** R-FMT-2: checked before sending, with the server's own message. */
export function password(input: string, field = 'newPassword'): string {
  if (passwordProblem(input) !== null) {
    throw inputError(field, errorCatalog.PASSWORD_POLICY.ja, errorCatalog.PASSWORD_POLICY.en, 'PASSWORD_POLICY');
  }
  return input;
}

/** Phone filter: half-width digits without hyphens or spaces. */
export function phone(input: string, field = 'phone'): string {
  const value = toHalfWidthAscii(String(input ?? '')).replace(/[\s\-‐‑‒–—―−ー－]/g, '');
  if (!/^[0-9]{6,15}$/.test(value)) throw inputError(field, '電話番号の形式が正しくありません。', 'A phone number is 6–15 digits.');
  return value;
}

export function optional<T>(value: string | undefined, check: (v: string) => T): T | undefined {
  return value === undefined || value === '' ? undefined : check(value);
}

export function passwordMissing() {
  return inputError('password', 'パスワードを入力してください。', 'Enter the password.');
}
