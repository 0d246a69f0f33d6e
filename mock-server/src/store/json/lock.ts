import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

/*
 * One writer per data folder (SPEC D-13): `mypage.lock` holds the pid of the server that owns the
 * folder. A second server refuses to start, naming the folder and the other process; a lock left
 * by a process that no longer runs is taken over.
 *
 * Two races are closed here, both between servers started at the same instant:
 * - the lock file is never seen empty: its content is written to a private file first and then
 *   hard-linked to the lock's name (`link` fails if the name exists, atomically), so no reader
 *   takes a half-created lock for a stale one;
 * - a stale lock is removed by one process only: the remover holds `mypage.lock.takeover` (taken
 *   the same way) and removes the lock only if it still names the dead pid it saw. Without the
 *   guard, two servers that both saw the dead pid could each remove the lock — the second one
 *   removing the fresh lock of the first — and both would run.
 */

export const LOCK_FILE = 'mypage.lock';
const TAKEOVER_FILE = `${LOCK_FILE}.takeover`;
const ATTEMPTS = 200;
const PAUSE_MS = 5;

export class DataFolderLocked extends Error {
  override name = 'DataFolderLocked';
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`the data folder ${dir} is in use by another mypage-server (pid ${pid}); stop it first, or use another --data folder`);
  }
}

/** Folders this process holds (a lock naming our own pid that we do not hold is stale: a container restart). */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The pid a lock file names; undefined when it is gone or names none. */
function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Create `file` holding our pid, or return false when it exists. The name appears with its
 * content (a hard link of a private file); on a file system without hard links, an exclusive
 * create and a write (a reader can then see it empty for an instant: it retries, see below).
 */
function createExclusive(file: string): boolean {
  const content = `${process.pid}\n`;
  // `.pid` suffix, not `.tmp`: the engine's start-up sweep of stray `.tmp` files must not remove
  // another starting server's private file
  const own = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.pid`;
  writeFileSync(own, content, { mode: 0o600 });
  try {
    linkSync(own, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
  } finally {
    try {
      unlinkSync(own);
    } catch {
      /* already gone */
    }
  }
  try {
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, content);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* already gone */
  }
}

/** Remove the lock if it still names `stalePid`, under the takeover guard. */
export function takeOverStaleLock(dir: string, stalePid: number): void {
  const guard = path.join(dir, TAKEOVER_FILE);
  if (!createExclusive(guard)) {
    // another server is taking over; a guard whose process died during its takeover is removed
    // (its window is a few system calls long)
    const owner = readPid(guard);
    if (owner !== undefined && owner !== process.pid && !alive(owner)) removeQuietly(guard);
    return;
  }
  try {
    const file = path.join(dir, LOCK_FILE);
    if (readPid(file) === stalePid) unlinkSync(file);
  } finally {
    removeQuietly(guard);
  }
}

/** Take the folder's lock or throw DataFolderLocked. Returns the release function. */
export function lockDataFolder(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const key = path.resolve(dir);
  let unreadable = 0;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) pause(PAUSE_MS);
    if (createExclusive(file)) {
      held.add(key);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(key);
        removeQuietly(file);
      };
    }
    const pid = readPid(file);
    if (pid === undefined) {
      // gone meanwhile (try again), or named no pid: an instant of the fallback's exclusive
      // create, or a lock damaged by a crash — taken over after a few looks
      if (++unreadable < 20) continue;
      removeQuietly(file);
      unreadable = 0;
      continue;
    }
    const ours = pid === process.pid;
    if (ours ? held.has(key) : alive(pid)) throw new DataFolderLocked(dir, pid);
    takeOverStaleLock(dir, pid); // stale: its process is gone
  }
  throw new Error(`cannot take the lock of ${dir}`);
}
