import type { Context } from 'hono';
import { ApiError } from '../errors.js';

/*
 * Two small guards for every `/api/*` request.
 *
 * A GET or HEAD with a body is refused (400 BODY_NOT_ALLOWED) before routing: such a request is
 * malformed (the body has no meaning there, RFC 9110 §9.3.1) and its handler must not run — an
 * invoice PDF costs a quarter of a second of CPU, and a client should not get work done with a
 * request the server then calls bad.
 *
 * Every JSON answer gets `Cache-Control: no-store` unless the route set its own: account data,
 * contracts, bills and the error envelope must not stay in a shared or browser cache.
 */

export async function refuseBodyOnGet(c: Context, next: () => Promise<void>): Promise<void> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') {
    const length = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    if (chunked || (length !== undefined && length.trim() !== '0')) throw new ApiError('BODY_NOT_ALLOWED');
  }
  await next();
}

export async function noStoreJson(c: Context, next: () => Promise<void>): Promise<void> {
  await next();
  const type = c.res.headers.get('content-type') ?? '';
  if (/^application\/(?:[\w.-]+\+)?json/i.test(type) && !c.res.headers.has('cache-control')) c.res.headers.set('Cache-Control', 'no-store');
}
