import { open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/*
 * One `bills archive` at a time per folder: two runs appending to 索引簿.csv together could give
 * two rows the same 連番. The lock is a dot-file created exclusively; a lock left by a process of
 * this machine that no longer runs (killed) is taken over.
 */

export const LOCK_FILE = '.mypage-archive.lock';

export class ArchiveBusyError extends Error {
  constructor(readonly holder: string) {
    super(`archive in use by ${holder}`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireLock(dir: string, self = { pid: process.pid, host: os.hostname() }): Promise<() => Promise<void>> {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(JSON.stringify(self));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: { pid?: number; host?: string } = {};
    try {
      holder = JSON.parse(await readFile(file, 'utf8')) as typeof holder;
    } catch {
      // being written this very moment, or damaged: treat as held
    }
    const stale = holder.host === self.host && typeof holder.pid === 'number' && !alive(holder.pid);
    if (!stale || attempt > 0) throw new ArchiveBusyError(`${holder.host ?? '?'} pid ${holder.pid ?? '?'}`);
    await rm(file, { force: true });
  }
  throw new ArchiveBusyError('?');
}
