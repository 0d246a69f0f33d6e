import { linkToken } from '@mypage/api';
import type { Data, LinkRecord } from '../store/schema.js';
import { randomLinkToken, sha256 } from './secrets.js';

/*
 * Mailed links: registration (R-REG-4) and password reset (R-LOGIN-5 decision). Valid 10 days,
 * then void; single use; stored only as the SHA-256 of the token. Issuing a new link of a purpose
 * voids the account's earlier unused ones of that purpose.
 */

export const LINK_TTL_MS = 10 * 24 * 60 * 60_000;
export type LinkPurpose = LinkRecord['purpose'];

/** Adds a link to `d` (call inside store.update); returns the plaintext token for the mail. */
export function issueLink(d: Data, accountId: string, purpose: LinkPurpose, now: Date): { token: string; expiresAt: Date } {
  const token = randomLinkToken();
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  for (const link of d.links) {
    if (link.accountId === accountId && link.purpose === purpose && link.usedAt === null) link.usedAt = now.toISOString();
  }
  // Forget links that can never be used again.
  d.links = d.links.filter((l) => l.usedAt === null ? new Date(l.expiresAt) > now : now.getTime() - new Date(l.usedAt).getTime() < LINK_TTL_MS);
  d.links.push({ tokenHash: sha256(token), accountId, purpose, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString(), usedAt: null });
  return { token, expiresAt };
}

/** The link a URL or bare token names, if it is unused and not expired (valid until 10 days have passed). */
export function findValidLink(d: Data, urlOrToken: string, now: Date, purpose?: LinkPurpose): LinkRecord | undefined {
  const token = linkToken(urlOrToken);
  if (!/^[0-9A-F]{32}$/.test(token)) return undefined;
  const hash = sha256(token);
  const link = d.links.find((l) => l.tokenHash === hash);
  if (!link || link.usedAt !== null || new Date(link.expiresAt) <= now) return undefined;
  if (purpose !== undefined && link.purpose !== purpose) return undefined;
  return link;
}
