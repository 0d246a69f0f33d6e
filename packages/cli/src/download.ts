import path from 'node:path';
import type { Download } from '@mypage/sdk';
import type { Factory } from './factory.js';

/**
 * Writes a download to `target` (temp file + rename inside the SDK: no partial file on error), or
 * to stdout for `-`. Answers where it went, or null for stdout.
 */
export async function saveDownload(f: Factory, download: Download, target: string): Promise<{ path: string; bytes: number; contentType: string } | null> {
  if (target === '-') {
    const { pipeline } = await import('node:stream/promises');
    await pipeline(download.toNodeStream(), f.io.stdout, { end: false });
    return null;
  }
  const saved = await download.saveTo(path.resolve(target));
  return { path: target, bytes: saved.bytes, contentType: download.contentType };
}
