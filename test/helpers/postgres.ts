import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/*
 * A throw-away PostgreSQL for tests and benchmarks: Debian's binaries (the `postgresql` package,
 * installed by scripts/setup-test-env.sh), a fresh cluster in a temporary folder, listening on a
 * free loopback port, run as a non-root user (PostgreSQL refuses to run as root, and CI runs as
 * root: then the cluster runs as the `postgres` system user the package creates). Nothing is
 * skipped: when PostgreSQL cannot start, `startTestPostgres` throws with the reason.
 */

export interface TestPostgres {
  /** A connection URL of a database on this cluster (the superuser, trust auth on loopback). */
  url(database?: string): string;
  port: number;
  /** Create a database and return its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stop the server (fast shutdown) but keep the cluster: `start()` brings it back. */
  halt(): Promise<void>;
  /** Start a halted server again on the same port. */
  start(): Promise<void>;
  /** Stop the server and delete the cluster. */
  stop(): Promise<void>;
}

export interface TestPostgresOptions {
  /**
   * Durable commits (fsync). Off by default: tests kill server processes, never the machine, and a
   * committed transaction survives a killed client either way. Benchmarks turn it on.
   */
  durable?: boolean;
  /** max_connections (default 100) */
  maxConnections?: number;
}

const SUPERUSER = 'postgres';

/** The newest installed Debian PostgreSQL's bin folder (`/usr/lib/postgresql/<ver>/bin`). */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb): run `bash scripts/setup-test-env.sh`');
  }
  return path.join(root, versions[0]!, 'bin');
}

/** Who runs the cluster: ourselves, or (as root) the `postgres` system user. */
function runAs(): { uid: number; gid: number; prefix: string[] } | null {
  if (process.getuid?.() !== 0) return null;
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error('running as root, and there is no `postgres` user to run PostgreSQL as (PostgreSQL refuses root): install Debian\'s postgresql package (scripts/setup-test-env.sh)');
  }
  return { uid, gid, prefix: ['runuser', '-u', 'postgres', '--'] };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function run(argv: string[], what: string): void {
  const result = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${what} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
}

export async function startTestPostgres(opts: TestPostgresOptions = {}): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const user = runAs();
  const as = (argv: string[]) => [...(user?.prefix ?? []), ...argv];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const port = await freePort();
  const settings = [
    `-c port=${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${dir}`,
    `-c max_connections=${opts.maxConnections ?? 100}`,
    ...(opts.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');

  const logTail = () => {
    try {
      return readFileSync(logFile, 'utf8').slice(-2000);
    } catch {
      return '';
    }
  };
  const pgCtl = (action: string[], what: string) => {
    try {
      run(as([path.join(bin, 'pg_ctl'), '-D', dataDir, ...action]), what);
    } catch (error) {
      throw new Error(`${(error as Error).message}\npostgres.log:\n${logTail()}`);
    }
  };

  let running = false;
  const startServer = async () => {
    pgCtl(['-l', logFile, '-o', settings, '-w', '-t', '60', 'start'], `pg_ctl start (port ${port})`);
    running = true;
  };
  const stopServer = (mode: 'fast' | 'immediate') => {
    if (!running) return;
    pgCtl(['-m', mode, '-w', '-t', '60', 'stop'], 'pg_ctl stop');
    running = false;
  };
  const cleanup = () => {
    try {
      stopServer('immediate');
    } catch {
      // the folder goes anyway
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);

  try {
    run(as([path.join(bin, 'initdb'), '-D', dataDir, '-U', SUPERUSER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']), 'initdb');
    await startServer();
  } catch (error) {
    process.removeListener('exit', cleanup);
    cleanup();
    throw error;
  }

  const url = (database = 'postgres') => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  return {
    url,
    port,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async halt() {
      stopServer('fast');
    },
    async start() {
      if (!running) await startServer();
    },
    async stop() {
      process.removeListener('exit', cleanup);
      cleanup();
    },
  };
}
