import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { syncDirSync, writeDurableSync } from '../../infra/durable-sync.js';

/*
 * The JSON engine's file operations. Injected (`JsonFs`) so a test can make a write fail as a
 * full disk or an I/O error does; the default is the real file system.
 *
 * A commit writes every changed file as a temporary file beside it (fsynced), then renames them
 * over the old ones. When more than one file changes, a commit record (`commit.json`, itself
 * written atomically) lists the renames first: it is the commit point. A crash before it leaves
 * the old files (the temporaries are deleted at the next start); a crash after it is completed at
 * the next start by doing the listed renames again (roll forward).
 *
 * `commitFilesSync` does the same with synchronous calls, in the caller's turn: the engine uses it
 * for the first write of an idle moment (engine.ts says why).
 */

export interface JsonFs {
  /** Write `text` to `file` and fsync it (a new file; the folder exists). */
  writeDurable(file: string, text: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** fsync a folder, so the renames in it survive a power cut. */
  syncDir(dir: string): Promise<void>;
  mkdir(dir: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

export const nodeFs: JsonFs = {
  async writeDurable(file, text) {
    const handle = await open(file, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => rename(from, to),
  async syncDir(dir) {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  mkdir: async (dir) => {
    await mkdir(dir, { recursive: true });
  },
  unlink: (file) => unlink(file),
};

/** The same operations, synchronous (the calling thread waits for the disk). */
export interface JsonSyncFs {
  writeDurable(file: string, text: string): void;
  rename(from: string, to: string): void;
  syncDir(dir: string): void;
  mkdir(dir: string): void;
  unlink(file: string): void;
}

export const nodeSyncFs: JsonSyncFs = {
  writeDurable: writeDurableSync,
  rename: (from, to) => renameSync(from, to),
  syncDir: syncDirSync,
  mkdir: (dir) => void mkdirSync(dir, { recursive: true }),
  unlink: (file) => unlinkSync(file),
};

export const COMMIT_FILE = 'commit.json';
const TMP_SUFFIX = '.tmp';
let counter = 0;

/** A failure after the commit point: the data is safe on disk, but this process cannot go on writing. */
export class CommittedButBroken extends Error {
  override name = 'CommittedButBroken';
}

/** Run `work` on every item, at most `limit` at a time (fsyncs in parallel share the journal's commits). */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < items.length && errors.length === 0) {
      const item = items[next++]!;
      // a work that throws instead of rejecting fails its item, not its lane (the others are waited for)
      await Promise.resolve()
        .then(() => work(item))
        .catch((error: unknown) => errors.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (errors.length > 0) throw errors[0];
}

const PARALLEL_WRITES = 32;

/** Where each file of a commit is written first, and the folders the commit touches. */
function plan(dir: string, files: Map<string, string>) {
  const dirs = new Set<string>();
  const entries = [...files].map(([rel, text]) => {
    const target = path.join(dir, rel);
    dirs.add(path.dirname(target));
    return { target, text, tmp: `${target}.${process.pid}.${counter++}${TMP_SUFFIX}` };
  });
  return { dirs, entries };
}

const commitRecord = (dir: string, renames: [string, string][]) => ({
  tmp: `${path.join(dir, COMMIT_FILE)}.${process.pid}.${counter++}${TMP_SUFFIX}`,
  text: JSON.stringify(renames.map(([from, to]) => [path.relative(dir, from), path.relative(dir, to)])),
});

/**
 * One step of a commit: the same operation on each of its items. `commitFiles` does a step's items
 * in parallel (at most PARALLEL_WRITES at a time), `commitFilesSync` one after the other; neither
 * starts a step before the one before it is done.
 */
type Step = { op: 'writeDurable' | 'rename'; pairs: [string, string][] } | { op: 'mkdir' | 'syncDir' | 'unlink'; paths: string[]; ignoreErrors?: boolean };

/**
 * A commit of `files` into `dir` as its steps, in order (the protocol above, written once for both
 * runners). The runner hands a step's failure back (`throw` into the generator), so the clean-up
 * and the CommittedButBroken below happen whichever runner ran the step.
 */
function* commitSteps(dir: string, files: Map<string, string>): Generator<Step, void, void> {
  const { dirs, entries } = plan(dir, files);
  let renames: [string, string][] = [];
  let record: { tmp: string; text: string } | undefined;
  let recordPlaced = false;
  try {
    yield { op: 'mkdir', paths: [...dirs] };
    yield { op: 'writeDurable', pairs: entries.map((e) => [e.tmp, e.text]) };
    renames = entries.map((e) => [e.tmp, e.target]);
    if (renames.length > 1) {
      record = commitRecord(dir, renames);
      yield { op: 'writeDurable', pairs: [[record.tmp, record.text]] };
      yield { op: 'rename', pairs: [[record.tmp, path.join(dir, COMMIT_FILE)]] };
      recordPlaced = true;
      yield { op: 'syncDir', paths: [dir] }; // the commit point
    } else if (renames.length === 1) {
      yield { op: 'rename', pairs: renames }; // the commit point (rename is atomic)
      renames = [];
    }
  } catch (error) {
    // The commit record is in place but the fsync that makes it the commit point failed: it is taken
    // back, durably, before the temporaries go — else a power cut could leave it on disk with only
    // some of them, and the next start would roll forward part of a commit. (If taking it back fails
    // too, the temporaries stay: the next start then rolls the whole commit forward.)
    if (recordPlaced) {
      yield { op: 'unlink', paths: [path.join(dir, COMMIT_FILE)] };
      yield { op: 'syncDir', paths: [dir] };
    }
    // Written ones, and ones cut off mid-write (a full disk): none may stay — the commit record's neither.
    yield { op: 'unlink', paths: [...entries.map((e) => e.tmp), ...(record ? [record.tmp] : [])], ignoreErrors: true };
    throw error;
  }
  try {
    yield { op: 'rename', pairs: renames };
    yield { op: 'syncDir', paths: [...dirs] };
    if (renames.length > 0) yield { op: 'unlink', paths: [path.join(dir, COMMIT_FILE)] };
  } catch (error) {
    throw new CommittedButBroken((error as Error).message, { cause: error });
  }
}

/** Write `files` (relative path → content) into `dir` atomically (all or none, see above). */
export async function commitFiles(fs: JsonFs, dir: string, files: Map<string, string>): Promise<void> {
  const steps = commitSteps(dir, files);
  for (let next = steps.next(); !next.done; ) {
    const step = next.value;
    let failure: { error: unknown } | undefined;
    try {
      if ('pairs' in step) await inParallel(step.pairs, PARALLEL_WRITES, ([a, b]) => fs[step.op](a, b));
      else await inParallel(step.paths, PARALLEL_WRITES, (p) => (step.ignoreErrors ? fs[step.op](p).catch(() => undefined) : fs[step.op](p)));
    } catch (error) {
      failure = { error };
    }
    next = failure ? steps.throw(failure.error) : steps.next();
  }
}

/** commitFiles with synchronous calls: the same files, fsyncs, renames and commit point, in order. */
export function commitFilesSync(fs: JsonSyncFs, dir: string, files: Map<string, string>): void {
  const steps = commitSteps(dir, files);
  for (let next = steps.next(); !next.done; ) {
    const step = next.value;
    let failure: { error: unknown } | undefined;
    try {
      if ('pairs' in step) for (const [a, b] of step.pairs) fs[step.op](a, b);
      else
        for (const p of step.paths) {
          try {
            fs[step.op](p);
          } catch (error) {
            if (!step.ignoreErrors) throw error;
          }
        }
    } catch (error) {
      failure = { error };
    }
    next = failure ? steps.throw(failure.error) : steps.next();
  }
}

/** At start: finish a commit a crash interrupted, and delete temporary files. */
export function recoverFolder(dir: string): void {
  const record = path.join(dir, COMMIT_FILE);
  if (existsSync(record)) {
    const renames = JSON.parse(readFileSync(record, 'utf8')) as [string, string][];
    for (const [from, to] of renames) {
      const source = path.join(dir, from);
      if (!existsSync(source)) continue; // renamed before the crash
      mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
      renameSync(source, path.join(dir, to));
    }
    unlinkSync(record);
  }
  for (const file of listFiles(dir)) if (file.endsWith(TMP_SUFFIX)) unlinkSync(file);
}

/** Every file under `dir` (recursive), full paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
