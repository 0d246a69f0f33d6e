import { routes } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { GUARDED_ROUTES, limitMiddleware } from './limits.js';

/*
 * Where the request limits go into the app (createApp calls this after its front layer,
 * security/front.ts, which refuses GETs with a body and applies the body limit), so app.ts stays
 * a list of one-line steps.
 */

const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** After the body limit: per-client / per-address limits, then the password-hashing queue. */
export function installLimits(app: App, ctx: AppContext): void {
  const options = { limiter: ctx.rateLimiter, limits: ctx.config.rateLimits, trustedProxies: ctx.config.trustedProxies };
  for (const { route, checks } of GUARDED_ROUTES) {
    const method = route.method.toUpperCase();
    const limit = limitMiddleware(route, checks, options);
    app.use(honoPath(route.path), (c, next) => (c.req.method === method ? limit(c, next) : next()));
  }
  // The app's hasher runs every hash through `ctx.hashQueue`; the unauthenticated routes that
  // hash are refused at once when its line is full, before they do anything.
  for (const route of HASHING_ROUTES) {
    const method = route.method.toUpperCase();
    app.use(honoPath(route.path), async (c, next) => {
      if (c.req.method === method && ctx.hashQueue.full) throw ctx.hashQueue.busy();
      await next();
    });
  }
}

/** The routes anyone can call that compute a password hash (scrypt). */
const HASHING_ROUTES = [routes.login, routes.verifyOtp, routes.registrationStart, routes.registrationComplete, routes.resetPassword];
