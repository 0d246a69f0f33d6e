import type { Context } from 'hono';
import { ApiError } from '../errors.js';
import { requestHeader } from '../request-headers.js';

/*
 * Two small guards for every `/api/*` request (applied by the app's front layer, security/front.ts).
 *
 * A GET or HEAD with a body is refused (400 BODY_NOT_ALLOWED) before routing: such a request is
 * malformed (the body has no meaning there, RFC 9110 §9.3.1) and its handler must not run — an
 * invoice PDF costs a quarter of a second of CPU, and a client should not get work done with a
 * request the server then calls bad.
 *
 * Every answer gets `Cache-Control: no-store` unless the route set its own: account data,
 * contracts, bills and the error envelope must not stay in a shared or browser cache (downloads
 * set `private, no-store` themselves).
 */

export const NO_STORE = 'no-store';

/** The refusal of a GET or HEAD that carries a body, or undefined (any other request). */
export function bodyNotAllowed(c: Context): ApiError | undefined {
  const method = c.req.method;
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  const length = requestHeader(c, 'content-length');
  const chunked = requestHeader(c, 'transfer-encoding') !== undefined;
  return chunked || (length !== undefined && length.trim() !== '0') ? new ApiError('BODY_NOT_ALLOWED') : undefined;
}
