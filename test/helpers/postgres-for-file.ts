import { afterAll, beforeAll } from 'vitest';
import { startTestPostgres, type TestPostgres } from './postgres.js';

/**
 * One throw-away PostgreSQL cluster for a test file: started before its tests, stopped after them.
 * `freshDatabase()` creates an empty database in it (`<prefix>1`, `<prefix>2`, …) and answers its
 * URL; `server()` is the cluster (to stop and start it under a running engine).
 */
export function postgresForFile(prefix: string): { freshDatabase: () => Promise<string>; server: () => TestPostgres } {
  let server: TestPostgres | undefined;
  let n = 0;
  beforeAll(async () => {
    server = await startTestPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  const started = (): TestPostgres => {
    if (!server) throw new Error('the test PostgreSQL is not started (use it inside a test)');
    return server;
  };
  return { freshDatabase: () => started().createDatabase(`${prefix}${++n}`), server: started };
}
