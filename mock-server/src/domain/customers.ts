import {
  contractNumberProblem,
  customerNameKey,
  customerNameProblem,
  normalizeContractNumber,
  normalizePostalCode,
  postalCodeProblem,
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
  // the messages live in packages/api (checks.ts), so the CLI says the same as each value is typed
  for (const [path, problem] of [
    ['contractNumber', contractNumberProblem(input.contractNumber)],
    ['postalCode', postalCodeProblem(input.postalCode)],
    ['customerName', customerNameProblem(input.customerName)],
  ] as const) {
    if (problem) details.push({ path, message: problem[0], messageEn: problem[1] });
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
