import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/*
 * Who is calling, for per-client limits. The socket's peer address, unless that peer is one of the
 * configured proxies (`--trust-proxy ADDR`): then `X-Forwarded-For` is read from the right, and the
 * first address that is not a trusted proxy is the client. Without configured proxies the header
 * is ignored — anyone can write it, so believing it would let a client pick a fresh identity per
 * request.
 */

/** `::ffff:127.0.0.1` → `127.0.0.1`, lower case: one spelling per address. */
export function canonicalAddress(address: string): string {
  const a = address.trim().toLowerCase();
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trustedProxies: readonly string[]): string {
  if (!peer) return 'unknown';
  const trusted = new Set(trustedProxies.map(canonicalAddress));
  let client = canonicalAddress(peer);
  if (!trusted.has(client) || !forwardedFor) return client;
  const hops = forwardedFor.split(',').map((h) => h.trim()).filter((h) => h.length > 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    client = canonicalAddress(hops[i]!);
    if (!trusted.has(client)) return client;
  }
  return client;
}

/** The caller of this request (`unknown` under `app.request()` without a socket). */
export function requestClient(c: Context, trustedProxies: readonly string[]): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined;
  }
  return clientAddress(peer, c.req.header('x-forwarded-for'), trustedProxies);
}
