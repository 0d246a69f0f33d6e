import type { CaptchaVerifier } from './captcha.js';
import { createApp, type App } from './app.js';
import { FakeClock } from './clock.js';
import { defaultConfig, type ServerConfig } from './config.js';
import { Outbox } from './mail/mailer.js';
import type { Data } from './store/schema.js';
import { Store } from './store/store.js';

/** Accepts any token: tests of the rest of the app need no robot check. */
export const acceptAllCaptcha: CaptchaVerifier = {
  info: () => ({ provider: 'none' }),
  verify: async () => true,
};

export interface TestApp {
  app: App;
  store: Store;
  mailer: Outbox;
  clock: FakeClock;
  config: ServerConfig;
}

/**
 * An app on a memory store with a fake clock, for `app.request()` tests (no port opened).
 * `seed` fills the store before the app starts (e.g. the demo data of D-7).
 */
export async function createTestApp(
  opts: { seed?: (data: Data, clock: FakeClock) => void | Promise<void>; config?: Partial<ServerConfig>; captcha?: CaptchaVerifier; now?: string } = {},
): Promise<TestApp> {
  const clock = new FakeClock(opts.now ?? '2024-01-15T10:00:00+09:00');
  const store = await Store.memory();
  if (opts.seed) {
    const seed = opts.seed;
    await store.update(async (d) => seed(d, clock));
  }
  const mailer = new Outbox({ clock });
  const config = defaultConfig({ dev: true, ...opts.config });
  const app = createApp({ store, mailer, clock, captcha: opts.captcha ?? acceptAllCaptcha, config });
  return { app, store, mailer, clock, config };
}
