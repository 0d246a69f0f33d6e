import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  MailWaitTimeoutError,
  MyPageClient,
  MyPageError,
  NetworkError,
  ValidationError,
} from './index.js';
import { BASE_URL, api, session } from './testing/fixtures.js';
import { apiError, createMswServer, rejection } from './testing/handlers.js';

/*
 * One error model: every failure an app can see is a MyPageError subclass. One regression test per
 * case that escaped it (each was reproduced before the fix).
 */

const msw = createMswServer();
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => msw.resetHandlers());
afterAll(() => msw.close());

/** A real HTTP server on 127.0.0.1 (the reset must come from a real socket). */
async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Sends the headers and half a PDF, then resets the connection. */
async function resettingServer() {
  return listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '100000' });
    res.write(Buffer.alloc(1000, 1), () => setTimeout(() => res.socket?.destroy(), 20));
  });
}

/** Sends the headers and a first chunk, then nothing (until the client gives up). */
async function stallingServer() {
  return listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '100000' });
    res.write(Buffer.alloc(1000, 1));
  });
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<void> {
  const reader = stream.getReader();
  for (;;) if ((await reader.read()).done) return;
}

describe('every failure is a MyPageError', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it('reading download.body after the connection resets gives NetworkError, not a raw "TypeError: terminated"', async () => {
    const { url, server } = await resettingServer();
    servers.push(server);
    const client = new MyPageClient({ baseUrl: url, session });
    const download = await client.bills.invoice('2023-10');
    const error = await rejection(drain(download.body));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toBeInstanceOf(MyPageError);
    await client.close();
  });

  it('toNodeStream() after the connection resets emits NetworkError', async () => {
    const { url, server } = await resettingServer();
    servers.push(server);
    const client = new MyPageClient({ baseUrl: url, session });
    const download = await client.bills.invoice('2023-10');
    const stream = download.toNodeStream();
    const error = await new Promise<unknown>((resolve) => {
      stream.on('error', resolve);
      stream.on('end', () => resolve(new Error('ended without an error')));
      stream.resume();
    });
    expect(error).toBeInstanceOf(NetworkError);
    await client.close();
  });

  it('a download aborted with a reason (AbortSignal.timeout()) is AbortError with the reason as cause, not NetworkError', async () => {
    const { url, server } = await stallingServer();
    servers.push(server);
    const client = new MyPageClient({ baseUrl: url, session });
    const signal = AbortSignal.timeout(300);
    const download = await client.bills.invoice('2023-10', { signal });
    const error = await rejection(download.arrayBuffer());
    expect(error).toBeInstanceOf(AbortError);
    expect(error.code).toBe('ABORTED');
    expect((error.cause as Error).name).toBe('TimeoutError');
    await client.close();
  });

  it('a call aborted with any reason is AbortError with that reason as cause', async () => {
    msw.use(http.get(api('/me'), () => new Promise<Response>(() => undefined)));
    const client = new MyPageClient({ baseUrl: BASE_URL, session });
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    const pending = rejection(client.me({ signal: controller.signal }));
    controller.abort(reason);
    const error = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toBe(reason);
  });

  it('dev.latestOtp timing out is MailWaitTimeoutError (not the base class with NOT_FOUND)', async () => {
    msw.use(http.get(api('/dev/mailbox'), () => HttpResponse.json({ items: [] })));
    const client = new MyPageClient({ baseUrl: BASE_URL, sleep: async () => undefined });
    const error = await rejection(client.dev.latestOtp('taro@example.jp', { waitMs: 0 }));
    expect(error).toBeInstanceOf(MailWaitTimeoutError);
    expect(error.code).toBe('MAIL_WAIT_TIMEOUT');
  });

  it('a network error keeps the system code in cause.code (ECONNREFUSED)', async () => {
    const { url, server } = await listen(() => undefined);
    await new Promise((r) => server.close(r)); // the port is now closed
    const client = new MyPageClient({ baseUrl: url, retries: 0 });
    const error = await rejection(client.meta.health());
    expect(error).toBeInstanceOf(NetworkError);
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
    await client.close();
  });
});

describe('inputs the SDK can check are refused before sending', () => {
  it('a malformed OTP (12ab) is refused with ValidationError and does not burn an attempt', async () => {
    let otpRequests = 0;
    msw.use(
      http.post(api('/auth/otp'), () => {
        otpRequests += 1;
        return apiError('OTP_INCORRECT', { attemptsLeft: 4 });
      }),
    );
    const client = new MyPageClient({ baseUrl: BASE_URL });
    const error = await rejection(client.auth.login({ accessId: 'm95au6', password: 'mypage2023', otp: () => '12ab', captcha: async () => 'human' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.details?.[0]?.path).toBe('otp');
    expect(otpRequests).toBe(0);
  });

  it('a malformed OTP is asked again when otpAttempts allows, and the good one logs in', async () => {
    const answers = ['12ab', '１２３４５６'];
    const client = new MyPageClient({ baseUrl: BASE_URL });
    const result = await client.auth.login({
      accessId: 'm95au6',
      password: 'mypage2023',
      otp: (_challenge, context) => {
        if (context.attempt === 2) expect(context.previousError).toBeInstanceOf(ValidationError);
        return answers[context.attempt - 1]!;
      },
      captcha: async () => 'human',
      otpAttempts: 2,
    });
    expect(result.token).toBe(session.token);
  });

  it('months and contract numbers are refused before sending', async () => {
    let requests = 0;
    msw.events.on('request:start', () => {
      requests += 1;
    });
    const client = new MyPageClient({ baseUrl: BASE_URL, session });
    expect(await rejection(client.bills.get('2023-13'))).toBeInstanceOf(ValidationError);
    expect(await rejection(client.contracts.get('XYZ'))).toBeInstanceOf(ValidationError);
    expect(requests).toBe(0);
    msw.events.removeAllListeners();
  });
});

describe('retries that already succeeded', () => {
  it('a DELETE retried after a lost response reports success, not NotFoundError', async () => {
    let calls = 0;
    msw.use(
      http.delete(api('/users/:id'), () => {
        calls += 1;
        // the first DELETE was done by the server, but its answer never arrived
        return calls === 1 ? HttpResponse.error() : apiError('USER_NOT_FOUND');
      }),
    );
    const client = new MyPageClient({ baseUrl: BASE_URL, session, sleep: async () => undefined });
    await expect(client.users.delete('usr_1')).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });

  it('a DELETE of an unknown id with no lost attempt still fails with NotFoundError', async () => {
    msw.use(http.delete(api('/users/:id'), () => apiError('USER_NOT_FOUND')));
    const client = new MyPageClient({ baseUrl: BASE_URL, session });
    const error = await rejection(client.users.delete('usr_x'));
    expect(error.code).toBe('USER_NOT_FOUND');
  });
});
