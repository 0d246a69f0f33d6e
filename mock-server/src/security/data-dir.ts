import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * The data folder holds the store (password hashes, sessions) and the outbox (mails): only the
 * server's own user may read it. The folder and its sub-folders are 0700, its files 0600 —
 * also when an older version (or a umask of 022) created them 0755 / 0644. Nothing else is
 * touched: links are not followed, and on Windows (no POSIX modes) this does nothing.
 */
export function secureDataDir(dir: string, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (platform === 'win32') return;
  tighten(dir, 0);
}

function tighten(dir: string, depth: number): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && depth < 2) tighten(full, depth + 1);
    else if (entry.isFile() && (statSync(full).mode & 0o077) !== 0) chmodSync(full, 0o600);
  }
}
