import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { workerRenderer } from './pdf/renderer.js';
import { createApp, type Logger } from './app.js';
import { createAppServer } from './node-server.js';
import { systemClock, type Clock } from './clock.js';
import type { FaultRule } from '@mypage/api';
import { parseFaultRule } from './faults/rules.js';
import { FaultSwitches } from './faults/switches.js';
import { defaultConfig } from './config.js';
import { CAPTCHA_MODES, createCaptchaVerifier, type CaptchaMode, type CaptchaOptions } from './infra/captcha.js';
import type { Hasher } from './domain/ports.js';
import { PRODUCTION_SCRYPT, scryptHasher } from './infra/secrets.js';
import { keepCompiledCode } from './infra/keep-code.js';
import { Outbox } from './mail/mailer.js';
import { createSmtpTransport, isSmtpUrl } from './mail/smtp.js';
import { seedDemo } from './seed/demo.js';
import { dbCommand, describeDatabase, isPostgresUrl } from './db-command.js';
import { JsonEngine } from './store/json/engine.js';
import { PostgresEngine } from './store/postgres/engine.js';
import type { StoreEngine } from './store/repositories.js';
import { emptyData } from './store/schema.js';
import { secureDataDir } from './security/data-dir.js';
import { StoreRateLimiter } from './security/rate-limiter.js';
import { parseSecurityFlags, SECURITY_FLAGS, SECURITY_USAGE, type SecuritySettings } from './security/flags.js';

/*
 * The reference server's entry point (`bin/mypage-server.js`, `mypage server`): flags, listen,
 * graceful shutdown. Everything else is injected into createApp.
 */

export const USAGE = `Usage: mypage-server [options]
       mypage-server db migrate [--database URL]
       mypage-server db copy --from DIR --to URL

The reference backend of the mediaひかり マイページ (see docs/server.md).

Options:
  --port N                 port to listen on (default 8787; 0 = any free port)
  --host HOST              address to listen on (default 127.0.0.1)
  --data DIR               folder for the database and the outbox
                           (default: the per-user data folder, mypage-server)
  --database URL           keep the data in PostgreSQL instead (postgres://user@host:5432/db,
                           or MYPAGE_DATABASE_URL); several servers may share one database
  --dev                    development mode: dev mailbox, captcha "none" allowed, operator token printed
  --demo                   load the demo data (D-7) when the database is empty
  --captcha MODE           robot check: none | test | recaptcha (default none with --dev; required otherwise)
  --captcha-token TOKEN    the token clients must send in "test" mode (or MYPAGE_CAPTCHA_TOKEN)
  --recaptcha-secret S     reCAPTCHA secret (or MYPAGE_RECAPTCHA_SECRET)
  --recaptcha-site-key K   reCAPTCHA site key shown to clients
  --recaptcha-verify-url U verify endpoint (default Google's siteverify)
  --smtp-url URL           also send mails by SMTP (smtp://user:pass@host:587, smtps://…)
  --public-url URL         base URL used in mailed links (default http://HOST:PORT)
  --operator-token TOKEN   back-office bearer token (or MYPAGE_OPERATOR_TOKEN; random in --dev)
  --fault SPEC             dev only, repeatable: '[METHOD ]PATTERN=latency:MS,fail:RATE,drop:RATE,retry:S'
                           e.g. 'GET /api/v1/bills*=latency:200,fail:0.5' (see docs/back-office.md)
  --fault-seed N           seed of the fault switches (same seed, same faults)
${SECURITY_USAGE}  -h, --help               show this help

Commands:
  db migrate               apply the PostgreSQL schema migrations and exit
  db copy --from DIR --to URL
                           copy a data folder (the embedded engine) into an empty PostgreSQL database
`;

export interface ServerOptions {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL instead of the JSON engine in dataDir (D-13); the outbox stays in dataDir. */
  databaseUrl?: string;
  dev: boolean;
  demo: boolean;
  captcha: CaptchaOptions;
  smtpUrl?: string;
  publicUrl?: string;
  operatorToken: string;
  /** Dev-mode fault switches (`--fault`, `--fault-seed`). */
  faults?: { rules: FaultRule[]; seed: number | null };
  clock?: Clock;
  logger?: Logger;
  /** Rate limits, trusted proxies, hashing queue, scrypt cost (security/flags.ts); default: their defaults. */
  security?: SecuritySettings;
  /** The password hasher; default scrypt at `security.scryptN` (the production cost). */
  hasher?: Hasher;
}

