import { createApp, type App } from '../app.js';
import { FakeClock } from '../clock.js';
import { defaultConfig, type ServerConfig } from '../config.js';
import type { DocumentRenderer } from '../pdf/renderer.js';
import type { CaptchaVerifier, Hasher } from '../domain/ports.js';
import { scryptHasher, TEST_SCRYPT } from '../infra/secrets.js';
import { Outbox } from '../mail/mailer.js';
import { seedDemo } from '../seed/demo.js';
import { MemoryEngine } from '../store/memory/engine.js';
import { emptyData, type Data } from '../store/schema.js';

/** Accepts any token: tests of the rest of the app need no robot check. */
export const acceptAllCaptcha: CaptchaVerifier = {
  info: () => ({ provider: 'none' }),
  verify: async () => true,
};

/**
 * scrypt at a cost of microseconds: the code path of production, not its price (one test,
 * infra/secrets.test.ts, proves the production parameters). One instance, so the demo data is
 * hashed once per test file, not per test.
 */
export const testHasher: Hasher = scryptHasher(TEST_SCRYPT);

export interface SeedEnv {
  clock: FakeClock;
  hasher: Hasher;
}
export type Seed = (data: Data, env: SeedEnv) => void | Promise<void>;

/** The demo data of D-7, hashed with the test hasher. */
export const demoSeed: Seed = (data, env) => seedDemo(data, env.hasher);

export interface TestApp {
  app: App;
  store: MemoryEngine;
  mailer: Outbox;
  clock: FakeClock;
  config: ServerConfig;
  hasher: Hasher;
}

/**
 * An app on a memory store with a fake clock, for `app.request()` tests (no port opened).
 * `seed` fills a data graph that the store loads before the app starts (e.g. `demoSeed`).
 */
export async function createTestApp(
  opts: { seed?: Seed; config?: Partial<ServerConfig>; captcha?: CaptchaVerifier; now?: string; hasher?: Hasher; renderer?: DocumentRenderer } = {},
): Promise<TestApp> {
  const clock = new FakeClock(opts.now ?? '2024-01-15T10:00:00+09:00');
  const hasher = opts.hasher ?? testHasher;
  const data = emptyData();
  if (opts.seed) await opts.seed(data, { clock, hasher });
  const store = await MemoryEngine.create(data);
  const mailer = new Outbox({ clock });
  const config = defaultConfig({ dev: true, ...opts.config });
  const app = createApp({ repos: store, mailer, clock, captcha: opts.captcha ?? acceptAllCaptcha, config, hasher, ...(opts.renderer ? { renderer: opts.renderer } : {}) });
  return { app, store, mailer, clock, config, hasher };
}

/** Everything the test app stores, as one data graph (read-only: change data through the API or the repositories). */
export function storedData(t: TestApp): Promise<Data> {
  return t.store.snapshot();
}
