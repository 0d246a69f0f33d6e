import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from './app.js';
import { FakeClock } from './clock.js';
import type { Outbox } from './mail/mailer.js';
import { startServer } from './main.js';
import { DEMO } from './seed/demo.js';
import { createTestApp, demoSeed, testHasher } from './testing/index.js';

/*
 * The testing kit for apps that use the SDK (`@mypage/mock-server/testing`): the reference server
 * itself, on the demo data (D-7), in dev mode (the dev mailbox of D-4 gives the OTPs), with a clock
 * the test moves (R-FMT-10). Nothing here is a stand-in: it is the same app `mypage-server` runs.
 */

export { DEMO, FakeClock };

/** Where the demo data's clock starts: a month the demo bills and call records cover. */
export const DEMO_NOW = '2024-01-15T10:00:00+09:00';

export interface TestServerOptions {
  /** The server's "now" at start (default {@link DEMO_NOW}); move it with `clock`. */
  now?: string | Date;
  /** Load the demo data (default true). */
  demo?: boolean;
  /** Keep the database here (default: a temporary folder, removed by `close()`). */
  dataDir?: string;
}

export interface TestServer {
  /** e.g. `http://127.0.0.1:40123`: pass it as the SDK's `baseUrl`. */
  url: string;
  port: number;
  /** The server's clock: `clock.advanceMinutes(11)` expires an idle session (D-3). */
  clock: FakeClock;
  /** The back-office bearer token (docs/back-office.md). */
  operatorToken: string;
  close(): Promise<void>;
}

/** Starts the reference server in this process on 127.0.0.1 and a free port. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'mypage-test-server-')));
  const clock = new FakeClock(options.now ?? DEMO_NOW);
  const running = await startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    dev: true,
    demo: options.demo ?? true,
    captcha: { mode: 'none' },
    operatorToken: randomBytes(16).toString('hex'),
    clock,
    logger: silentLogger,
    // the production code path at a test's price: scrypt N=16 instead of 2^17 (128 MiB, ~0.4 s a hash)
    hasher: testHasher,
  });
  return {
    url: running.url,
    port: running.port,
    clock,
    operatorToken: running.operatorToken,
    async close() {
      await running.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The `fetch` shape the SDK's `fetch` option takes. */
export type TestFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface InProcessServer {
  /** Give it to the SDK: `new MyPageClient({ baseUrl: 'http://mypage.test', fetch })`; no port is opened. */
  fetch: TestFetch;
  clock: FakeClock;
  /** The mails the server "sent" (also readable through the dev mailbox). */
  outbox: Outbox;
}

/** The reference app on a memory store, answering a `fetch` directly (any origin works). */
export async function createInProcessServer(options: Omit<TestServerOptions, 'dataDir'> = {}): Promise<InProcessServer> {
  const { app, clock, mailer } = await createTestApp({
    now: options.now instanceof Date ? options.now.toISOString() : (options.now ?? DEMO_NOW),
    ...(options.demo === false ? {} : { seed: demoSeed }),
  });
  const fetch: TestFetch = async (input, init) => app.fetch(new Request(input, init));
  return { fetch, clock, outbox: mailer };
}
