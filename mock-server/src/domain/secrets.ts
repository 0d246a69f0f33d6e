import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { inHashSlot } from '../security/hash-queue.js';

/*
 * Secrets are stored only as hashes. Passwords, temporary passwords and OTPs (low entropy) use
 * scrypt with a per-secret salt; URL and session tokens (256 random bits) use SHA-256, which is
 * enough for a value nobody can guess and lets the server look them up.
 */

/** The cost of new hashes. Each hash records its own `N`, `r`, `p`, so older ones keep verifying. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
export const SCRYPT: ScryptCost = { N: 16384, r: 8, p: 1 };
const KEYLEN = 32;

function scryptAsync(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node refuses above `maxmem` (32 MiB by default, less than N = 2^17 needs).
  const maxmem = 256 * cost.N * cost.r + 1024 * 1024;
  // At most a few hashes at once per app (security/hash-queue.ts), so logins never starve file I/O.
  return inHashSlot(
    () =>
      new Promise((resolve, reject) =>
        scrypt(secret, salt, KEYLEN, { N: cost.N, r: cost.r, p: cost.p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashSecret(secret: string, cost: ScryptCost = SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** The cost a stored hash was made with, or null when it is not one of ours (or out of sane bounds). */
export function scryptCostOf(stored: string): ScryptCost | null {
  const [kind, n, r, p] = stored.split('$');
  const N = Number(n), R = Number(r), P = Number(p);
  const sane = kind === 'scrypt' && Number.isInteger(N) && N >= 2 ** 10 && N <= 2 ** 20 && (N & (N - 1)) === 0 && Number.isInteger(R) && R >= 1 && R <= 32 && Number.isInteger(P) && P >= 1 && P <= 16;
  return sane ? { N, r: R, p: P } : null;
}

/** True when `stored` was made with a lower cost than `target` (re-hash it at the next right password). */
export function needsRehash(stored: string, target: ScryptCost = SCRYPT): boolean {
  const cost = scryptCostOf(stored);
  return cost !== null && (cost.N < target.N || cost.r < target.r || cost.p < target.p);
}

export async function verifySecret(secret: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [, , , , saltText, keyText] = stored.split('$');
  const cost = scryptCostOf(stored);
  if (!cost || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(saltText, 'base64url'), cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
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

/** `taro@example.jp` → `t***@example.jp` (what the screens show of an address). */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
