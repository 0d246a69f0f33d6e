import type { HashQueueOptions } from './security/hash-queue.js';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './security/limits.js';

/** Server configuration, resolved once by main.ts (flags/environment) or given by a test. */
export interface ServerConfig {
  /** dev mode: dev mailbox, `none` captcha allowed, fault switches, operator token printed. */
  dev: boolean;
  /** Base URL used in mailed links (`<publicUrl>/regist/new/<token>`). */
  publicUrl: string;
  /** Bearer token of the back office (`/api/v1/operator/…`). */
  operatorToken: string;
  /** Largest accepted request body, bytes. */
  bodyLimitBytes: number;
  /** Idle expiry of a session (R-LOGIN-4, D-3). */
  sessionIdleMs: number;
  version: string;
  /** Limits on the endpoints anyone can call (security/limits.ts; `--rate-limit NAME=5/1h`). */
  rateLimits: RateLimits;
  /** Reverse proxies whose `X-Forwarded-For` is believed (`--trust-proxy`); none: the socket's peer is the client. */
  trustedProxies: string[];
  /** Password hashes at once and waiting (security/hash-queue.ts; `--hash-concurrency`, `--hash-queue`). */
  hashing: HashQueueOptions;
}

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    dev: false,
    publicUrl: 'http://localhost:8787',
    operatorToken: 'operator-test-token',
    bodyLimitBytes: 64 * 1024,
    sessionIdleMs: 10 * 60_000,
    version: '0.1.0',
    rateLimits: DEFAULT_RATE_LIMITS,
    trustedProxies: [],
    hashing: { concurrency: 2, waiting: 16 },
    ...overrides,
  };
}
