import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AUDIT_FILE } from './audit.js';
import { encode, INDEX_FILE, indexCsv, type IndexEncoding, type IndexRow } from './index-book.js';

/*
 * `bills archive search --export OUT.csv`: the matching rows, with the index's header, as a CSV
 * for a tax officer's request (ダウンロードの求め). Never written over the archive's own files.
 */

export class ExportTargetError extends Error {}

export async function exportRows(out: string, dir: string, rows: readonly IndexRow[], all: readonly IndexRow[], encoding: IndexEncoding): Promise<{ path: string; rows: number; bytes: number }> {
  const target = path.resolve(out);
  const archiveDir = path.resolve(dir);
  if (path.dirname(target) === archiveDir) {
    const name = path.basename(target).normalize('NFC').toLowerCase();
    const own = [INDEX_FILE, AUDIT_FILE, ...all.map((r) => r.file)].map((n) => n.normalize('NFC').toLowerCase());
    if (own.includes(name)) throw new ExportTargetError(path.basename(target));
  }
  const bytes = encode(indexCsv(rows, true), encoding);
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, target);
  return { path: target, rows: rows.length, bytes: bytes.length };
}
