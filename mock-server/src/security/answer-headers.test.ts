import { createServer, request, type IncomingHttpHeaders, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerResponse, answerServerOptions } from './answer-headers.js';

/*
 * AnswerResponse (answer-headers.ts) puts the front layer's default headers into the head the
 * answer writes: once each, the answer's own header winning whatever its case, in every form
 * Node's writeHead accepts.
 */

type Answer = (res: AnswerResponse) => void;
let answer: Answer = () => undefined;
const server = createServer(answerServerOptions, (_req, res) => answer(res as AnswerResponse));
let port: number;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The raw head of the answer: names as sent, so a header sent twice shows twice. */
function get(respond: Answer): Promise<{ status: number; raw: string[]; headers: IncomingHttpHeaders }> {
  answer = respond;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, raw: res.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()), headers: res.headers }));
    })
      .on('error', reject)
      .end();
  });
}

const DEFAULTS = { 'x-request-id': 'r-1', 'cache-control': 'no-store' };
const withDefaults = (write: (res: AnswerResponse) => void): Answer => (res) => {
  res.setDefaultHeaders(DEFAULTS);
  write(res);
};
const once = (raw: string[]) => expect(new Set(raw).size).toBe(raw.length);

describe('AnswerResponse', () => {
  it('adds the defaults to a head given as an object', async () => {
    const res = await get(withDefaults((r) => r.writeHead(200, { 'Content-Type': 'application/json' }).end('{}')));
    expect(res.headers).toMatchObject({ 'x-request-id': 'r-1', 'cache-control': 'no-store', 'content-type': 'application/json' });
    once(res.raw);
  });

  it("keeps the answer's own Cache-Control, in any case, and sends it once", async () => {
    const res = await get(withDefaults((r) => r.writeHead(200, { 'CACHE-control': 'private, no-store' } as OutgoingHttpHeaders).end('x')));
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-request-id']).toBe('r-1');
    once(res.raw);
  });

  it('adds the defaults to a head given as a list of pairs, with a reason phrase, or with no headers at all', async () => {
    const pairs = await get(withDefaults((r) => r.writeHead(201, ['Cache-Control', 'max-age=0'] as OutgoingHttpHeader[]).end()));
    expect(pairs.status).toBe(201);
    expect(pairs.headers).toMatchObject({ 'x-request-id': 'r-1', 'cache-control': 'max-age=0' });
    once(pairs.raw);
    const reason = await get(withDefaults((r) => r.writeHead(503, 'Busy', { 'retry-after': '5' }).end()));
    expect(reason.headers).toMatchObject({ 'x-request-id': 'r-1', 'cache-control': 'no-store', 'retry-after': '5' });
    const bare = await get(withDefaults((r) => r.end('implicit head')));
    expect(bare.headers).toMatchObject({ 'x-request-id': 'r-1', 'cache-control': 'no-store' });
  });

  it('leaves a header set beforehand with setHeader, and a response without defaults, as Node would', async () => {
    const set = await get(withDefaults((r) => {
      r.setHeader('Cache-Control', 'private');
      r.writeHead(200, { 'content-type': 'text/plain' }).end('x');
    }));
    expect(set.headers).toMatchObject({ 'cache-control': 'private', 'x-request-id': 'r-1', 'content-type': 'text/plain' });
    once(set.raw);
    const plain = await get((r) => r.writeHead(200, { 'content-type': 'text/plain' }).end('x'));
    expect(plain.headers['x-request-id']).toBeUndefined();
    expect(plain.headers['cache-control']).toBeUndefined();
  });
});
