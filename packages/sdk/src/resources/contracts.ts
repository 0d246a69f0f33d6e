import type { Contract, ContractGroup, ContractSummary } from '@mypage/api/contract';
import * as check from '../normalize.js';
import type { RequestOptions, Transport } from '../transport.js';

/** ご契約内容の確認 (R-CON). */
export class ContractsResource {
  constructor(private readonly t: Transport) {}

  /** The billing group's contracts (R-CON-1/2); `group` picks mediaひかり (`hikari`) or その他 (`other`). */
  async list(query: { group?: ContractGroup } = {}, options?: RequestOptions): Promise<ContractSummary[]> {
    return (await this.t.json('contracts', { query: { group: query.group } }, options)).items;
  }

  /** Details (R-CON-3). Accepts `2N…`, full-width and hyphenated numbers (R-FMT-4). */
  async get(contractNumber: string, options?: RequestOptions): Promise<Contract> {
    return this.t.json('contract', { params: { contractNumber: check.contractNumber(contractNumber) } }, options);
  }
}
