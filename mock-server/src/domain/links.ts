import { linkToken } from '@mypage/api';
import { randomLinkToken, sha256 } from '../infra/secrets.js';
import type { LinkRecord } from '../store/schema.js';

/*
 * Mailed links: registration (R-REG-4) and password reset (R-LOGIN-5 decision). Valid 10 days,
 * then void; single use; stored only as the SHA-256 of the token. Issuing a new link of a purpose
 * voids the account's earlier unused ones of that purpose (links.issue).
 */

export const LINK_TTL_MS = 10 * 24 * 60 * 60_000;
export type LinkPurpose = LinkRecord['purpose'];

/** A new link record and the plaintext token for the mail. */
export function newLink(accountId: string, purpose: LinkPurpose, now: Date): { record: LinkRecord; token: string; expiresAt: Date } {
  const token = randomLinkToken();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  return { token, expiresAt, record: { tokenHash: sha256(token), accountId, purpose, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString(), usedAt: null } };
}

/** The stored hash of the token a URL or bare token names, or null when it cannot be one. */
export function linkHash(urlOrToken: string): string | null {
  const token = linkToken(urlOrToken);
  return /^[0-9A-F]{32}$/.test(token) ? sha256(token) : null;
}
