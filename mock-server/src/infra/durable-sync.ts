import { closeSync, fsyncSync, openSync, writeFileSync } from 'node:fs';

/*
 * Durable writes with synchronous calls (the calling thread waits for the disk): the JSON engine's
 * and the outbox's first write of an idle moment (infra/sync-turn.ts).
 */

/** Write `text` to a new `file` (mode 0600) and fsync it. */
export function writeDurableSync(file: string, text: string): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync a folder, so the renames in it survive a power cut. */
export function syncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
