import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { writeHashedFile } from '../hashed-file.js';

/*
 * Idempotent monthly pulls (`calls sync`, `bills sync`): a `manifest.json` in the folder records
 * the sha256 of every file; a month is written only when new or changed, through a temp file and
 * a rename (atomic), and the manifest itself is rewritten only when something changed.
 */

export const MANIFEST = 'manifest.json';

export interface ManifestEntry {
  month: string;
  sha256: string;
  bytes: number;
  /** the server's ETag of these bytes (invoice PDFs), to ask for them again only if changed */
  etag?: string;
}

export interface Manifest {
  version: 1;
  kind: 'calls' | 'bills';
  options: Record<string, string | null>;
  files: Record<string, ManifestEntry>;
}

export type Change = 'added' | 'updated' | 'unchanged';

export async function loadManifest(dir: string, kind: Manifest['kind'], options: Manifest['options']): Promise<{ manifest: Manifest; text: string | null }> {
  let text: string | null = null;
  try {
    text = await readFile(path.join(dir, MANIFEST), 'utf8');
  } catch {
    // first run
  }
  if (text) {
    try {
      const m = JSON.parse(text) as Manifest;
      // other options (another encoding, another contract) make every file different: start over
      if (m.version === 1 && m.kind === kind && JSON.stringify(m.options) === JSON.stringify(options)) return { manifest: m, text };
    } catch {
      // a damaged manifest: rebuild it from what the server has
    }
  }
  return { manifest: { version: 1, kind, options, files: {} }, text };
}

export async function saveManifest(dir: string, manifest: Manifest, previousText: string | null): Promise<boolean> {
  const sorted: Manifest = { ...manifest, files: Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b))) };
  const text = JSON.stringify(sorted, null, 2) + '\n';
  if (text === previousText) return false;
  const file = path.join(dir, MANIFEST);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
  return true;
}

async function sha256OfFile(file: string): Promise<string | null> {
  try {
    const hash = createHash('sha256');
    await pipeline(createReadStream(file), hash);
    return hash.digest('hex');
  } catch {
    return null;
  }
}

/** True when `file` is on disk with the bytes `entry` records (not changed or damaged since). */
export async function sameAsManifest(file: string, entry: ManifestEntry): Promise<boolean> {
  return (await sha256OfFile(file)) === entry.sha256;
}

/**
 * Streams `source` into `dir/name` unless the same bytes are already there (per the manifest and
 * the file on disk). Never leaves a partial file.
 */
export async function writeIfChanged(dir: string, name: string, month: string, source: Readable, manifest: Manifest): Promise<Change> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  const tmp = `${file}.${process.pid}.tmp`;
  const { sha256, bytes } = await writeHashedFile(tmp, source, 'w');
  const known = manifest.files[name];
  const onDisk = await stat(file).then(
    () => true,
    () => false,
  );
  if (known && known.sha256 === sha256 && onDisk && (await sha256OfFile(file)) === sha256) {
    await rm(tmp, { force: true });
    return 'unchanged';
  }
  await rename(tmp, file);
  manifest.files[name] = { month, sha256, bytes };
  return known && onDisk ? 'updated' : 'added';
}

export interface SyncSummary {
  dir: string;
  added: string[];
  updated: string[];
  unchanged: string[];
  skipped: { month: string; code: string }[];
  manifestWritten: boolean;
}
