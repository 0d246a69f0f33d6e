import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../../test/helpers/postgres.js';
import { repositoryContract } from './contract.js';
import { PostgresEngine } from './postgres/engine.js';

/*
 * The repository contract on a real PostgreSQL (SPEC D-13): one throw-away cluster for the file,
 * emptied before each engine the suite opens.
 */

let server: TestPostgres;
let url: string;

beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase('contract');
  (await PostgresEngine.open(url)).close(); // migrate once
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

/** Every table but schema_migrations emptied, the running numbers back at 0. */
async function truncateAll(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = (await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'counters')")).rows;
    await client.query(`TRUNCATE ${tables.map((t) => pg.escapeIdentifier(t.tablename)).join(', ')} RESTART IDENTITY`);
    await client.query('UPDATE counters SET value = 0');
  } finally {
    await client.end();
  }
}

repositoryContract('postgres', async () => {
  await truncateAll(url);
  return PostgresEngine.open(url);
});
