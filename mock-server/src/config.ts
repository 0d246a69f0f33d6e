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
}

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    dev: false,
    publicUrl: 'http://localhost:8787',
    operatorToken: 'operator-test-token',
    bodyLimitBytes: 64 * 1024,
    sessionIdleMs: 10 * 60_000,
    version: '0.1.0',
    ...overrides,
  };
}
