import type { CaptchaInfo } from '@mypage/api';
import type { Clock } from '../clock.js';
import type { ServerConfig } from '../config.js';
import type { Mailer } from '../mail/mailer.js';
import type { Repositories } from '../store/repositories.js';
import type { LoginThrottle } from './throttle.js';
import type { Sessions } from './sessions.js';

/*
 * What the domain depends on — narrow interfaces, all injected by app.ts (createApp) or a test:
 * the clock, the mailer, the password hasher, the robot check and the repositories. The domain
 * never imports app.ts, an engine, or infrastructure (infra/) directly.
 */

export type { Clock, Mailer, Repositories, ServerConfig };

/** Hashes low-entropy secrets (passwords, temporary passwords, OTPs); the cost is the hasher's. */
export interface Hasher {
  hash(secret: string): Promise<string>;
  /** false for a null or malformed stored value */
  verify(secret: string, stored: string | null): Promise<boolean>;
  /** True when `stored` was made at a lower cost than new hashes get (re-hash it at the next right password). */
  needsRehash(stored: string): boolean;
}

/**
 * The robot check of the login (R-LOGIN-2, R-LOGIN-6): pluggable; implementations in
 * infra/captcha.ts (`none` for dev, `test` with a configured token, `recaptcha`).
 */
export interface CaptchaVerifier {
  /** What a client needs to know to produce a token (sent with the login challenge). */
  info(): CaptchaInfo;
  /** true when the token proves a human (or, in `none` mode, always). */
  verify(token: string | undefined, remoteIp?: string): Promise<boolean>;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Everything a domain operation may use. */
export interface DomainContext {
  repos: Repositories;
  clock: Clock;
  mailer: Mailer;
  hasher: Hasher;
  captcha: CaptchaVerifier;
  config: ServerConfig;
  logger: Logger;
  sessions: Sessions;
  loginThrottle: LoginThrottle;
}
