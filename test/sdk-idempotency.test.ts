import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MyPageClient, TimeoutError } from '../packages/sdk/src/index.js';
import { DEMO } from '../mock-server/src/seed/demo.js';
import { createTestApp, demoSeed, storedData, type TestApp } from '../mock-server/src/testing/index.js';

/*
 * D-12 end to end: the reference app on a real socket, the SDK with its default fetch. The server
 * does the work of a POST and then the connection breaks before the answer is written; the SDK's
 * retry (same Idempotency-Key) gets the first answer and the server holds exactly one record.
 */

let t: TestApp;
let server: Server;
let url: string;
/** POSTs to this path have their connection cut after the app has answered, this many times. */
let dropAfterHandling = 0;
/** POSTs to this path are held this long after the app has answered (the client times out). */
let holdAfterHandlingMs = 0;

beforeEach(async () => {
  dropAfterHandling = 0;
  holdAfterHandlingMs = 0;
  t = await createTestApp({ seed: demoSeed });
  server = await new Promise<Server>((resolve) => {
    const s = serve(
      {
        hostname: '127.0.0.1',
        port: 0,
        fetch: async (request, env: { incoming: { socket: { destroy(): void } } }) => {
          const response = await t.app.fetch(request, env);
          if (request.method === 'POST' && new URL(request.url).pathname === '/api/v1/inquiries') {
            await response.clone().text(); // the work is done and answered by the app
            if (dropAfterHandling > 0) {
              dropAfterHandling -= 1;
              env.incoming.socket.destroy();
            } else if (holdAfterHandlingMs > 0) {
              const ms = holdAfterHandlingMs;
              holdAfterHandlingMs = 0;
              await new Promise((r) => setTimeout(r, ms));
            }
          }
          return response;
        },
      },
      () => resolve(s as Server),
    ) as Server;
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function loggedIn(options: ConstructorParameters<typeof MyPageClient>[0] = { baseUrl: url }) {
  const client = new MyPageClient({ retryDelayMs: { base: 1, max: 5 }, ...options });
  const { accessId, password, email } = DEMO.groupA.admin;
  await client.auth.login({ accessId, password, otp: () => client.dev.latestOtp(email) });
  return client;
}

const recordsWith = async (subject: string) => (await storedData(t)).inquiries.filter((i) => i.subject === subject);

describe('D-12: a POST whose answer is lost', () => {
  it('retried by the SDK after the connection broke creates exactly one record and returns it', async () => {
    const client = await loggedIn();
    dropAfterHandling = 1;
    const inquiry = await client.inquiries.send({ category: 'other', subject: 'dropped once', body: 'x' });
    expect(dropAfterHandling).toBe(0); // the first answer really was lost
    expect(await recordsWith('dropped once')).toHaveLength(1);
    expect(inquiry.id).toBe((await recordsWith('dropped once'))[0]!.id);
    await client.close();
  });

  it('timed out and retried by the app with its own key creates exactly one record', async () => {
    const client = await loggedIn();
    holdAfterHandlingMs = 1_500;
    const input = { category: 'other', subject: 'timed out once', body: 'x' };
    const key = 'app-order-42';
    const first = await client.inquiries.send(input, { idempotencyKey: key, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(TimeoutError);
    const second = await client.inquiries.send(input, { idempotencyKey: key });
    expect(await recordsWith('timed out once')).toHaveLength(1);
    expect(second.id).toBe((await recordsWith('timed out once'))[0]!.id);
    await client.close();
  });

  it('without a key (idempotencyKey: false) the SDK does not retry a POST', async () => {
    const client = await loggedIn();
    dropAfterHandling = 1;
    const error = await client.inquiries.send({ category: 'other', subject: 'no key', body: 'x' }, { idempotencyKey: false }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('NetworkError');
    expect(await recordsWith('no key')).toHaveLength(1);
    await client.close();
  });
});
