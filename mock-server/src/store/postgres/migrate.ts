import type pg from 'pg';
import { mapError } from './db.js';
import init from './migrations/001_init.js';
import loginFailures from './migrations/002_login_failures.js';
import rateWindows from './migrations/003_rate_windows.js';
import dataVersion from './migrations/004_data_version.js';
import unmappable, { fill as fillUnmappable } from './migrations/005_unmappable.js';
import idempotencyOwner from './migrations/006_idempotency_owner.js';

/*
 * Versioned schema migrations, applied in order at start (and by `mypage-server db migrate`). All
 * pending migrations run in ONE transaction under an advisory lock: two instances starting together
 * migrate once (the second waits, then finds nothing to do), and a failed migration leaves the
 * database as it was. A migration is never edited once released: a change is a new file.
 */

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Run after `sql`, in the same transaction: data that only the server's code can compute. */
  fill?: (client: pg.PoolClient) => Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'login-failures', sql: loginFailures },
  { version: 3, name: 'rate-windows', sql: rateWindows },
  { version: 4, name: 'data-version', sql: dataVersion },
  { version: 5, name: 'unmappable', sql: unmappable, fill: fillUnmappable },
  { version: 6, name: 'idempotency-owner', sql: idempotencyOwner },
];

/** pg_advisory_xact_lock key: "mypage" in ASCII, so other applications' locks do not meet it. */
const LOCK_KEY = 0x6d7970616765;

/** The database was migrated by a newer mypage-server: this one must not touch it. */
export class SchemaTooNew extends Error {
  override name = 'SchemaTooNew';
}

export interface MigrationResult {
  applied: number[];
  current: number;
}

export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationResult> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw mapError(error);
  }
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new SchemaTooNew(`the database's schema is version ${newest}, newer than this mypage-server knows (${known}): run the newer mypage-server`);
    }
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      if (m.fill) await m.fill(client);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return { applied, current: Math.max(newest, ...applied) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error instanceof SchemaTooNew ? error : mapError(error);
  } finally {
    client.release();
  }
}
