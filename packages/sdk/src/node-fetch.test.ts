import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { MyPageClient, NetworkError, TimeoutError, UnexpectedResponseError } from './index.js';
import { nodeFetch } from './node-fetch.js';
import { rejection } from './testing/handlers.js';
import { contractSummary, session } from './testing/fixtures.js';

/*
 * The default transport (node:http) against real servers on 127.0.0.1: what a fetch would answer,
 * and the failures the error model maps (transport.ts / download.ts turn them into typed errors).
 */

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the node:http transport', () => {
  it('sends method, headers and body, and answers status, headers (case-insensitive) and text', async () => {
    let seen: { method?: string; type?: string; length?: string; body: string } = { body: '' };
    const url = await listen((req, res) => {
      req.setEncoding('utf8');
      req.on('data', (c: string) => (seen.body += c));
      req.on('end', () => {
        seen = { ...seen, method: req.method!, type: req.headers['content-type']!, length: req.headers['content-length']! };
        res.writeHead(201, { 'X-Request-Id': 'req-9', 'content-type': 'application/json' });
        res.end('{"名前":"太郎"}');
      });
    });
    const body = JSON.stringify({ text: '問い合わせ' });
    const response = await nodeFetch(`${url}/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: new AbortController().signal });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.headers.get('x-request-id')).toBe('req-9');
    expect(response.headers.get('X-REQUEST-ID')).toBe('req-9');
    expect(response.headers.get('etag')).toBeNull();
    expect(await response.text()).toBe('{"名前":"太郎"}');
    expect(seen).toEqual({ method: 'POST', type: 'application/json', length: String(Buffer.byteLength(body)), body });
  });

  it('a JSON answer cut short (fewer bytes than Content-Length) is NetworkError, not a parse error', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"items":[', () => setTimeout(() => res.socket?.destroy(), 20));
    });
    const error = await rejection(new MyPageClient({ baseUrl: url, session, retries: 0 }).contracts.list());
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).not.toBeInstanceOf(UnexpectedResponseError);
  });

  it('a server that never answers ends in TimeoutError at timeoutMs', async () => {
    const url = await listen(() => undefined);
    const error = await rejection(new MyPageClient({ baseUrl: url, session, retries: 0, timeoutMs: 100 }).contracts.list());
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('reads a real answer through the client (schema-checked) and reuses the keep-alive connection', async () => {
    const peers = new Set<number>();
    const url = await listen((req, res) => {
      peers.add(req.socket.remotePort!);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [contractSummary] }));
    });
    const client = new MyPageClient({ baseUrl: url, session });
    expect(await client.contracts.list()).toEqual([contractSummary]);
    expect(await client.contracts.list()).toHaveLength(1);
    expect(peers.size).toBe(1);
  });

  it('a 204 answer (logout, deleting a user) resolves at once, and the connection is reused after it', async () => {
    const peers = new Set<number>();
    const url = await listen((req, res) => {
      peers.add(req.socket.remotePort!);
      res.writeHead(204);
      res.end();
    });
    const client = new MyPageClient({ baseUrl: url, session, retries: 0, timeoutMs: 2_000 });
    await expect(client.users.delete('usr_1')).resolves.toBeUndefined();
    await expect(client.auth.logout()).resolves.toBeUndefined();
    expect(peers.size).toBe(1);
  });

  it('an idle keep-alive connection does not keep the process alive (the program exits at once)', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [contractSummary] }));
    });
    // the server would keep the idle connection for a minute
    servers[0]!.keepAliveTimeout = 60_000;
    const index = fileURLToPath(new URL('./index.ts', import.meta.url));
    const script = `const { MyPageClient } = await import(${JSON.stringify(index)});
      const c = new MyPageClient({ baseUrl: ${JSON.stringify(url)}, session: ${JSON.stringify(session)} });
      const list = await c.contracts.list();
      console.log(list.length);`;
    const started = Date.now();
    const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], { timeout: 30_000 });
    expect(stdout.trim()).toBe('1');
    // a held connection would keep the child for the server's 60 s
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 40_000);
});
