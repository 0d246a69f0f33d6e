import type { ServerResponse, IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/*
 * Headers without the WHATWG objects, where the app runs under @hono/node-server (`mypage-server`,
 * the benches): it hands each request Node's IncomingMessage and ServerResponse as `c.env`.
 * `c.req.header()` would build a WHATWG `Headers` from every request header, and `c.header()` or
 * `c.res.headers` a second one for the answer — about as much CPU as the whole of a small read's
 * own work. Under `app.request()` (unit tests) there is no Node message and both fall back to
 * Hono's own calls, with the same outcome.
 */

interface NodeEnv {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/**
 * A request header (`name` in lower case). Node joins a repeated header with ", " as `Headers`
 * does, except for the few it keeps once (Authorization, Content-Length, Host…: the first wins).
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const headers = (c.env as NodeEnv | undefined)?.incoming?.headers;
  if (!headers) return c.req.header(name);
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Node's response of this request, while its head is not written yet; else undefined. Headers set
 * on it with `setHeader` are merged by Node into the head the answer writes, the answer's own
 * headers taking precedence — so what is set here is a default a route can override.
 */
export function nodeResponse(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as NodeEnv | undefined)?.outgoing;
  return outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent ? outgoing : undefined;
}