export interface RunningServer {
  url: string;
  port: number;
  operatorToken: string;
  close(): Promise<void>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/** The per-user data folder (XDG on Linux, Application Support on macOS, %APPDATA% on Windows). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'mypage-server');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'mypage-server');
  const base = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  return path.join(base, 'mypage-server');
}

/** Flags (and environment) → options. Throws UsageError on anything wrong; `null` for --help. */
export function parseServerArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ServerOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        database: { type: 'string' },
        dev: { type: 'boolean' },
        demo: { type: 'boolean' },
        captcha: { type: 'string' },
        'captcha-token': { type: 'string' },
        'recaptcha-secret': { type: 'string' },
        'recaptcha-site-key': { type: 'string' },
        'recaptcha-verify-url': { type: 'string' },
        'smtp-url': { type: 'string' },
        'public-url': { type: 'string' },
        'operator-token': { type: 'string' },
        fault: { type: 'string', multiple: true },
        'fault-seed': { type: 'string' },
        ...SECURITY_FLAGS,
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return null;

  const port = v.port === undefined ? 8787 : Number(v.port);
  if (!/^\d{1,5}$/.test(v.port ?? '8787') || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (got "${v.port}")`);
  const host = v.host ?? '127.0.0.1';
  if (!host.trim()) throw new UsageError('--host must not be empty');
  const dev = v.dev ?? false;

  const mode = (v.captcha ?? (dev ? 'none' : undefined)) as CaptchaMode | undefined;
  if (mode === undefined) throw new UsageError('--captcha test|recaptcha is required outside --dev (R-LOGIN-6: no robot-check bypass in production)');
  if (!CAPTCHA_MODES.includes(mode)) throw new UsageError(`--captcha must be one of ${CAPTCHA_MODES.join(', ')} (got "${mode}")`);
  if (mode === 'none' && !dev) throw new UsageError('--captcha none is allowed only with --dev (R-LOGIN-6: no robot-check bypass in production)');
  let captcha: CaptchaOptions;
  if (mode === 'test') {
    const token = v['captcha-token'] ?? env.MYPAGE_CAPTCHA_TOKEN;
    if (!token) throw new UsageError('--captcha test needs --captcha-token (or MYPAGE_CAPTCHA_TOKEN)');
    captcha = { mode, token };
  } else if (mode === 'recaptcha') {
    const secret = v['recaptcha-secret'] ?? env.MYPAGE_RECAPTCHA_SECRET;
    const siteKey = v['recaptcha-site-key'];
    if (!secret || !siteKey) throw new UsageError('--captcha recaptcha needs --recaptcha-secret (or MYPAGE_RECAPTCHA_SECRET) and --recaptcha-site-key');
    const verifyUrl = v['recaptcha-verify-url'];
    if (verifyUrl !== undefined && !isHttpUrl(verifyUrl)) throw new UsageError('--recaptcha-verify-url must be an http(s) URL');
    captcha = { mode, secret, siteKey, ...(verifyUrl ? { verifyUrl } : {}) };
  } else {
    captcha = { mode: 'none' };
  }

  const smtpUrl = v['smtp-url'];
  if (smtpUrl !== undefined && !isSmtpUrl(smtpUrl)) throw new UsageError('--smtp-url must look like smtp://host:587 or smtps://user:pass@host:465');
  const publicUrl = v['public-url'];
  if (publicUrl !== undefined && !isHttpUrl(publicUrl)) throw new UsageError('--public-url must be an http(s) URL');

  const operatorToken = v['operator-token'] ?? env.MYPAGE_OPERATOR_TOKEN ?? (dev ? randomBytes(18).toString('base64url') : '');
  if (!dev && !operatorToken) throw new UsageError('--operator-token (or MYPAGE_OPERATOR_TOKEN) is required outside --dev');
  const faults = parseFaultFlags(v.fault ?? [], v['fault-seed'], dev);
  const databaseUrl = v.database ?? (env.MYPAGE_DATABASE_URL || undefined);
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl)) {
    throw new UsageError(`--database${v.database === undefined ? ' (MYPAGE_DATABASE_URL)' : ''} must be a PostgreSQL URL like postgres://user@host:5432/mypage`);
  }
  let security: SecuritySettings;
  try {
    security = parseSecurityFlags(v);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }

  return {
    port,
    host,
    dataDir: path.resolve(v.data ?? defaultDataDir(env)),
    ...(databaseUrl ? { databaseUrl } : {}),
    dev,
    demo: v.demo ?? false,
    captcha,
    ...(smtpUrl ? { smtpUrl } : {}),
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
    operatorToken,
    ...(faults ? { faults } : {}),
    security,
  };
}

