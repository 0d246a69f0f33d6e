import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AUDIT_FILE } from './audit.js';
import { sha256OfFile } from './hash.js';
import { INDEX_FILE, readIndex } from './index-book.js';

/*
 * `bills archive verify` (D-10, D-11): recompute every hash of the index and compare; list the
 * files the index does not name. Any finding → exit code 8. Dot-files (`.DS_Store`, `.git`) and
 * folders are not documents and are left out; the index and audit.log are the archive's own.
 */

export interface VerifyResult {
  dir: string;
  ok: boolean;
  checked: number;
  missing: { seq: number; file: string }[];
  changed: { seq: number; file: string; expected: string; actual: string }[];
  unlisted: string[];
}

export async function verifyArchive(dir: string): Promise<VerifyResult> {
  const { rows } = await readIndex(dir);
  const missing: VerifyResult['missing'] = [];
  const changed: VerifyResult['changed'] = [];
  for (const r of rows) {
    const actual = await sha256OfFile(path.join(dir, r.file));
    if (actual === null) missing.push({ seq: r.seq, file: r.file });
    else if (actual !== r.sha256) changed.push({ seq: r.seq, file: r.file, expected: r.sha256, actual });
  }
  const listed = new Set(rows.map((r) => r.file.normalize('NFC')));
  const unlisted: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (name.startsWith('.') || name === INDEX_FILE || name === AUDIT_FILE) continue;
    if (listed.has(name.normalize('NFC'))) continue;
    if ((await stat(path.join(dir, name))).isFile()) unlisted.push(name);
  }
  return { dir, ok: missing.length + changed.length + unlisted.length === 0, checked: rows.length, missing, changed, unlisted };
}
