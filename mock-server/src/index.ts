export { createApp, type App, type AppContext, type AppDeps, type AppEnv, type Logger } from './app.js';
export { FakeClock, systemClock, type Clock } from './clock.js';
export { defaultConfig, type ServerConfig } from './config.js';
export { Outbox, MAIL_FROM, type Mailer, type SentMail } from './mail/mailer.js';
export { Store } from './store/store.js';
export type { CaptchaVerifier } from './captcha.js';
