import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { Context } from 'hono';
import { errorCatalog, fieldLabel, operatorRoutes, routes, type ApiRoute, type EndpointAuth, type ErrorCode, type ErrorEnvelope } from '@mypage/api';
import { ApiError } from './errors.js';
import type { CaptchaVerifier, Clock, DomainContext, Hasher, Logger, Mailer, Repositories, ServerConfig } from './domain/ports.js';
import type { AuthContext } from './domain/sessions.js';
import { Sessions } from './domain/sessions.js';
import { LoginThrottle } from './domain/throttle.js';
import { IssuedDocuments } from './domain/documents.js';
import { inProcessRenderer, type DocumentRenderer } from './pdf/renderer.js';
import { sameSecret, scryptHasher } from './infra/secrets.js';
import { registerRoutes } from './routes/index.js';
import { FaultSwitches } from './faults/switches.js';
import { StoreUnavailable } from './store/repositories.js';
import { RepositoryIdempotencyStore, idempotencyMiddleware, type IdempotencyStore } from './idempotency.js';
import { boundedHasher, HashQueue } from './security/hash-queue.js';
import { frontMiddleware, markFront, runsFront, withFront } from './security/front.js';
import { installLimits } from './security/install.js';
import { requestHeader } from './request-headers.js';
import { checksAccessInStep, lightRequestValidation, type Guard } from './route-validation.js';
import { MemoryRateLimiter, type RateLimiter } from './security/rate-limiter.js';

export type { Logger };
export const silentLogger: Logger = { info: () => undefined, error: () => undefined };

/** Everything the app needs, injected (nothing is a global: two apps in one process share nothing). */
export interface AppDeps {
  /** The store's repositories (any engine: store/repositories.ts). */
  repos: Repositories;
  mailer: Mailer;
  clock: Clock;
  captcha: CaptchaVerifier;
  config: ServerConfig;
  logger?: Logger;
  /** Password/OTP hasher; default scrypt at the production cost (infra/secrets.ts). */
  hasher?: Hasher;
  /** Dev-mode fault switches (`--fault`, back office); applied only when `config.dev`. */
  faults?: FaultSwitches;
  /** Renders PDFs (default: on the calling thread; `mypage-server` passes a worker, pdf/renderer.ts). */
  renderer?: DocumentRenderer;
  /** D-12 Idempotency-Key records (default: in the store's repositories, sealed). */
  idempotency?: IdempotencyStore;
  /** Whether the store can serve now (`GET /api/v1/health`); a database engine asks its server. */
  storeUp?: () => Promise<boolean>;
  /** Counts requests for the limits of security/limits.ts; default: in memory. */
  rateLimiter?: RateLimiter;
}

/** What every route registrar gets: the domain's context plus the app's own parts. */
export interface AppContext extends DomainContext {
  faults: FaultSwitches;
  /** Invoices and opening notices, rendered once and stored (domain/documents.ts). */
  documents: IssuedDocuments;
  /** D-12 Idempotency-Key records. */
  idempotency: IdempotencyStore;
  /** Whether the store can serve now: `true` at once for an engine in this process. */
  storeUp: () => boolean | Promise<boolean>;
  /** The store is an engine in this process (no `deps.storeUp`): `storeUp` is always `true`. */
  storeInProcess: boolean;
  /** Counts requests for the limits of security/limits.ts. */
  rateLimiter: RateLimiter;
  /** Bounds concurrent password hashing; `hasher` runs through it (security/hash-queue.ts). */
  hashQueue: HashQueue;
}

export interface AppEnv {
  Variables: { requestId: string; auth: AuthContext };
}
export type App = OpenAPIHono<AppEnv>;

export function errorBody(error: ApiError, requestId: string): ErrorEnvelope {
  const entry = errorCatalog[error.code];
  return {
    error: {
      code: error.code,
      message: error.extra.messageJa ?? entry.ja,
      messageEn: error.extra.messageEn ?? entry.en,
      requestId,
      ...(error.details ? { details: error.details } : {}),
      ...(error.extra.retryAfter !== undefined ? { retryAfter: error.extra.retryAfter } : {}),
      ...(error.extra.attemptsLeft !== undefined ? { attemptsLeft: error.extra.attemptsLeft } : {}),
    },
  };
}

export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  const requestId = c.get('requestId') ?? randomUUID();
  if (error.extra.retryAfter !== undefined) c.header('Retry-After', String(error.extra.retryAfter));
  return c.json(errorBody(error, requestId), error.status as 400);
}

