import type { RequestOptions, Transport } from '../transport.js';
import type { CorporateDesignation, Health, Terms } from '../types.js';

/** Public, unauthenticated endpoints. */
export class MetaResource {
  constructor(private readonly t: Transport) {}

  /** Liveness and version; `dev` tells whether the dev mailbox exists. */
  async health(options?: RequestOptions): Promise<Health> {
    return this.t.json('health', {}, options);
  }

  /** 利用規約 (R-REG-2). */
  async terms(options?: RequestOptions): Promise<Terms> {
    return this.t.json('terms', {}, options);
  }

  /** 登録済みの法人格, ignored when names are matched (R-FMT-6). */
  async corporateDesignations(options?: RequestOptions): Promise<CorporateDesignation[]> {
    return (await this.t.json('corporateDesignations', {}, options)).items;
  }
}
