import { EmailSchema } from './accounts.js';
import {
  CONTRACT_NUMBER_SHAPES,
  customerNameKey,
  isAccessId,
  isContractNumber,
  isPostalCode,
  normalizeAccessId,
  normalizeContractNumber,
  normalizePostalCode,
  PASSWORD_PROBLEM_MESSAGES,
  passwordProblem,
  TEMPORARY_PASSWORD_PATTERN,
} from './formats.js';
import { textProblem } from './text.js';

/*
 * What the portal says about a value it refuses (R-REG-2/3/5, R-FMT-1..6), in Japanese as the
 * portal shows it and in English: one table for the server (its VALIDATION_FAILED / PASSWORD_POLICY
 * details) and for clients that check a value as it is typed, before anything is sent.
 * Each check answers [ja, en] or null when the value is acceptable.
 */

export type Problem = [ja: string, en: string];

export function emailProblem(value: string): Problem | null {
  return EmailSchema.safeParse(value.trim()).success
    ? null
    : ['メールアドレスの形式が正しくありません（例: taro@example.jp）。', 'email must be an address such as taro@example.jp'];
}

export function contractNumberProblem(value: string): Problem | null {
  return isContractNumber(normalizeContractNumber(value))
    ? null
    : [`契約番号の形式が正しくありません（${CONTRACT_NUMBER_SHAPES.split(' (')[0]}）。`, `contract number must be one of: ${CONTRACT_NUMBER_SHAPES}; a 2N prefix is dropped`];
}

export function postalCodeProblem(value: string): Problem | null {
  return isPostalCode(normalizePostalCode(value)) ? null : ['郵便番号は7桁の数字で入力してください。', 'postal code must be 7 digits (534-0024 is accepted)'];
}

/** R-FMT-6 and the request schema (one line of plain text, at most 100 characters). */
export function customerNameProblem(value: string): Problem | null {
  if (textProblem(value) !== null) return ['お客様名に使用できない文字（制御文字など）が含まれています。', 'customer name must not contain control characters'];
  if (value.length > 100) return ['お客様名は100文字以内で入力してください。', 'customer name must be at most 100 characters'];
  if (customerNameKey(value).length === 0) return ['お客様名を入力してください。', 'customer name is required'];
  return null;
}

/** R-FMT-1: an access ID that cannot exist is refused before the server counts a failed try. */
export function accessIdProblem(value: string): Problem | null {
  return isAccessId(normalizeAccessId(value)) ? null : ['アクセスIDは半角英小文字と数字の6文字です（例: m95au6）。', 'access ID is 6 lowercase letters and digits (e.g. m95au6)'];
}

/** R-FMT-3: the temporary password from the mail. */
export function temporaryPasswordProblem(value: string): Problem | null {
  return TEMPORARY_PASSWORD_PATTERN.test(value) ? null : ['仮パスワードはメールに記載の半角英数字8文字です。', 'the temporary password is the 8 letters and digits from the mail'];
}

/** R-FMT-2, with the reason (the messages of PASSWORD_PROBLEM_MESSAGES). */
export function newPasswordProblem(value: string): Problem | null {
  const problem = passwordProblem(value);
  return problem === null ? null : [...PASSWORD_PROBLEM_MESSAGES[problem]];
}

/** R-REG-5: the new password must differ from the temporary one. */
export const SAME_AS_TEMPORARY: Problem = ['仮パスワードと異なるパスワードを設定してください。', 'choose a password other than the temporary one'];
