import { isIP } from 'node:net';
import type { ServerConfig } from '../config.js';
import { DEFAULT_RATE_LIMITS, parseRateLimit, RATE_LIMIT_NAMES, type RateLimitName, type RateLimits } from './limits.js';

/* The server flags of the security settings (main.ts adds them to its own). */

export const SECURITY_USAGE = `  --rate-limit NAME=N/T    limit of the endpoints anyone can call, repeatable; NAME is one of
                           ${RATE_LIMIT_NAMES.join(', ')};
                           T like 30s, 15m, 1h; "off" turns it off (see docs/security.md)
  --trust-proxy ADDR       believe X-Forwarded-For from this proxy address (repeatable; default: nobody)
  --hash-concurrency N     password hashes computed at once (default 2)
  --hash-queue N           password hashes waiting at most before 503 (default 16)
`;

export const SECURITY_FLAGS = {
  'rate-limit': { type: 'string', multiple: true },
  'trust-proxy': { type: 'string', multiple: true },
  'hash-concurrency': { type: 'string' },
  'hash-queue': { type: 'string' },
} as const;

export type SecuritySettings = Pick<ServerConfig, 'rateLimits' | 'trustedProxies' | 'hashing'>;

/** Flag values → settings; throws Error with a message for the user on anything wrong. */
export function parseSecurityFlags(v: { 'rate-limit'?: string[]; 'trust-proxy'?: string[]; 'hash-concurrency'?: string; 'hash-queue'?: string }): SecuritySettings {
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
  return {
    rateLimits,
    trustedProxies,
    hashing: { concurrency: count('hash-concurrency', v['hash-concurrency'], 2, 1), waiting: count('hash-queue', v['hash-queue'], 16, 0) },
  };
}
