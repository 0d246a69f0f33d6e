import {
  CONTRACT_NUMBER_SHAPES,
  customerNameKey,
  isContractNumber,
  isPostalCode,
  normalizeContractNumber,
  normalizePostalCode,
  type ErrorDetail,
} from '@mypage/api';
import { ApiError } from '../errors.js';
import type { Repositories } from '../store/repositories.js';
import type { BillingGroupRecord, ContractRecord } from '../store/schema.js';

/*
 * Identifying a customer (R-REG-3, R-LOGIN-5 forgot-email): contract number + postal code of the
 * registered address (届出場所住所) + customer name, all three of one contract. Input is normalised
 * first (R-FMT-4..6: `2N` prefix, full-width digits, `534-0024`, half-width kana, 法人格).
 */

export interface CustomerInput {
  contractNumber: string;
  postalCode: string;
  customerName: string;
}

/** Normalised input, or VALIDATION_FAILED naming each field that cannot be a valid value. */
export function normalizeCustomerInput(input: CustomerInput): { contractNumber: string; postalCode: string; nameKey: string } {
  const contractNumber = normalizeContractNumber(input.contractNumber);
  const postalCode = normalizePostalCode(input.postalCode);
  const nameKey = customerNameKey(input.customerName);
  const details: ErrorDetail[] = [];
  if (!isContractNumber(contractNumber)) {
    details.push({
      path: 'contractNumber',
      message: `契約番号の形式が正しくありません（${CONTRACT_NUMBER_SHAPES.split(' (')[0]}）。`,
      messageEn: `contract number must be one of: ${CONTRACT_NUMBER_SHAPES}; a 2N prefix is dropped`,
    });
  }
  if (!isPostalCode(postalCode)) {
    details.push({ path: 'postalCode', message: '郵便番号は7桁の数字で入力してください。', messageEn: 'postal code must be 7 digits (534-0024 is accepted)' });
  }
  if (nameKey.length === 0) {
    details.push({ path: 'customerName', message: 'お客様名を入力してください。', messageEn: 'customer name is required' });
  }
  if (details.length > 0) throw new ApiError('VALIDATION_FAILED', { details });
  return { contractNumber, postalCode, nameKey };
}

/** The contract and billing group all three match, or CUSTOMER_NOT_FOUND (`指定の顧客は存在しません。`). */
export async function matchCustomer(repos: Repositories, input: CustomerInput): Promise<{ contract: ContractRecord; group: BillingGroupRecord }> {
  const { contractNumber, postalCode, nameKey } = normalizeCustomerInput(input);
  const contract = await repos.billingGroups.contract(contractNumber);
  const nameMatches = (c: ContractRecord) => customerNameKey(c.customerName) === nameKey || customerNameKey(c.customerKana) === nameKey;
  const group = contract && (await repos.billingGroups.get(contract.billingGroupId));
  if (!contract || !group || contract.registeredAddress.postalCode !== postalCode || !nameMatches(contract)) {
    throw new ApiError('CUSTOMER_NOT_FOUND');
  }
  return { contract, group };
}
