import { afterAll } from 'vitest';

/*
 * Setup file of the `unit` project, whose files share a worker (isolate: false in
 * vitest.config.ts): modules are loaded once per worker instead of once per file, and a test file
 * must leave the process as it found it.
 *
 * What a file cannot undo by itself is put back here, before the file and after it: the globals a
 * started reference server replaces. @hono/node-server's serve() swaps in its own `Request` and
 * `Response` classes; msw, loaded earlier in the same worker, then no longer recognises
 * `HttpResponse.error()` as a network error (its check is `instanceof Response`).
 */

const KEY = Symbol.for('mypage.test.pristineGlobals');
const NAMES = ['Request', 'Response', 'Headers', 'fetch'] as const;
type Pristine = Record<string, { value: unknown; descriptor: PropertyDescriptor }>;

const store = globalThis as unknown as Record<symbol, Pristine | undefined>;
// the first file of the worker sees the globals as Node made them (lazy getters for the classes)
const pristine: Pristine = (store[KEY] ??= Object.fromEntries(
  NAMES.map((n) => [n, { value: globalThis[n], descriptor: Object.getOwnPropertyDescriptor(globalThis, n)! }]),
));

function restore(): void {
  for (const [name, { value, descriptor }] of Object.entries(pristine)) {
    if ((globalThis as Record<string, unknown>)[name] !== value) Object.defineProperty(globalThis, name, descriptor);
  }
}

restore();
afterAll(restore);
