import { linkToken } from '@mypage/api/contract';
import * as check from '../normalize.js';
import type { RequestOptions, Transport } from '../transport.js';
import type { EmailRecovery, PasswordReset, RecoveryAccepted } from '../types.js';

/** IDまたはパスワードをお忘れの方 / 登録済みメールアドレスをお忘れの方 (R-LOGIN-5). */
export class RecoveryResource {
  constructor(private readonly t: Transport) {}

  /** Mails the access ID to the registered address. */
  async accessId(input: { email: string }, options?: RequestOptions): Promise<RecoveryAccepted> {
    return this.t.json('recoverAccessId', { body: { email: input.email.trim() } }, options);
  }

  /** Mails a password-reset link (10 days, one use). */
  async password(input: { accessId: string; email: string }, options?: RequestOptions): Promise<RecoveryAccepted> {
    const body = { accessId: check.accessId(input.accessId), email: input.email.trim() };
    return this.t.json('recoverPassword', { body }, options);
  }

  /** Sets a new password from the reset link (URL or token). */
  async resetPassword(tokenOrUrl: string, input: { accessId: string; newPassword: string }, options?: RequestOptions): Promise<PasswordReset> {
    const body = { accessId: check.accessId(input.accessId), newPassword: check.password(input.newPassword) };
    return this.t.json('resetPassword', { params: { token: linkToken(tokenOrUrl) }, body }, options);
  }

  /** Forgot the registered address: verifies the customer; the answer says whom to contact. */
  async email(input: { contractNumber: string; postalCode: string; customerName: string }, options?: RequestOptions): Promise<EmailRecovery> {
    const body = {
      contractNumber: check.contractNumber(input.contractNumber),
      postalCode: check.postalCode(input.postalCode),
      customerName: input.customerName,
    };
    return this.t.json('recoverEmail', { body }, options);
  }
}
