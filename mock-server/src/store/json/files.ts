import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/*
 * The JSON engine's file operations. Injected (`JsonFs`) so a test can make a write fail as a
 * full disk or an I/O error does; the default is the real file system.
 *
 * A commit writes every changed file as a temporary file beside it (fsynced), then renames them
 * over the old ones. When more than one file changes, a commit record (`commit.json`, itself
 * written atomically) lists the renames first: it is the commit point. A crash before it leaves
 * the old files (the temporaries are deleted at the next start); a crash after it is completed at
 * the next start by doing the listed renames again (roll forward).
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

export const COMMIT_FILE = 'commit.json';
const TMP_SUFFIX = '.tmp';
let counter = 0;

/** A failure after the commit point: the data is safe on disk, but this process cannot go on writing. */
export class CommittedButBroken extends Error {
  override name = 'CommittedButBroken';
}

/** Write `files` (relative path → content) into `dir` atomically (all or none, see above). */
export async function commitFiles(fs: JsonFs, dir: string, files: Map<string, string>): Promise<void> {
  const renames: [string, string][] = [];
  const dirs = new Set<string>();
  try {
    for (const [rel, text] of files) {
      const target = path.join(dir, rel);
      const tmp = `${target}.${process.pid}.${counter++}${TMP_SUFFIX}`;
      dirs.add(path.dirname(target));
      await fs.mkdir(path.dirname(target));
      await fs.writeDurable(tmp, text);
      renames.push([tmp, target]);
    }
    if (renames.length > 1) {
      const record = path.join(dir, COMMIT_FILE);
      const tmp = `${record}.${process.pid}.${counter++}${TMP_SUFFIX}`;
      await fs.writeDurable(tmp, JSON.stringify(renames.map(([from, to]) => [path.relative(dir, from), path.relative(dir, to)])));
      await fs.rename(tmp, record);
      await fs.syncDir(dir); // the commit point
    } else if (renames.length === 1) {
      await fs.rename(renames[0]![0], renames[0]![1]); // the commit point (rename is atomic)
      renames.length = 0;
    }
  } catch (error) {
    await Promise.all(renames.map(([tmp]) => fs.unlink(tmp).catch(() => undefined)));
    throw error;
  }
  try {
    for (const [from, to] of renames) await fs.rename(from, to);
    for (const d of dirs) await fs.syncDir(d);
    if (renames.length > 0) await fs.unlink(path.join(dir, COMMIT_FILE));
  } catch (error) {
    throw new CommittedButBroken((error as Error).message, { cause: error });
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
