import { createHash, hash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
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

/**
 * What the server runs with: OWASP's scrypt minimum (N=2^17, r=8, p=1), 128 MiB and about
 * 0.4 s a hash on a 2020s core (docs/security.md has the login latency it gives). Hashes made at
 * a lower cost still verify and are re-hashed at the next right password (domain/login.ts).
 */
export const PRODUCTION_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1, keylen: 32 };
/** For unit tests only: the same code path, a cost of microseconds. */
export const TEST_SCRYPT: ScryptParams = { N: 16, r: 1, p: 1, keylen: 32 };
/** A stored hash asking for more memory than this is refused (false), never computed. */
export const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

/** The bytes scrypt allocates for a cost (OpenSSL's check: 128·r·(N + p + 2)): 128 MiB at N=2^17, r=8. */
export function scryptMemory(cost: { N: number; r: number; p: number }): number {
  return 128 * cost.r * (cost.N + cost.p + 2);
}

function scryptAsync(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: scryptMemory(params) }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * The N of the extra scrypt runs that bring a check of a hash made at `stored` cost up to the work
 * of one at `current` cost (work ∝ N·r·p): a wrong password on an account not yet re-hashed must
 * take as long as one on an access ID that does not exist, which is checked against a dummy hash
 * at the current cost (V6.3.8). The powers of two of the missing work, at the current r and p;
 * parts below 1/64 of the current N are left out (≤ 1.6 % short). Empty when nothing is missing.
 */
export function paddingRuns(stored: { N: number; r: number; p: number }, current: ScryptParams): number[] {
  const unit = current.r * current.p;
  let missing = Math.floor((current.N * unit - stored.N * stored.r * stored.p) / unit);
  const floor = Math.max(2, current.N / 64);
  const runs: number[] = [];
  for (let n = 2 ** Math.floor(Math.log2(Math.max(missing, 1))); n >= floor && missing > 0; n /= 2) {
    if (missing >= n) {
      runs.push(n);
      missing -= n;
    }
  }
  return runs;
}

const PADDING_SALT = Buffer.alloc(16);

/**
 * scrypt hashes as `scrypt$N$r$p$salt$hash` (base64url parts). New hashes use `params`; a stored
 * hash is checked with the parameters written in it, so a store hashed at another cost still works,
 * and a check of a cheaper hash is padded to the work of the current cost (`paddingRuns`).
 */
export function scryptHasher(params: ScryptParams = PRODUCTION_SCRYPT): Hasher {
  if (scryptMemory(params) > MAX_SCRYPT_MEMORY) throw new Error(`scrypt N=${params.N} r=${params.r} needs more than ${MAX_SCRYPT_MEMORY} bytes`);
  return {
    async hash(secret) {
      const salt = randomBytes(16);
      const key = await scryptAsync(secret, salt, params);
      return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
    },
    async verify(secret, stored) {
      if (!stored) return false;
      const [, , , , saltText, keyText] = stored.split('$');
      const cost = scryptCostOf(stored);
      if (!cost || !saltText || !keyText || scryptMemory(cost) > MAX_SCRYPT_MEMORY) return false;
      const expected = Buffer.from(keyText, 'base64url');
      if (expected.length === 0) return false;
      const actual = await scryptAsync(secret, Buffer.from(saltText, 'base64url'), { ...cost, keylen: expected.length });
      for (const N of paddingRuns(cost, params)) await scryptAsync(secret, PADDING_SALT, { ...params, N });
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
    needsRehash: (stored) => needsRehash(stored, params),
  };
}

export function sha256(text: string): string {
  // one-shot: a quarter of createHash().update().digest()'s CPU (every signed-in request hashes its token)
  return hash('sha256', text, 'hex');
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
  const valid = kind === 'scrypt' && [cost.N, cost.r, cost.p].every((x) => Number.isSafeInteger(x) && x > 0) && cost.N > 1 && (cost.N & (cost.N - 1)) === 0;
  return valid ? cost : null;
}

/** True when `stored` was made at a lower cost than `params` (re-hash it at the next right password). */
export function needsRehash(stored: string, params: ScryptParams = PRODUCTION_SCRYPT): boolean {
  const cost = scryptCostOf(stored);
  return cost !== null && (cost.N < params.N || cost.r < params.r || cost.p < params.p);
}
