import http, { type Agent as HttpAgent, type IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import type { FetchInit, FetchResponse } from './transport.js';

/*
 * The SDK's default transport: one request on `node:http` (or `node:https`), answered in the shape
 * the SDK reads of a fetch `Response`. Node's own `fetch` compiles its bundled undici on the first
 * call of a process (≈ 100–200 ms, more than the rest of a CLI command); `node:http` is part of
 * Node's start-up snapshot. The SDK's error model sits above this seam (transport.ts, download.ts):
 * here a failure only has to be an Error carrying the system code (`ECONNREFUSED`, `ECONNRESET`)
 * or, once the signal has fired, anything — the transport turns it into AbortError/TimeoutError.
 *
 * Keep-alive: one agent per protocol for the process. Node's agent unreferences an idle socket
 * (Agent#keepSocketAlive), so a finished program exits at once, as with the global fetch.
 */

let httpAgent: HttpAgent | undefined;
let httpsModule: Promise<typeof import('node:https')> | undefined;
let httpsAgent: HttpsAgent | undefined;

type Request = (url: URL, options: http.RequestOptions) => http.ClientRequest;

/** `request` is read from the module object at each call (an interceptor such as msw's patches it there). */
async function transportFor(protocol: string): Promise<{ agent: HttpAgent | HttpsAgent; request: Request }> {
  if (protocol === 'https:') {
    // TLS loads only for an https server; the module object (`default`), whose `request` a patch reaches
    const mod = await (httpsModule ??= import('node:https'));
    const https = (mod as unknown as { default?: typeof mod }).default ?? mod;
    const agent = (httpsAgent ??= new https.Agent({ keepAlive: true }));
    return { agent, request: (url, options) => https.request(url, options) };
  }
  httpAgent ??= new http.Agent({ keepAlive: true });
  return { agent: httpAgent, request: (url, options) => http.request(url, options) };
}

/** A header of the answer, as `Headers#get` gives it (case-insensitive; repeated ones joined). */
function headerOf(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** The body ended before `Content-Length` / the last chunk: the connection broke off. */
function cutShort(): Error & { code: string } {
  return Object.assign(new Error('terminated: the connection closed before the end of the body'), { code: 'ECONNRESET' });
}

/** `fetch(url, init)` on `node:http`: resolves at the answer's headers; the body streams. */
export async function nodeFetch(url: string, init: FetchInit): Promise<FetchResponse> {
  const target = new URL(url);
  const { agent, request } = await transportFor(target.protocol);
  const signal = init.signal;
  if (signal.aborted) throw signal.reason;
  return new Promise<FetchResponse>((resolve, reject) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    let res: IncomingMessage | undefined;
    const req = request(target, { method: init.method, headers, agent });
    const onAbort = () => {
      const reason = signal.reason as unknown;
      const error = reason instanceof Error ? reason : new Error('aborted');
      req.destroy(error);
      // a body being read fails too (the stream's error is the signal's reason)
      if (res && !res.destroyed) res.destroy(error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = () => signal.removeEventListener('abort', onAbort);
    // `on`, not `once`: a second error (an abort after a reset) must not become an uncaught one
    req.on('error', (error) => {
      done();
      reject(error);
    });
    req.once('response', (answer) => {
      res = answer;
      // whoever reads the body (text(), the web stream) gets its errors; none is left unhandled
      answer.on('error', () => undefined);
      // a body that stops before its end is an error, not a short answer
      answer.once('aborted', () => answer.destroy(cutShort()));
      answer.once('close', () => {
        done();
        if (!answer.complete && !answer.destroyed) answer.destroy(cutShort());
      });
      resolve(responseOf(answer));
    });
    req.end(init.body);
  });
}

function responseOf(res: IncomingMessage): FetchResponse {
  const status = res.statusCode ?? 0;
  let stream: ReadableStream<Uint8Array> | undefined;
  // 304 (only asked by downloadIfChanged) has no body and nobody reads it: let the socket go back
  // to the pool now (an unread answer would hold it)
  if (status === 304) res.resume();
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name: string) => headerOf(res, name) },
    get body() {
      // created when first asked for (a JSON answer is read with text() and never needs it)
      stream ??= Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>;
      return stream;
    },
    text() {
      return new Promise<string>((resolve, reject) => {
        // already read to its end (a 304): nothing more will come
        if (res.readableEnded) return resolve('');
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () => resolve(new TextDecoder().decode(Buffer.concat(chunks))));
        res.once('error', reject);
        res.once('close', () => {
          if (!res.complete) reject(cutShort());
        });
      });
    },
  };
}
