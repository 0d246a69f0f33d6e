import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Streams `source` into `file` (`wx`: a new file; `w`: replaced), hashing it on the way, and
 * answers its SHA-256 and size. When the copy fails the file is removed. The file is created
 * before the copy starts: a write stream that opened it itself could still be opening when a
 * failed source ends the pipeline, and create it after the removal.
 */
export async function writeHashedFile(file: string, source: Readable, flags: 'w' | 'wx', mode = 0o666): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  const handle = await open(file, flags, mode);
  try {
    await pipeline(source, tap, handle.createWriteStream());
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  return { sha256: hash.digest('hex'), bytes };
}
