import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

/*
 * One writer per data folder (SPEC D-13): `mypage.lock` holds the pid of the server that owns the
 * folder. A second server refuses to start, naming the folder and the other process; a lock left
 * by a process that no longer runs is taken over.
 */

export const LOCK_FILE = 'mypage.lock';

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

/** Take the folder's lock or throw DataFolderLocked. Returns the release function. */
export function lockDataFolder(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  const key = path.resolve(dir);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      held.add(key);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(key);
        try {
          unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let pid = NaN;
    try {
      pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    } catch {
      continue; // removed meanwhile: try again
    }
    const ours = pid === process.pid;
    if (Number.isInteger(pid) && pid > 0 && (ours ? held.has(key) : alive(pid))) throw new DataFolderLocked(dir, pid);
    try {
      unlinkSync(file); // stale: its process is gone
    } catch {
      /* someone else took it over first: the next round decides */
    }
  }
  throw new Error(`cannot take the lock of ${dir}`);
}
