import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import type { Hasher } from '../domain/ports.js';

/*
 * Secrets are stored only as hashes. Passwords, temporary passwords and OTPs (low entropy) use
 * scrypt with a per-secret salt; URL and session tokens (256 random bits) use SHA-256, which is
 * enough for a value nobody can guess and lets the server look them up.
 */

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keylen: number;
}

/** What the server runs with (≈ 80 ms a hash on a 2020s core). */
export const PRODUCTION_SCRYPT: ScryptParams = { N: 16384, r: 8, p: 1, keylen: 32 };
/** For unit tests only: the same code path, a cost of microseconds. */
export const TEST_SCRYPT: ScryptParams = { N: 16, r: 1, p: 1, keylen: 32 };

function scryptAsync(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * scrypt hashes as `scrypt$N$r$p$salt$hash` (base64url parts). New hashes use `params`; a stored
 * hash is checked with the parameters written in it, so a store hashed at another cost still works.
 */
export function scryptHasher(params: ScryptParams = PRODUCTION_SCRYPT): Hasher {
  return {
    async hash(secret) {
      const salt = randomBytes(16);
      const key = await scryptAsync(secret, salt, params);
      return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
    },
    async verify(secret, stored) {
      if (!stored) return false;
      const [kind, n, r, p, saltText, keyText] = stored.split('$');
      if (kind !== 'scrypt' || !saltText || !keyText) return false;
      const stored_ = { N: Number(n), r: Number(r), p: Number(p) };
      if (![stored_.N, stored_.r, stored_.p].every((x) => Number.isInteger(x) && x > 0)) return false;
      const expected = Buffer.from(keyText, 'base64url');
      const actual = await scryptAsync(secret, Buffer.from(saltText, 'base64url'), { ...stored_, keylen: expected.length });
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Compare a presented secret (e.g. the operator token) with the configured one in constant time:
 * both are hashed first, so neither the content nor the length leaks through timing. An empty
 * configured secret matches nothing.
 */
export function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined || expected === '') return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** A URL-safe random token (256 bits). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The registration URL token: 32 upper-case hex chars, as in the guide's sample URL. */
export function randomLinkToken(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

const LOWER_DIGITS = 'abcdefghijklmnopqrstuvwxyz0123456789';
function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** R-FMT-1: 6 lowercase letters/digits. */
export function randomAccessId(): string {
  return randomFrom(LOWER_DIGITS, 6);
}

/** R-FMT-3: 8 half-width alphanumerics with a letter and a digit (`533ne4p3`). */
export function randomTemporaryPassword(): string {
  for (;;) {
    const candidate = randomFrom(LOWER_DIGITS, 8);
    if (/[a-z]/.test(candidate) && /[0-9]/.test(candidate)) return candidate;
  }
}

/** R-FMT-7: 6 digits. */
export function randomOtp(): string {
  return String(randomInt(1_000_000)).padStart(6, '0');
}

export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`;
}

/** The cost a stored hash was made with, or null when it is not an scrypt hash of ours. */
export function scryptCostOf(stored: string): { N: number; r: number; p: number } | null {
  const [kind, n, r, p] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  return kind === 'scrypt' && [cost.N, cost.r, cost.p].every((x) => Number.isInteger(x) && x > 0) ? cost : null;
}

/** True when `stored` was made at a lower cost than `params` (re-hash it at the next right password). */
export function needsRehash(stored: string, params: ScryptParams = PRODUCTION_SCRYPT): boolean {
  const cost = scryptCostOf(stored);
  return cost !== null && (cost.N < params.N || cost.r < params.r || cost.p < params.p);
}
