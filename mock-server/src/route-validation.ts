import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { Context, Env, MiddlewareHandler, Next } from 'hono';
import { z } from 'zod';

/*
 * Path parameters and query strings checked in one synchronous step, for the routes whose request
 * has nothing else (every GET with `{month}`, `?group=`…). @hono/zod-openapi gives each of them a
 * validator per target that first reads the request's Content-Type — which, under
 * @hono/node-server, builds a WHATWG `Headers` of every request header — then parses with
 * `safeParseAsync` and awaits the hook: several promises and allocations per request for two short
 * strings. The same schemas and the same hook (the app's error envelope) run here; only the
 * bookkeeping goes. Routes with a body, headers or cookies are registered by @hono/zod-openapi
 * itself, unchanged.
 *
 * For a GET, the route's access check (app.ts: session, admin, operator, dev) runs in the same step,
 * first, and the route's handler is called from it: one dispatch level where a signed-in read had
 * three (check, parameters, handler), each a promise and a closure per request.
 */

/** A route's access check: throws (or rejects with) the ApiError that refuses the request. */
export type Guard = (c: Context) => void | Promise<void>;

type Hook = (result: { success: boolean; data?: unknown; error?: z.ZodError; target: string }, c: Context) => unknown;
type Target = 'query' | 'param';

/** `c.req.valid('query')`'s input, as @hono/zod-openapi's validator builds it: repeated keys give arrays. */
function queryValue(c: Context): Record<string, string | string[]> {
  const value: Record<string, string | string[]> = {};
  for (const [key, list] of Object.entries(c.req.queries())) value[key] = list.length === 1 ? list[0]! : list;
  return value;
}

/** Parses synchronously; a schema with an asynchronous step is parsed asynchronously instead. */
function parse(schema: z.ZodType, value: unknown): z.ZodSafeParseResult<unknown> | Promise<z.ZodSafeParseResult<unknown>> {
  try {
    return schema.safeParse(value);
  } catch (error) {
    if (error instanceof z.core.$ZodAsyncError) return schema.safeParseAsync(value);
    throw error;
  }
}

/** Whether a route's request has only a query and/or path parameters, or nothing. */
const lightRequest = (request: RouteConfig['request']) => !request || (!request.body && !request.headers && !request.cookies);

/** Whether `lightRequestValidation` runs this route's access check in its one step (GETs it registers). */
export const checksAccessInStep = (route: { method: string; request?: RouteConfig['request'] }) => route.method.toLowerCase() === 'get' && lightRequest(route.request);

/** The check of a route's query and path parameters, in @hono/zod-openapi's order: a refusal, or undefined. */
function requestCheck(request: RouteConfig['request'], hook: Hook) {
  const targets: [Target, z.ZodType][] = [];
  if (request?.query) targets.push(['query', request.query as unknown as z.ZodType]);
  if (request?.params) targets.push(['param', request.params as unknown as z.ZodType]);
  const settle = (c: Context, target: Target, result: z.ZodSafeParseResult<unknown>): Response | undefined => {
    if (result.success) {
      c.req.addValidatedData(target, result.data as object);
      return undefined;
    }
    const answer = hook({ ...result, target }, c);
    return answer instanceof Response ? answer : c.json(result, 400);
  };
  const check = (c: Context, i: number): Response | undefined | Promise<Response | undefined> => {
    for (; i < targets.length; i++) {
      const [target, schema] = targets[i]!;
      const result = parse(schema, target === 'query' ? queryValue(c) : c.req.param());
      if (result instanceof Promise) return result.then((r) => settle(c, target, r) ?? check(c, i + 1));
      const refused = settle(c, target, result);
      if (refused) return refused;
    }
    return undefined;
  };
  return (c: Context) => check(c, 0);
}

/**
 * One middleware for a route: its access check (if any), then its query and path parameters, then
 * `handler` — synchronous where each part is (Hono awaits whatever a handler returns).
 */
export function routeStep(request: RouteConfig['request'], hook: Hook, guard: Guard | undefined, handler: MiddlewareHandler): MiddlewareHandler {
  const check = requestCheck(request, hook);
  const checked = (c: Context, next: Next) => {
    const refused = check(c);
    if (refused instanceof Promise) return refused.then((r) => r ?? handler(c, next));
    return refused ?? handler(c, next);
  };
  if (!guard) return checked as MiddlewareHandler;
  const step = (c: Context, next: Next) => {
    const pending = guard(c);
    return pending instanceof Promise ? pending.then(() => checked(c, next)) : checked(c, next);
  };
  return step as MiddlewareHandler;
}

/**
 * Makes `app.openapi(route, handler)` register a route whose request has only a query and/or path
 * parameters (or nothing) as one `routeStep` — with `guardOf(route)` first for a GET (same OpenAPI
 * document entry, same route); any other route goes to @hono/zod-openapi as before.
 */
export function lightRequestValidation<E extends Env>(
  app: OpenAPIHono<E>,
  hook: Hook,
  guardOf: (route: RouteConfig) => Guard | undefined = () => undefined,
  /** what a GET's step is registered as (app.ts: inside the front layer, `withFront`) */
  wrapGet: (step: MiddlewareHandler) => MiddlewareHandler = (step) => step,
): void {
  const original = app.openapi;
  const openapi = (config: RouteConfig & { hide?: boolean }, handler: MiddlewareHandler, routeHook?: unknown) => {
    const { request, middleware, hide, ...rest } = config;
    if (!lightRequest(request) || middleware || routeHook) return (original as (...args: unknown[]) => unknown)(config, handler, routeHook);
    if (!hide) app.openAPIRegistry.registerPath({ ...rest, ...(request ? { request } : {}) });
    const get = checksAccessInStep(config);
    const step = routeStep(request, hook, get ? guardOf(config) : undefined, handler);
    app.on([config.method.toUpperCase()], [config.path.replaceAll(/\/{(.+?)}/g, '/:$1')], get ? wrapGet(step) : step);
    return app;
  };
  (app as unknown as { openapi: unknown }).openapi = openapi;
}