/** A required field that was not sent (zod says "expected string, received undefined"). */
const missing = (issue: { code: string; message: string }) => issue.code === 'invalid_type' && /received undefined$/.test(issue.message);

const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function createApp(deps: AppDeps): App {
  const hashQueue = new HashQueue(deps.config.hashing);
  const ctx: AppContext = {
    repos: deps.repos,
    mailer: deps.mailer,
    clock: deps.clock,
    captcha: deps.captcha,
    config: deps.config,
    logger: deps.logger ?? silentLogger,
    hasher: boundedHasher(deps.hasher ?? scryptHasher(), hashQueue),
    faults: deps.faults ?? new FaultSwitches(),
    documents: new IssuedDocuments(deps.repos, deps.renderer ?? inProcessRenderer(), deps.clock),
    idempotency: deps.idempotency ?? new RepositoryIdempotencyStore(deps.repos),
    storeUp: deps.storeUp ?? (() => true),
    storeInProcess: deps.storeUp === undefined,
    sessions: new Sessions(deps.repos, deps.clock, deps.config.sessionIdleMs, deps.config.sessionAbsoluteMs),
    loginThrottle: new LoginThrottle(deps.repos, deps.clock),
    rateLimiter: deps.rateLimiter ?? new MemoryRateLimiter(deps.clock),
    hashQueue,
  };

  // Schema failures become the error envelope with one detail per field, named as the guide names
  // the field (メールアドレス, 請求月…), never by its JSON key.
  const defaultHook = (result: { success: boolean; error?: { issues: { code: string; path: PropertyKey[]; message: string }[] } }, c: Context): Response | undefined => {
    if (result.success || !result.error) return;
    const details = result.error.issues.slice(0, 20).map((issue) => ({
      path: issue.path.map(String).join('.') || '(body)',
      message: missing(issue) ? `${fieldLabel(issue.path)}を入力してください。` : `${fieldLabel(issue.path)}の形式が正しくありません。`,
      messageEn: issue.message,
    }));
    return errorResponse(c as Context<AppEnv>, new ApiError('VALIDATION_FAILED', { details }));
  };
  const app: App = new OpenAPIHono<AppEnv>({ defaultHook });

  // Who may call each route, declared once in the route table (`x-auth`).
  const guard = (auth: EndpointAuth | undefined): Guard | undefined => {
    switch (auth) {
      case undefined:
      case 'none':
        return undefined;
      case 'dev':
        return () => {
          if (!ctx.config.dev) throw new ApiError('ROUTE_NOT_FOUND');
        };
      case 'operator':
        return (c) => {
          if (!sameSecret(bearerToken(requestHeader(c, 'authorization')), ctx.config.operatorToken)) throw new ApiError('OPERATOR_AUTH_REQUIRED');
        };
      case 'session':
      case 'admin': {
        const admit = (c: Context, caller: AuthContext) => {
          if (auth === 'admin' && caller.account.role !== 'admin') throw new ApiError('ADMIN_ONLY');
          c.set('auth', caller);
        };
        return (c) => {
          // in the same turn where the engine can answer so (memory, JSON): a read stays synchronous
          const caller = ctx.sessions.authenticateNow(bearerToken(requestHeader(c, 'authorization')));
          return caller instanceof Promise ? caller.then((found) => admit(c, found)) : admit(c, caller);
        };
      }
    }
  };
  // Query and path parameters checked in one synchronous step, a GET's access check first in the
  // same step (route-validation.ts; a HEAD is routed as its GET, so it passes the same check).
  const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
  const checkedInStep = new Set<string>();
  // What any error thrown while answering becomes (`app.onError`; the front layer's, in-process).
  const onError = (error: Error, c: Context): Response => {
    const context = c as Context<AppEnv>;
    if (error instanceof ApiError) return errorResponse(context, error);
    if (error instanceof StoreUnavailable) {
      // Disk full, I/O error, database down: nothing was changed; the client may retry later.
      ctx.logger.error('store unavailable', { requestId: context.get('requestId'), message: error.message });
      return errorResponse(context, new ApiError('SERVICE_UNAVAILABLE'));
    }
    if (error instanceof HTTPException && error.status === 400) {
      return errorResponse(context, new ApiError('INVALID_JSON'));
    }
    if (error instanceof HTTPException && error.status < 500) {
      const code: ErrorCode = error.status === 413 ? 'PAYLOAD_TOO_LARGE' : error.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'VALIDATION_FAILED';
      return errorResponse(context, new ApiError(code));
    }
    ctx.logger.error('unhandled error', { requestId: context.get('requestId'), name: error.name, message: error.message });
    return errorResponse(context, new ApiError('INTERNAL'));
  };

  // Request id, GET/HEAD with a body refused, the body limit, the fault switches and the default
  // `Cache-Control: no-store`: one layer, cheap for every route (security/front.ts). A GET runs it
  // inside its route's one step (`withFront`): Hono then matches one handler for a signed-in read
  // and calls it without a middleware chain. The other methods run it as the first middleware;
  // an unrouted request, in the notFound handler.
  const front = markFront(
    frontMiddleware({
      bodyLimitBytes: ctx.config.bodyLimitBytes,
      faults: ctx.faults,
      faultsEnabled: ctx.config.dev,
      errorResponse: (c, error) => errorResponse(c as Context<AppEnv>, error),
      onError,
    }),
  );
  lightRequestValidation(
    app,
    defaultHook,
    (route) => {
      checkedInStep.add(routeKey(route));
      return guard((route as { 'x-auth'?: EndpointAuth })['x-auth']);
    },
    (step) => withFront(front, step),
  );
  app.on(FRONT_METHODS, '*', front);
  // the GETs not registered through `app.openapi`: the mailed links' pages, the OpenAPI document
  app.on('GET', OTHER_GETS, front);

  // Rate limits and the password-hashing queue (security/install.ts), after the body limit.
  installLimits(app, ctx);

  // The access check of every route whose own step does not run it (all but the GETs above), on that
  // route's method only, before the routes and the D-12 records.
  const table: Record<string, ApiRoute> = { ...routes, ...operatorRoutes };
  const toCheckInStep: ApiRoute[] = [];
  for (const route of Object.values(table)) {
    const check = guard(route['x-auth']);
    if (!check) continue;
    if (checksAccessInStep(route)) {
      toCheckInStep.push(route);
      continue;
    }
    app.on(route.method.toUpperCase(), honoPath(route.path), (c, next) => {
      const pending = check(c);
      return pending instanceof Promise ? pending.then(next) : next();
    });
  }

  // D-12: after authentication (the caller scopes the key), before the routes; POSTs only.
  app.on('POST', '/api/*', idempotencyMiddleware({ store: ctx.idempotency, clock: ctx.clock, logger: ctx.logger }));

  registerRoutes(app, ctx);
  // A GET of the table registered other than through `app.openapi` would have no access check.
  for (const route of toCheckInStep) {
    if (!checkedInStep.has(routeKey(route))) {
      throw new Error(`${route.method.toUpperCase()} ${route.path} is not registered with app.openapi: its access check would not run`);
    }
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'mediaひかり マイページ API (reference server)',
      version: ctx.config.version,
      description: 'Rules: SPEC.md (R-…, D-…). Errors: `{ error: { code, message, messageEn } }`.',
    },
  });

  // Every GET the app routes runs the front layer (a route added another way would answer without
  // its request id, and past the fault switches): checked once, at start.
  assertGetsRunFront(app);

  app.notFound((c) => front(c, (() => errorResponse(c as Context<AppEnv>, new ApiError('ROUTE_NOT_FOUND'))) as never) as Response | Promise<Response>);
  app.onError(onError);

  return app;
}

/** The methods that run the front layer as the app's first middleware (a GET runs it in its step). */
const FRONT_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** GET paths registered other than through `app.openapi` (routes/registration.ts, `app.doc31`). */
const OTHER_GETS = ['/regist/*', '/recovery/*', '/openapi.json'];

/**
 * Throws at start when a GET route of `app` would not run the front layer: its handler is not a
 * `withFront` step, and no front layer is registered before it on its path (exactly, or a `/*`
 * prefix of it) for GET.
 */
export function assertGetsRunFront(app: App): void {
  const fronts: string[] = [];
  for (const { method, path, handler } of app.routes) {
    if (runsFront(handler)) {
      if (method === 'GET' || method === 'ALL') fronts.push(path);
      continue;
    }
    if (method !== 'GET') continue;
    const covered = fronts.some((f) => f === path || f === '/*' || (f.endsWith('/*') && path.startsWith(f.slice(0, -1))));
    if (!covered) throw new Error(`GET ${path} does not run the front layer (security/front.ts): register it through app.openapi, or add it to OTHER_GETS`);
  }
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}
