import { createHash } from 'node:crypto';
import { normalizeContractNumber, routes, type ApiRoute, type ErrorCode } from '@mypage/api';
import type { Context } from 'hono';
import { ApiError } from '../errors.js';
import { requestClient } from './client-address.js';
import type { RateLimiter } from './rate-limiter.js';

/*
 * Limits on the endpoints anyone can call that send mail or match customer data (registration,
 * recovery) or check a password or an OTP (login). Without them one client could send thousands
 * of mails to one address, or try every postal code of a known contract number.
 *
 * - per address: requests naming one email address (whoever sends them) — mails per address;
 * - per contract: requests naming one contract number — guesses of its postal code or name;
 * - per client: requests from one client address (security/client-address.ts).
 *
 * Every request counts, matched or not, so a refusal says nothing about what is registered.
 * A refused request answers 429 with `Retry-After` and the error envelope, before the handler runs.
 */

export const RATE_LIMIT_NAMES = ['mail-per-address', 'mail-per-client', 'match-per-contract', 'match-per-client', 'login-per-client'] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}
/** `null`: that limit is off. */
export type RateLimits = Record<RateLimitName, RateLimitRule | null>;

const HOUR = 60 * 60_000;
export const DEFAULT_RATE_LIMITS: RateLimits = {
  'mail-per-address': { limit: 5, windowMs: HOUR },
  'mail-per-client': { limit: 30, windowMs: HOUR },
  'match-per-contract': { limit: 10, windowMs: HOUR },
  'match-per-client': { limit: 30, windowMs: HOUR },
  'login-per-client': { limit: 100, windowMs: 15 * 60_000 },
};

type Body = Record<string, unknown>;
interface Check {
  name: RateLimitName;
  /** The value the limit is counted on; absent: the client's address. */
  of?: (body: Body) => string | undefined;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const email = (b: Body) => text(b.email)?.trim().toLowerCase();
const contract = (b: Body) => {
  const v = text(b.contractNumber);
  return v === undefined ? undefined : normalizeContractNumber(v);
};

/** Which limits guard which route (per client first, so a flood is stopped before it counts against an address). */
export const GUARDED_ROUTES: readonly { route: ApiRoute; checks: readonly Check[] }[] = [
  { route: routes.registrationStart, checks: [{ name: 'match-per-client' }, { name: 'mail-per-client' }, { name: 'match-per-contract', of: contract }, { name: 'mail-per-address', of: email }] },
  { route: routes.recoverAccessId, checks: [{ name: 'mail-per-client' }, { name: 'mail-per-address', of: email }] },
  { route: routes.recoverPassword, checks: [{ name: 'mail-per-client' }, { name: 'mail-per-address', of: email }] },
  { route: routes.recoverEmail, checks: [{ name: 'match-per-client' }, { name: 'match-per-contract', of: contract }] },
  { route: routes.login, checks: [{ name: 'login-per-client' }] },
  { route: routes.verifyOtp, checks: [{ name: 'login-per-client' }] },
  { route: routes.registrationComplete, checks: [{ name: 'login-per-client' }] },
  { route: routes.resetPassword, checks: [{ name: 'login-per-client' }] },
];

const CODES: Record<RateLimitName, ErrorCode> = {
  'mail-per-address': 'MAIL_RATE_LIMITED',
  'mail-per-client': 'RATE_LIMITED',
  'match-per-contract': 'MATCH_RATE_LIMITED',
  'match-per-client': 'RATE_LIMITED',
  'login-per-client': 'RATE_LIMITED',
};

/** Keys are hashed: no limiter engine ever holds an address, a contract number or an IP. */
const keyOf = (name: RateLimitName, value: string) => createHash('sha256').update(`${name}\u0000${value}`).digest('base64url');

export interface LimitOptions {
  limiter: RateLimiter;
  limits: RateLimits;
  trustedProxies: readonly string[];
}

/**
 * The middleware for one guarded route: throws ApiError (429) when a limit is reached. A request
 * whose body does not pass the route's schema is not counted — validation answers it (400) and it
 * does no work — so a typo never uses up a customer's tries.
 */
export function limitMiddleware(route: ApiRoute, checks: readonly Check[], opts: LimitOptions) {
  const schema = route.request?.body?.content['application/json']?.schema;
  return async (c: Context, next: () => Promise<void>) => {
    let body: Body = {};
    if (schema) {
      const parsed = schema.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) return next();
      body = parsed.data as Body;
    }
    for (const check of checks) {
      const rule = opts.limits[check.name];
      if (!rule) continue;
      const value = check.of ? check.of(body) : requestClient(c, opts.trustedProxies);
      if (value === undefined) continue;
      const decision = await opts.limiter.hit(keyOf(check.name, value), rule.limit, rule.windowMs);
      if (!decision.allowed) throw new ApiError(CODES[check.name], { retryAfter: decision.retryAfterSeconds });
    }
    await next();
  };
}

/** What `s`, `m`, `h` mean in the duration flags (`--rate-limit`, `--session-lifetime`). */
export const DURATION_UNIT_MS = { s: 1000, m: 60_000, h: HOUR } as const;

/** `5/1h`, `100/15m`, `off` → a rule (flags `--rate-limit NAME=…`); throws on anything else. */
export function parseRateLimit(spec: string): RateLimitRule | null {
  if (spec === 'off') return null;
  const m = /^(\d{1,7})\/(\d{1,5})(s|m|h)$/.exec(spec);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) throw new Error(`rate limit must look like 5/1h, 100/15m, 10/30s or off (got "${spec}")`);
  const unit = DURATION_UNIT_MS[m[3] as keyof typeof DURATION_UNIT_MS];
  return { limit: Number(m[1]), windowMs: Number(m[2]) * unit };
}
