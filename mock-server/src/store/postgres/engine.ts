import type pg from 'pg';
import type { Data } from '../schema.js';
import { BillCache, ContractListCache } from '../../domain/bill-cache.js';
import type { RepositorySet, StoreEngine } from '../repositories.js';
import { PoolDb, createPool, type PoolOptions } from './db.js';
import { loadData } from './load.js';
import { migrate, type MigrationResult } from './migrate.js';
import { createRepositorySet } from './repositories.js';

/*
 * The PostgreSQL engine (SPEC D-13): any number of server instances on one database. Every change
 * is committed before its method resolves; atomic rules are SQL (repositories.ts); transactions
 * are SERIALIZABLE and retried on a serialisation failure. A database that cannot be reached is
 * StoreUnavailable within the pool's timeouts (db.ts), and the pool reconnects by itself.
 */

export interface PostgresEngineOptions extends PoolOptions {
  /** Apply pending migrations when opening (default true; `db migrate` does it alone). */
  migrate?: boolean;
}

export class PostgresEngine implements StoreEngine {
  readonly name = 'postgres';
  /** computed breakdowns of this instance, valid per group data version (domain/bill-cache.ts) */
  readonly billCache = new BillCache();
  /** contract lists of this instance, valid per group data version */
  readonly contractListCache = new ContractListCache();
  readonly #db: PoolDb;
  readonly accounts;
  readonly loginAttempts;
  readonly billingGroups;
  readonly sessions;
  readonly links;
  readonly challenges;
  readonly bills;
  readonly notices;
  readonly documents;
  readonly callRecords;
  readonly inquiries;
  readonly news;
  readonly idempotency;
  readonly rateWindows;

  private constructor(readonly pool: pg.Pool) {
    this.#db = new PoolDb(pool);
    const set = createRepositorySet(this.#db);
    this.accounts = set.accounts;
    this.loginAttempts = set.loginAttempts;
    this.billingGroups = set.billingGroups;
    this.sessions = set.sessions;
    this.links = set.links;
    this.challenges = set.challenges;
    this.bills = set.bills;
    this.notices = set.notices;
    this.documents = set.documents;
    this.callRecords = set.callRecords;
    this.inquiries = set.inquiries;
    this.news = set.news;
    this.idempotency = set.idempotency;
    this.rateWindows = set.rateWindows;
  }

  /** Connect (and migrate). Rejects with StoreUnavailable when the database cannot be reached. */
  static async open(url: string, opts: PostgresEngineOptions = {}): Promise<PostgresEngine> {
    const pool = createPool(url, opts);
    try {
      if (opts.migrate ?? true) await migrate(pool);
      else await pool.query('SELECT 1');
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresEngine(pool);
  }

  transaction<T>(work: (tx: RepositorySet) => Promise<T>): Promise<T> {
    return this.#db.serializable((db) => work(createRepositorySet(db)));
  }

  async isEmpty(): Promise<boolean> {
    const rows = await this.#db.query<{ empty: boolean }>('SELECT NOT EXISTS (SELECT 1 FROM billing_groups) AND NOT EXISTS (SELECT 1 FROM accounts) AS empty');
    return rows[0]!.empty;
  }

  load(data: Data): Promise<void> {
    return loadData(this.#db, data);
  }

  /** Apply pending migrations (`mypage-server db migrate`). */
  migrate(): Promise<MigrationResult> {
    return migrate(this.pool);
  }

  /** Rows per aggregate, named as in schema.ts's Data (`db copy` checks them). */
  async counts(): Promise<Record<string, number>> {
    const tables: Record<string, string> = {
      billingGroups: 'billing_groups',
      contracts: 'contracts',
      accounts: 'accounts',
      links: 'links',
      challenges: 'challenges',
      sessions: 'sessions',
      openingNotices: 'opening_notices',
      bills: 'bills',
      callRecords: 'call_records',
      inquiries: 'inquiries',
      news: 'news',
      documents: 'documents',
    };
    const sql = Object.entries(tables)
      .map(([name, table]) => `SELECT '${name}' AS name, count(*)::int AS n FROM ${table}`)
      .join(' UNION ALL ');
    return Object.fromEntries((await this.#db.query<{ name: string; n: number }>(sql)).map((r) => [r.name, r.n]));
  }

  /** True when the database answers now (health checks). */
  async ping(): Promise<boolean> {
    try {
      await this.#db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