/** `--fault` / `--fault-seed` (dev mode only): the fault switches of docs/back-office.md. */
function parseFaultFlags(specs: string[], seedText: string | undefined, dev: boolean): ServerOptions['faults'] | undefined {
  if (specs.length === 0 && seedText === undefined) return undefined;
  if (!dev) throw new UsageError('--fault and --fault-seed work only with --dev');
  if (seedText !== undefined && !/^-?\d{1,10}$/.test(seedText)) throw new UsageError(`--fault-seed must be an integer (got "${seedText}")`);
  try {
    return { rules: specs.map(parseFaultRule), seed: seedText === undefined ? null : Number(seedText) };
  } catch (error) {
    throw new UsageError(`--${(error as Error).message}`);
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A logger for the terminal: one line per event on stderr (never a secret: callers pass none). */
export const stderrLogger: Logger = {
  info: (message, fields) => process.stderr.write(`[mypage-server] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`),
  error: (message, fields) => process.stderr.write(`[mypage-server] error: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`),
};

/** One hasher per cost for the whole process: the demo seed hashes its password once per run (seed/demo.ts). */
const hashers = new Map<number, Hasher>();
function hasherAt(N: number): Hasher {
  let hasher = hashers.get(N);
  if (!hasher) hashers.set(N, (hasher = scryptHasher({ ...PRODUCTION_SCRYPT, N })));
  return hasher;
}

/** Open the store, build the app, listen. The programmatic form of `mypage-server`. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? stderrLogger;
  secureDataDir(options.dataDir); // 0700 folder, 0600 files: hashes and mails (the outbox) are the server's alone
  const hasher = options.hasher ?? hasherAt(options.security?.scryptN ?? PRODUCTION_SCRYPT.N);
  const store: StoreEngine = options.databaseUrl ? await PostgresEngine.open(options.databaseUrl) : await JsonEngine.open(options.dataDir, { logger });
  try {
    if (options.demo && (await store.isEmpty())) {
      const seeded = emptyData();
      await seedDemo(seeded, hasher);
      // Two instances started together on one database: one loads, the other finds it loaded.
      await store.load(seeded).catch(async (error: unknown) => {
        if (await store.isEmpty()) throw error;
      });
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  const smtp = options.smtpUrl ? createSmtpTransport(options.smtpUrl, { onError: (m) => logger.error(m) }) : undefined;
  // Outside dev mode the outbox keeps no secret (mail/mailer.ts); a damaged mail file is set aside, not fatal.
  const outboxWarn = (message: string, fields?: Record<string, unknown>) => logger.error(message, fields);
  const mailer = new Outbox({ clock, dir: path.join(options.dataDir, 'outbox'), ...(smtp ? { smtp } : {}), keepSecrets: options.dev, warn: outboxWarn });
  const { scryptN: _cost, ...security } = options.security ?? {};
  const config = defaultConfig({ dev: options.dev, operatorToken: options.operatorToken, publicUrl: options.publicUrl ?? '', ...security });
  const captcha = createCaptchaVerifier(options.captcha);
  const faults = new FaultSwitches(options.faults ?? {});
  const storeUp = store instanceof PostgresEngine ? () => store.ping() : undefined;
  const renderer = workerRenderer();
  // PostgreSQL: the request limits are counted in the database, shared by every instance on it.
  const rateLimiter = store instanceof PostgresEngine ? new StoreRateLimiter(store.rateWindows, clock) : undefined;
  const app = createApp({ repos: store, mailer, clock, captcha, config, logger, faults, renderer, hasher, ...(storeUp ? { storeUp } : {}), ...(rateLimiter ? { rateLimiter } : {}) });

  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = createAppServer(app, { hostname: options.host });
      s.once('error', reject);
      s.listen(options.port, options.host, () => resolve(s));
    });
  } catch (error) {
    await renderer.close();
    await store.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${hostForUrl}:${port}`;
  if (!options.publicUrl) config.publicUrl = url;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // In-flight requests get a moment to finish; then the rest is cut.
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
      await renderer.close();
      // Wait for every pending write, persist the slid session expiries, release the folder's lock.
      await store.close();
    })();
    return closing;
  };
  return { url, port, operatorToken: options.operatorToken, close };
}

/** `mypage-server [options]`: resolves once listening; exits 0 on SIGINT/SIGTERM, 2 on bad flags. */
export async function main(args: string[]): Promise<void> {
  if (args[0] === 'db') {
    process.exitCode = await dbCommand(args.slice(1));
    return;
  }
  let options: ServerOptions | null;
  try {
    options = parseServerArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`mypage-server: ${error.message}\nRun \`mypage-server --help\` for the options.\n`);
    process.exitCode = 2;
    return;
  }
  if (options === null) {
    process.stdout.write(USAGE);
    return;
  }
  // Everything the server creates (data files, folders, lock, outbox) is for its own user only.
  process.umask(0o077);
  keepCompiledCode();
  let running: RunningServer;
  try {
    running = await startServer(options);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? `port ${options.port} is already in use (try --port 0)` : e.code === 'EACCES' ? `no permission to use ${options.host}:${options.port} or ${options.dataDir}` : e.message;
    process.stderr.write(`mypage-server: cannot start: ${why}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`mypage-server listening on ${running.url}\n`);
  if (options.dev) process.stdout.write(`operator token: ${running.operatorToken}\n`);
  if (options.databaseUrl) stderrLogger.info('database', { database: describeDatabase(options.databaseUrl), dev: options.dev, captcha: options.captcha.mode });
  else stderrLogger.info('data folder', { dataDir: options.dataDir, dev: options.dev, captcha: options.captcha.mode });

  const shutdown = (signal: string) => {
    stderrLogger.info(`${signal}: shutting down`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        stderrLogger.error('shutdown failed', { message: (error as Error).message });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
