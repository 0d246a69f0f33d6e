import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, link, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { writeHashedFile } from '../hashed-file.js';
import { appendAudit, jstIsoSeconds, jstStamp, type Actor, type AuditEntry } from './audit.js';
import { appendIndex, readIndex, type IndexEncoding, type IndexRow } from './index-book.js';
import { acquireLock } from './lock.js';
import type { NameFields } from './names.js';
import { nameKey, planDocument } from './plan.js';

/*
 * `bills archive` (D-10): download each document into a temp file in DIR, hash it, decide
 * (plan.ts), then either drop the temp file (same content) or give it its final name with
 * link() — which fails rather than replace an existing file — and append its index row and its
 * audit line. One document at a time, so an interrupted run leaves a consistent archive.
 */

export interface ArchiveSource {
  fields: NameFields;
  /** a name template of its own (opening notices have no amount); else the run's */
  template?: string;
  /** the document's bytes */
  open(): Promise<Readable>;
}

export interface ArchiveDeps {
  dir: string;
  template: string;
  encoding: IndexEncoding;
  now: () => Date;
  actor: Actor;
}

export interface ArchiveResult {
  dir: string;
  downloaded: IndexRow[];
  corrected: IndexRow[];
  skipped: IndexRow[];
}

const TMP_PREFIX = '.mypage-archive-';

async function download(dir: string, source: Readable): Promise<{ tmp: string; sha256: string }> {
  const tmp = path.join(dir, `${TMP_PREFIX}${randomBytes(6).toString('hex')}.tmp`);
  const { sha256 } = await writeHashedFile(tmp, source, 'wx', 0o644);
  return { tmp, sha256 };
}

/** File systems without hard links (a mounted drive, SMB, FAT): these codes mean "try a copy". */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Gives the downloaded temp file its final name without ever replacing a file: link() (or, where
 * the file system has no hard links, a copy with COPYFILE_EXCL) fails when the name exists, even
 * when another process created it a moment ago.
 */
export async function placeNew(tmp: string, target: string, linkFn: typeof link = link): Promise<void> {
  try {
    await linkFn(tmp, target);
  } catch (err) {
    if (!NO_LINKS.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
    await copyFile(tmp, target, constants.COPYFILE_EXCL);
  }
}

/** Names in DIR (files of earlier runs, and anything a person put there). */
async function takenNames(dir: string, rows: readonly IndexRow[]): Promise<Set<string>> {
  const names = new Set(rows.map((r) => nameKey(r.file)));
  for (const n of await readdir(dir)) names.add(nameKey(n));
  return names;
}

/** Archives `sources` in order; `onEach` sees each decision (for progress). */
export async function archiveDocuments(deps: ArchiveDeps, sources: AsyncIterable<ArchiveSource> | Iterable<ArchiveSource>): Promise<ArchiveResult> {
  const { dir } = deps;
  await mkdir(dir, { recursive: true });
  const release = await acquireLock(dir);
  try {
    return await archiveLocked(deps, sources);
  } finally {
    await release();
  }
}

async function archiveLocked(deps: ArchiveDeps, sources: AsyncIterable<ArchiveSource> | Iterable<ArchiveSource>): Promise<ArchiveResult> {
  const { dir } = deps;
  const book = await readIndex(dir);
  const result: ArchiveResult = { dir, downloaded: [], corrected: [], skipped: [] };
  for await (const source of sources) {
    const { tmp, sha256 } = await download(dir, await source.open());
    try {
      const now = deps.now();
      const taken = await takenNames(dir, book.rows);
      const decision = planDocument(book.rows, taken, { fields: source.fields, sha256 }, source.template ?? deps.template, jstStamp(now));
      const base: Omit<AuditEntry, 'action'> = { time: jstIsoSeconds(now), file: decision.row.file, sha256, seq: decision.row.seq, kind: source.fields.kind, month: source.fields.month, by: deps.actor };
      if (decision.action === 'skip') {
        await appendAudit(dir, [{ ...base, action: 'skipped', detail: { reason: 'same content already archived' } }]);
        result.skipped.push(decision.row);
        continue;
      }
      await placeNew(tmp, path.join(dir, decision.row.file));
      await appendIndex(dir, book, [decision.row], deps.encoding);
      if (decision.action === 'correct') {
        await appendAudit(dir, [{ ...base, action: 'corrected', corrects: decision.corrects.seq, detail: { correctsFile: decision.corrects.file } }]);
        result.corrected.push(decision.row);
      } else {
        await appendAudit(dir, [{ ...base, action: 'downloaded' }]);
        result.downloaded.push(decision.row);
      }
    } finally {
      await rm(tmp, { force: true });
    }
  }
  return result;
}

export const isArchiveTemp = (name: string) => name.startsWith(TMP_PREFIX);
