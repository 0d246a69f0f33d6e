import { linkToken, type RegistrationCompleted, type RegistrationLink, type RegistrationStarted } from '@mypage/api/contract';
import * as check from '../normalize.js';
import type { RequestOptions, Transport } from '../transport.js';

export interface RegistrationStartInput {
  email: string;
  /** R-FMT-4: `2N` prefix, full-width digits and hyphens accepted. */
  contractNumber: string;
  /** R-FMT-5: `100-0001` accepted. */
  postalCode: string;
  /** R-FMT-6: listed 法人格 are ignored by the server's matching. */
  customerName: string;
  /** R-REG-2: must be true. */
  agreeToTerms: boolean;
}

export interface RegistrationCompleteInput {
  accessId: string;
  temporaryPassword: string;
  /** R-FMT-2, checked before sending. */
  newPassword: string;
}

/** 初回登録 (R-REG). */
export class RegistrationResource {
  constructor(private readonly t: Transport) {}

  /** R-REG-2..4: the server mails the registration URL, the access ID and a temporary password. */
  async start(input: RegistrationStartInput, options?: RequestOptions): Promise<RegistrationStarted> {
    const body = {
      email: input.email.trim(),
      contractNumber: check.contractNumber(input.contractNumber),
      postalCode: check.postalCode(input.postalCode),
      customerName: input.customerName,
      agreeToTerms: input.agreeToTerms,
    };
    return this.t.json('registrationStart', { body }, options);
  }

  /** Is this registration link (URL from the mail, or its token) still valid? (R-REG-4, 10 days) */
  async check(tokenOrUrl: string, options?: RequestOptions): Promise<RegistrationLink> {
    return this.t.json('registrationLink', { params: { token: linkToken(tokenOrUrl) } }, options);
  }

  /** R-REG-5: access ID + temporary password, then the real password. */
  async complete(tokenOrUrl: string, input: RegistrationCompleteInput, options?: RequestOptions): Promise<RegistrationCompleted> {
    const body = {
      accessId: check.accessId(input.accessId),
      temporaryPassword: input.temporaryPassword.trim(),
      newPassword: check.password(input.newPassword),
    };
    return this.t.json('registrationComplete', { params: { token: linkToken(tokenOrUrl) }, body }, options);
  }
}
