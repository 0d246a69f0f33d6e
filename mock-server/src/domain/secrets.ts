import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/*
 * Secrets are stored only as hashes. Passwords, temporary passwords and OTPs (low entropy) use
 * scrypt with a per-secret salt; URL and session tokens (256 random bits) use SHA-256, which is
 * enough for a value nobody can guess and lets the server look them up.
 */

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(secret, salt);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [kind, , , , saltText, keyText] = stored.split('$');
  if (kind !== 'scrypt' || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(saltText, 'base64url'));
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
