import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { JsonEngine } from './store/json/engine.js';
import { PostgresEngine } from './store/postgres/engine.js';
import type { DocumentKind } from './store/repositories.js';
import type { Data } from './store/schema.js';

/*
 * `mypage-server db …` (SPEC D-13): `db migrate` applies the PostgreSQL schema migrations and
 * exits; `db copy` moves a data folder of the embedded engine into an empty PostgreSQL database
 * (all records, checked by counting them on both sides), so a demo store can grow up.
 */

export const DB_USAGE = `Usage: mypage-server db migrate [--database URL]
       mypage-server db copy --from DIR --to URL

  migrate   apply pending schema migrations to the database (--database, or MYPAGE_DATABASE_URL)
  copy      copy the data folder DIR (stop its server first) into the EMPTY database URL
`;

export function isPostgresUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** host:port/database of a URL — never the user's password (logs, messages). */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

class DbUsageError extends Error {}

/** Runs a `db` command; resolves with the exit code (0 ok, 1 failed, 2 bad usage). */
export async function dbCommand(args: string[], env: NodeJS.ProcessEnv = process.env, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  try {
    const [verb, ...rest] = args;
    if (verb === 'migrate') return await migrateCommand(rest, env, out);
    if (verb === 'copy') return await copyCommand(rest, out);
    if (verb === undefined || verb === '--help' || verb === '-h') {
      out.write(DB_USAGE);
      return verb === undefined ? 2 : 0;
    }
    throw new DbUsageError(`unknown command "db ${verb}"`);
  } catch (error) {
    if (error instanceof DbUsageError) {
      err.write(`mypage-server: ${error.message}\n${DB_USAGE}`);
      return 2;
    }
    err.write(`mypage-server: ${(error as Error).message}\n`);
    return 1;
  }
}

function parse(args: string[], options: Record<string, { type: 'string' }>) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as Record<string, string | undefined>;
  } catch (error) {
    throw new DbUsageError((error as Error).message);
  }
}

function databaseUrl(value: string | undefined, flag: string): string {
  if (!value) throw new DbUsageError(`${flag} is required`);
  if (!isPostgresUrl(value)) throw new DbUsageError(`${flag} must be a PostgreSQL URL like postgres://user@host:5432/mypage`);
  return value;
}

async function migrateCommand(args: string[], env: NodeJS.ProcessEnv, out: NodeJS.WritableStream): Promise<number> {
  const v = parse(args, { database: { type: 'string' } });
  const url = databaseUrl(v.database ?? (env.MYPAGE_DATABASE_URL || undefined), '--database (or MYPAGE_DATABASE_URL)');
  const engine = await PostgresEngine.open(url, { migrate: false });
  try {
    const result = await engine.migrate();
    out.write(
      result.applied.length > 0
        ? `${describeDatabase(url)}: applied migrations ${result.applied.join(', ')}; schema version ${result.current}\n`
        : `${describeDatabase(url)}: up to date (schema version ${result.current})\n`,
    );
  } finally {
    await engine.close();
  }
  return 0;
}

/** What `db copy` counts on both sides. */
const COUNTED = ['billingGroups', 'contracts', 'accounts', 'links', 'challenges', 'sessions', 'openingNotices', 'bills', 'callRecords', 'inquiries', 'news'] as const satisfies readonly (keyof Data)[];

async function copyCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const v = parse(args, { from: { type: 'string' }, to: { type: 'string' } });
  if (!v.from) throw new DbUsageError('--from DIR is required');
  const from = path.resolve(v.from);
  const to = databaseUrl(v.to, '--to');
  if (!existsSync(from)) throw new Error(`no data folder at ${from}`);

  // Opening the folder takes its lock: a server still running on it is refused, not copied mid-write.
  const source = await JsonEngine.open(from);
  let target: PostgresEngine | undefined;
  try {
    const data = await source.snapshot();
    target = await PostgresEngine.open(to);
    if (!(await target.isEmpty())) throw new Error(`the database ${describeDatabase(to)} is not empty: db copy fills an empty database only`);
    await target.load(data);

    // Issued PDFs (D-8..D-10): every version of each bill and notice goes along, oldest first, so
    // the copy numbers them as the source did (a re-issued invoice keeps its original).
    let documents = 0;
    const keys: [DocumentKind, string][] = [
      ...data.bills.map((b): [DocumentKind, string] => ['invoice', `${b.billingGroupId}/${b.month}`]),
      ...data.openingNotices.map((n): [DocumentKind, string] => ['opening-notice', `${n.contractNumber}/${n.date}`]),
    ];
    let documentMismatch = false;
    for (const [kind, key] of keys) {
      for (const { version } of await source.documents.versions(kind, key)) {
        const doc = await source.documents.version(kind, key, version);
        if (!doc) continue;
        const { version: _version, ...rest } = doc;
        const copied = await target.documents.add(rest);
        if (copied.version !== version || copied.sha256 !== doc.sha256) documentMismatch = true;
        documents++;
      }
    }

    const counts = await target.counts();
    const lines: string[] = [];
    let mismatch = false;
    for (const name of COUNTED) {
      const expected = data[name].length;
      const got = counts[name] ?? -1;
      if (got !== expected) mismatch = true;
      lines.push(`  ${name.padEnd(15)} ${String(expected).padStart(9)} → ${String(got).padStart(9)}${got === expected ? '' : '  MISMATCH'}`);
    }
    lines.push(`  ${'documents'.padEnd(15)} ${String(documents).padStart(9)} (every issued version)${documentMismatch ? '  MISMATCH' : ''}`);
    if (documentMismatch) mismatch = true;
    out.write(`copied ${from} → ${describeDatabase(to)}\n${lines.join('\n')}\n`);
    if (mismatch) throw new Error('the counts differ: the copy is incomplete (the database keeps what was copied; empty it before trying again)');
  } finally {
    await target?.close();
    await source.close();
  }
  return 0;
}
