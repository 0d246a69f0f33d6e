import type { CaptchaInfo } from '@mypage/api';

/**
 * The robot check of the login (R-LOGIN-2, R-LOGIN-6): pluggable. Implementations live in
 * domain/captcha.ts (`none` for dev, `test` with a configured token, `recaptcha` against a verify URL).
 */
export interface CaptchaVerifier {
  /** What a client needs to know to produce a token (sent with the login challenge). */
  info(): CaptchaInfo;
  /** true when the token proves a human (or, in `none` mode, always). */
  verify(token: string | undefined, remoteIp?: string): Promise<boolean>;
}
