import { CONTRACT_NUMBER_SHAPES, isContractNumber, jstMonth, normalizeContractNumber, normalizeDate, normalizeMonth } from '@mypage/api';
import { ApiError } from '../errors.js';
import type { RepositorySet } from '../store/repositories.js';
import type { ContractRecord } from '../store/schema.js';

/*
 * Access control for the resource endpoints: every lookup is scoped to the caller's billing
 * group, and another group's item answers exactly like an item that does not exist (404), so
 * nothing about it leaks.
 */

/** R-FMT-4: normalise (`2N…`, full-width, hyphens) and validate a contract number, or 400 naming the accepted shapes. */
export function parseContractNumber(input: string, field = 'contractNumber'): string {
  const value = normalizeContractNumber(input);
  if (!isContractNumber(value)) {
    throw new ApiError('VALIDATION_FAILED', {
      messageJa: `契約番号の形式が正しくありません。${CONTRACT_NUMBER_SHAPES} のいずれかで指定してください。`,
      messageEn: `Malformed contract number; accepted shapes: ${CONTRACT_NUMBER_SHAPES}. A 2N prefix is dropped.`,
      details: [{ path: field, message: '契約番号の形式が正しくありません。', messageEn: CONTRACT_NUMBER_SHAPES }],
    });
  }
  return value;
}

/** The contract `input` names, if it belongs to `billingGroupId`; else CONTRACT_NOT_FOUND (404). */
export async function contractOfGroup(repos: RepositorySet, billingGroupId: string, input: string, field?: string): Promise<ContractRecord> {
  const contractNumber = parseContractNumber(input, field);
  const contract = await repos.billingGroups.contract(contractNumber);
  if (!contract || contract.billingGroupId !== billingGroupId) throw new ApiError('CONTRACT_NOT_FOUND');
  return contract;
}

/** A billing month from user input (`2023-10`, `2023/10`, `202310`, `2023年10月`), or 400. */
export function parseMonth(input: string, field = 'month'): string {
  const month = normalizeMonth(input);
  if (!month) {
    throw new ApiError('VALIDATION_FAILED', {
      messageJa: '請求月は YYYY-MM の形式（例: 2023-10）で指定してください。',
      messageEn: 'Give the billing month as YYYY-MM (e.g. 2023-10; 2023/10 and 202310 are accepted too).',
      details: [{ path: field, message: '請求月の形式が正しくありません。', messageEn: 'expected YYYY-MM' }],
    });
  }
  return month;
}

/** A month after the current one (Japan time) has no bill yet: 404 with a message that says so. */
export function rejectFutureMonth(month: string, now: Date): void {
  if (month > jstMonth(now)) {
    throw new ApiError('BILL_NOT_FOUND', {
      messageJa: `${month.replace('-', '年')}月はまだ請求月になっていません。`,
      messageEn: `${month} is in the future: there is no bill for it yet.`,
    });
  }
}

/** `{file}` of an opening-notice download: `2023-12-01.pdf` (or the date alone), or 400. */
export function parseNoticeFile(file: string): string {
  const stem = file.replace(/\.pdf$/i, '');
  const date = normalizeDate(stem);
  if (!date) {
    throw new ApiError('VALIDATION_FAILED', {
      messageJa: '開通案内の日付は YYYY-MM-DD.pdf の形式（例: 2023-12-01.pdf）で指定してください。',
      messageEn: 'Name the opening notice as YYYY-MM-DD.pdf (e.g. 2023-12-01.pdf).',
      details: [{ path: 'file', message: '日付の形式が正しくありません。', messageEn: 'expected YYYY-MM-DD.pdf' }],
    });
  }
  return date;
}
