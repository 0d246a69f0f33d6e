import pg from 'pg';
import { StoreUnavailable, UniqueViolation, type UniqueConstraint } from '../repositories.js';

/*
 * The thin layer between the PostgreSQL repositories and node-postgres: parameterised queries,
 * transactions, and the translation of errors into the store's (UniqueViolation, StoreUnavailable).
 */

export type Row = Record<string, unknown>;

export interface Db {
  query<R extends Row = Row>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /**
   * Run `fn` atomically. Outside a transaction: BEGIN … COMMIT on one connection (READ COMMITTED:
   * the callers lock what they change with FOR UPDATE or single statements). Inside one: a
   * savepoint, so a failed step (a UniqueViolation the caller catches) leaves the rest usable.
   */
  atomic<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Like atomic, but SERIALIZABLE and retried on a serialisation failure (outside a transaction). */
  serializable<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Inside a transaction: `fn` in a savepoint; outside: `fn` as it is (one statement is atomic). */
  step<T>(fn: (db: Db) => Promise<T>): Promise<T>;
}

/** Unique indexes → the contract's names (migrations/001_init.ts). */
const CONSTRAINTS: Record<string, UniqueConstraint> = {
  accounts_pkey: 'account-id',
  accounts_access_id_key: 'account-access-id',
  accounts_email_in_group: 'account-email-in-group',
  billing_groups_pkey: 'billing-group-id',
  contracts_pkey: 'contract-number',
  inquiries_pkey: 'inquiry-id',
  news_pkey: 'news-id',
  call_records_pkey: 'call-record-id',
};

/** SQLSTATE classes that mean "the database cannot serve now": connection, resources, operator, system. */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58']);

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '40001' || code === '40P01';
}

/** A pg error → the store's error; anything else unchanged. */
export function mapError(error: unknown): unknown {
  if (error instanceof UniqueViolation || error instanceof StoreUnavailable) return error;
  if (error instanceof pg.DatabaseError) {
    const code = error.code ?? '';
    if (code === '23505' && error.constraint && CONSTRAINTS[error.constraint]) return new UniqueViolation(CONSTRAINTS[error.constraint]!);
    if (UNAVAILABLE_CLASSES.has(code.slice(0, 2))) return new StoreUnavailable(`the database is unavailable (${code}: ${error.message})`, { cause: error });
    return error;
  }
  // Not an answer of the server: the connection failed (refused, reset, timed out, terminated).
  if (error instanceof Error) return new StoreUnavailable(`the database is unavailable (${(error as { code?: string }).code ?? error.message})`, { cause: error });
  return error;
}

const SERIALIZABLE_BUDGET_MS = 15_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const noop = () => {};

/**
 * Each distinct statement text gets a name, so every connection parses and plans it once
 * (a prepared statement) instead of on every request.
 */
const statementNames = new Map<string, string>();
function statement(text: string, values: readonly unknown[] | undefined): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `s${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return { name, text, values: values as unknown[] };
}

/** The pool: each query on any free connection. */
export class PoolDb implements Db {
  constructor(readonly pool: pg.Pool) {}

  async query<R extends Row = Row>(text: string, values?: readonly unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(values === undefined ? text : statement(text, values))).rows;
    } catch (error) {
      throw mapError(error);
    }
  }

  step<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }

  atomic<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.#transaction('BEGIN', fn);
  }

  async serializable<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#transaction('BEGIN ISOLATION LEVEL SERIALIZABLE', fn);
      } catch (error) {
        if (!isRetryable(error)) throw error;
        if (Date.now() - started > SERIALIZABLE_BUDGET_MS) {
          throw new StoreUnavailable('the database stayed too busy to complete a transaction', { cause: error });
        }
        await sleep(Math.random() * Math.min(50, 2 ** attempt));
      }
    }
  }

  async #transaction<T>(begin: string, fn: (db: Db) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw mapError(error);
    }
    // A connection lost between two statements emits 'error' on the client: without a listener
    // that would end the process; the failed statement reports it instead.
    client.on('error', noop);
    let broken = false;
    try {
      await run(client, begin);
      const result = await fn(new ClientDb(client));
      await run(client, 'COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      // pg errors were translated where they happened; work's own errors go up as they are
      throw error;
    } finally {
      client.removeListener('error', noop);
      client.release(broken);
    }
  }
}

async function run(client: pg.PoolClient, text: string): Promise<void> {
  try {
    await client.query(text);
  } catch (error) {
    throw isRetryable(error) ? error : mapError(error);
  }
}

/** One connection inside a transaction. */
class ClientDb implements Db {
  #savepoints = 0;
  constructor(readonly client: pg.PoolClient) {}

  async query<R extends Row = Row>(text: string, values?: readonly unknown[]): Promise<R[]> {
    try {
      // transaction control (BEGIN, SAVEPOINT spN) is not prepared
      return (await this.client.query<R>(values === undefined ? text : statement(text, values))).rows;
    } catch (error) {
      // A serialisation failure goes up unchanged: the transaction is retried as a whole.
      throw isRetryable(error) ? error : mapError(error);
    }
  }

  async step<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const name = `sp${++this.#savepoints}`;
    await this.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn(this);
      await this.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      if (!isRetryable(error)) await this.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }

  atomic<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.step(fn);
  }

  serializable<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    return this.step(fn);
  }
}

export interface PoolOptions {
  /** connections per server instance (default 10) */
  max?: number;
  /** how long a request waits for a connection before StoreUnavailable (default 5 s) */
  connectTimeoutMs?: number;
  /** the longest a statement may run (server and client side, default 10 s) */
  statementTimeoutMs?: number;
}

export function createPool(connectionString: string, opts: PoolOptions = {}): pg.Pool {
  const statementTimeout = opts.statementTimeoutMs ?? 10_000;
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    statement_timeout: statementTimeout,
    // the client stops waiting a little after the server would have cancelled (a hung server)
    query_timeout: statementTimeout + 2_000,
    idle_in_transaction_session_timeout: 60_000,
    application_name: 'mypage-server',
  });
  // An idle connection that breaks (database restarted) is dropped by the pool; the next query
  // opens a new one. Without this listener the error would end the process.
  pool.on('error', noop);
  return pool;
}
