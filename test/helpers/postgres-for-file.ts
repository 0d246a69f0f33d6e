import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migrate, MIGRATIONS } from '../../mock-server/src/store/postgres/migrate.js';
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

/** Migrates the database at `url` up to `version` only: the schema as an earlier release left it, to test a later migration on its rows. */
export async function migrateUpTo(url: string, version: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: url });
  try {
    await migrate(pool, MIGRATIONS.filter((m) => m.version <= version));
  } finally {
    await pool.end();
  }
}
