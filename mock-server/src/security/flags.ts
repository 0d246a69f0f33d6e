import { isIP } from 'node:net';
import type { ServerConfig } from '../config.js';
import { PRODUCTION_SCRYPT } from '../infra/secrets.js';
import { DEFAULT_RATE_LIMITS, DURATION_UNIT_MS, parseRateLimit, RATE_LIMIT_NAMES, type RateLimitName, type RateLimits } from './limits.js';

/* The server flags of the security settings (main.ts adds them to its own). */

export const SECURITY_USAGE = `  --rate-limit NAME=N/T    limit of the endpoints anyone can call, repeatable; NAME is one of
                           ${RATE_LIMIT_NAMES.join(', ')};
                           T like 30s, 15m, 1h; "off" turns it off (see docs/security.md)
  --trust-proxy ADDR       believe X-Forwarded-For from this proxy address (repeatable; default: nobody)
  --hash-concurrency N     password hashes computed at once (default 2)
  --hash-queue N           password hashes waiting at most before 503 (default 16)
  --session-lifetime T     a session ends this long after its login however active (default 12h)
  --scrypt-n N             scrypt cost of new password hashes, a power of two from 1024 to 262144
                           (default 131072 = 2^17, 128 MiB each; lower only for tests)
`;

export const SECURITY_FLAGS = {
  'rate-limit': { type: 'string', multiple: true },
  'trust-proxy': { type: 'string', multiple: true },
  'hash-concurrency': { type: 'string' },
  'hash-queue': { type: 'string' },
  'session-lifetime': { type: 'string' },
  'scrypt-n': { type: 'string' },
} as const;

export type SecuritySettings = Pick<ServerConfig, 'rateLimits' | 'trustedProxies' | 'hashing' | 'sessionAbsoluteMs'> & {
  /** scrypt N of new password hashes (r = 8, p = 1); default PRODUCTION_SCRYPT.N */
  scryptN?: number;
};

/** Flag values → settings; throws Error with a message for the user on anything wrong. */
export function parseSecurityFlags(v: { 'rate-limit'?: string[]; 'trust-proxy'?: string[]; 'hash-concurrency'?: string; 'hash-queue'?: string; 'session-lifetime'?: string; 'scrypt-n'?: string }): SecuritySettings {
  const rateLimits: RateLimits = { ...DEFAULT_RATE_LIMITS };
  for (const spec of v['rate-limit'] ?? []) {
    const eq = spec.indexOf('=');
    const name = spec.slice(0, eq) as RateLimitName;
    if (eq < 0 || !RATE_LIMIT_NAMES.includes(name)) throw new Error(`--rate-limit must be NAME=N/T with NAME one of ${RATE_LIMIT_NAMES.join(', ')} (got "${spec}")`);
    rateLimits[name] = parseRateLimit(spec.slice(eq + 1));
  }
  const trustedProxies = v['trust-proxy'] ?? [];
  for (const a of trustedProxies) if (isIP(a) === 0) throw new Error(`--trust-proxy must be an IP address (got "${a}")`);
  const count = (flag: string, text: string | undefined, fallback: number, min: number) => {
    if (text === undefined) return fallback;
    if (!/^\d{1,4}$/.test(text) || Number(text) < min) throw new Error(`--${flag} must be a whole number of at least ${min} (got "${text}")`);
    return Number(text);
  };
  let sessionAbsoluteMs = 12 * DURATION_UNIT_MS.h;
  if (v['session-lifetime'] !== undefined) {
    const m = /^(\d{1,6})(s|m|h)$/.exec(v['session-lifetime']);
    // shorter than the idle expiry would end every session before it could idle out
    if (!m || Number(m[1]) * DURATION_UNIT_MS[m[2] as keyof typeof DURATION_UNIT_MS] < 10 * DURATION_UNIT_MS.m) {
      throw new Error(`--session-lifetime must be a duration of at least 10m, like 8h or 90m (got "${v['session-lifetime']}")`);
    }
    sessionAbsoluteMs = Number(m[1]) * DURATION_UNIT_MS[m[2] as keyof typeof DURATION_UNIT_MS];
  }
  let scryptN = PRODUCTION_SCRYPT.N;
  if (v['scrypt-n'] !== undefined) {
    const n = /^\d{4,6}$/.test(v['scrypt-n']) ? Number(v['scrypt-n']) : 0;
    if (n < 1024 || n > 262_144 || (n & (n - 1)) !== 0) throw new Error(`--scrypt-n must be a power of two from 1024 to 262144 (got "${v['scrypt-n']}")`);
    scryptN = n;
  }
  return {
    scryptN,
    sessionAbsoluteMs,
    rateLimits,
    trustedProxies,
    hashing: { concurrency: count('hash-concurrency', v['hash-concurrency'], 2, 1), waiting: count('hash-queue', v['hash-queue'], 16, 0) },
  };
}
