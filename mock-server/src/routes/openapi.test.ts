import { operatorRoutes, routes, type ApiRoute } from '@mypage/api';
import { describe, expect, it } from 'vitest';
import { call, demoApp } from '../testing/index.js';

/*
 * GET /openapi.json (the OpenAPI 3.1 document, generated from packages/api, the one source of types):
 * every route of both route tables is in it with its method, operationId and `x-auth`; every
 * `$ref` resolves; every path parameter is declared; authenticated routes name a security scheme;
 * every JSON response body is a named component schema.
 */

type Operation = {
  operationId?: string;
  'x-auth'?: string;
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
};
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

const table: [string, ApiRoute][] = Object.entries({ ...routes, ...operatorRoutes });

async function document(): Promise<Doc> {
  const t = await demoApp();
  const res = await call(t, 'GET', '/openapi.json');
  expect(res.status).toBe(200);
  return res.body as Doc;
}

describe('GET /openapi.json (OpenAPI 3.1, generated from the route tables)', () => {
  it('is OpenAPI 3.1 with the bearer scheme', async () => {
    const doc = await document();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
  });

  it.each(table)('route %s is in the document with its operationId and x-auth', async (_name, route) => {
    const doc = await document();
    const op = doc.paths[route.path]?.[route.method];
    expect(op, `${route.method.toUpperCase()} ${route.path}`).toBeDefined();
    expect(op?.operationId).toBe(route.operationId);
    expect(op?.['x-auth']).toBe(route['x-auth']);
    if (route['x-auth'] !== 'none' && route['x-auth'] !== 'dev') expect(op?.security).toEqual([{ bearer: [] }]);
    const declared = (op?.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
    for (const m of route.path.matchAll(/\{(\w+)\}/g)) expect(declared).toContain(m[1]);
  });

  it('has no operation that is not in a route table', async () => {
    const doc = await document();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(documented.sort()).toEqual(table.map(([, r]) => `${r.method} ${r.path}`).sort());
  });

  it('every $ref resolves and every JSON response body is a named schema', async () => {
    const doc = await document();
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.filter((r) => !(r in doc.components.schemas))).toEqual([]);
    const unnamed: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          const schema = response.content?.['application/json']?.schema;
          if (schema && !schema.$ref) unnamed.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(unnamed).toEqual([]);
  });
});
