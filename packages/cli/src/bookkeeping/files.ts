import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { placeWithoutClobber } from '../download.js';

/*
 * Writing an export: to a regular file through a temporary file and a rename (no half-written
 * journal is ever left for an import to pick up), into a device or named pipe as it is. An existing
 * file is replaced only with `clobber` (`--clobber`, as downloads): without it the finished file is
 * given its name by link(), which fails if a file of that name is there — even one that appeared
 * while the export ran.
 */

export async function writeFileAtomic(target: string, bytes: Buffer, clobber = true): Promise<void> {
  const info = await stat(target).catch(() => null);
  if (info?.isDirectory()) throw Object.assign(new Error(`${target} is a folder`), { code: 'EISDIR' });
  if (info && !info.isFile()) {
    await writeFile(target, bytes);
    return;
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, bytes, { mode: 0o644 });
    if (clobber) await rename(tmp, target);
    else {
      await placeWithoutClobber(tmp, target);
      await rm(tmp, { force: true });
    }
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
