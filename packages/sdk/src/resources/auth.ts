import { OTP_PATTERN, normalizeOtp, type CaptchaInfo, type LoginChallenge, type Session, type SessionInfo } from '@mypage/api/contract';
import { MyPageError, inputError } from '../errors.js';
import { InteractiveLoginRequiredError } from '../interactive.js';
import * as check from '../normalize.js';
import type { RequestOptions, StoredSession, Transport } from '../transport.js';

export interface SessionHolder {
  get(): StoredSession | null;
  set(session: StoredSession | null): void;
}

export interface OtpPromptContext {
  /** 1 for the first prompt; more when `otpAttempts` allows another try after a wrong OTP. */
  attempt: number;
  /** The OTP_INCORRECT error of the previous try (with `attemptsLeft`). */
  previousError?: MyPageError;
}

export interface LoginInput {
  accessId: string;
  password: string;
  /** R-LOGIN-1: called once the OTP has been mailed; answer the 6 digits (full-width accepted). */
  otp: (challenge: LoginChallenge, context: OtpPromptContext) => string | Promise<string>;
  /** R-LOGIN-2/6: produce a robot-check token for `info` (not needed when `info.provider` is `none`). */
  captcha?: (info: CaptchaInfo) => string | undefined | Promise<string | undefined>;
  /** How many times to ask for the OTP when it is wrong (default 1: no second try). */
  otpAttempts?: number;
}

/** ログイン/ログアウト (R-LOGIN, D-3). */
export class AuthResource {
  constructor(
    private readonly t: Transport,
    private readonly holder: SessionHolder,
  ) {}

  /** Access ID + password → OTP by mail → OTP + robot check → a session, kept in the client. */
  async login(input: LoginInput, options?: RequestOptions): Promise<Session> {
    const body = { accessId: check.accessId(input.accessId), password: input.password };
    if (!body.password) throw check.passwordMissing();
    // D-11: with no way to the OTP, say so before the portal mails one
    if (typeof input.otp !== 'function') throw new InteractiveLoginRequiredError(undefined, 'A one-time password is needed and no way to get it was given: pass an `otp` callback to login() (for a job, an ImapOtpSource from @mypage/sdk/imap).');
    const challenge = await this.t.json('login', { body }, options);
    const captchaToken = input.captcha ? await input.captcha(challenge.captcha) : undefined;
    const attempts = Math.max(1, input.otpAttempts ?? 1);
    let previousError: MyPageError | undefined;
    for (let attempt = 1; ; attempt++) {
      const otp = normalizeOtp(String((await input.otp(challenge, { attempt, ...(previousError ? { previousError } : {}) })) ?? ''));
      // R-FMT-7: a malformed OTP never reaches the server, so it does not use up one of the 5 tries.
      if (!OTP_PATTERN.test(otp)) {
        const malformed = inputError('otp', 'ワンタイムパスワードは6桁の数字で入力してください。', 'The one-time password is 6 digits.');
        if (attempt >= attempts) throw malformed;
        previousError = malformed;
        continue;
      }
      try {
        const session = await this.t.json(
          'verifyOtp',
          { body: { challengeId: challenge.challengeId, otp, ...(captchaToken ? { captchaToken } : {}) } },
          options,
        );
        this.holder.set({ token: session.token, expiresAt: session.expiresAt });
        return session;
      } catch (error) {
        const retry = error instanceof MyPageError && error.code === 'OTP_INCORRECT' && attempt < attempts && (error.attemptsLeft ?? 1) > 0;
        if (!retry) throw error;
        previousError = error;
      }
    }
  }

  /** R-LOGIN-3: ends the session on the server and forgets it here (also when it had already expired). */
  async logout(options?: RequestOptions): Promise<void> {
    if (!this.holder.get()) return;
    try {
      await this.t.empty('logout', { noRenew: true }, options);
    } catch (error) {
      if (!(error instanceof MyPageError && (error.code === 'SESSION_EXPIRED' || error.code === 'AUTH_REQUIRED'))) throw error;
    } finally {
      this.holder.set(null);
    }
  }

  /**
   * Change your own password (R-FMT-2 for the new one). Every session of the account ends on the
   * server; the client carries on with the new session the server answers.
   */
  async changePassword(input: { currentPassword: string; newPassword: string }, options?: RequestOptions): Promise<Session> {
    const session = await this.t.json('changePassword', { body: { currentPassword: input.currentPassword, newPassword: input.newPassword } }, options);
    this.holder.set({ token: session.token, expiresAt: session.expiresAt });
    return session;
  }

  /** D-3: when the session ends if idle; also refreshes `client.session.expiresAt`. */
  async session(options?: RequestOptions): Promise<SessionInfo> {
    const info = await this.t.json('session', {}, options);
    const current = this.holder.get();
    if (current) this.holder.set({ ...current, expiresAt: info.expiresAt });
    return info;
  }
}
