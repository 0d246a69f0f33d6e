import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Download } from '@mypage/sdk';
import type { Terminal } from './cmdutil.js';
import { usageError } from './errors.js';

/**
 * Where `-o` points: the given file, or — when it names an existing folder (or ends with `/`) —
 * the command's usual file name inside it (`-o invoices/` → `invoices/invoice-2023-10.pdf`).
 */
export async function outputPath(output: string | undefined, defaultName: string): Promise<string> {
  if (output === undefined) return defaultName;
  if (output === '-') return output;
  if (/[/\\]$/.test(output)) return path.join(output, defaultName);
  const info = await stat(output).catch(() => null);
  return info?.isDirectory() ? path.join(output, defaultName) : output;
}

/**
 * `-o -` with stdout on a terminal would dump a binary PDF into it (escape sequences and all):
 * refused before anything is fetched, as gh does (exit 2).
 */
export function refuseBinaryToTerminal(f: Terminal, output: string | undefined): void {
  if (output !== '-' || !f.io.isStdoutTTY) return;
  throw usageError(
    '端末に PDF を出力することはできません。-o でファイル名を指定するか、`> ファイル` やパイプへ出力してください。',
    'Refusing to write a binary PDF to the terminal: name a file with -o, or redirect stdout (`-o - > file.pdf`, `| …`).',
  );
}

/** A device, FIFO or socket (`/dev/null`, a named pipe): written into, never replaced. */
export async function isSpecialFile(p: string): Promise<boolean> {
  const info = await stat(p).catch(() => null);
  return info !== null && !info.isFile() && !info.isDirectory();
}

/**
 * Writes a download to `-o` (see outputPath; temp file + rename inside the SDK: no partial file on
 * error), or to stdout for `-`. Answers where it went, or null for stdout.
 */
export async function saveDownload(f: Terminal, download: Download, output: string | undefined, defaultName: string): Promise<{ path: string; bytes: number; contentType: string } | null> {
  const target = await outputPath(output, defaultName);
  if (target === '-') {
    const { pipeline } = await import('node:stream/promises');
    await pipeline(download.toNodeStream(), f.io.stdout, { end: false });
    return null;
  }
  const saved = await download.saveTo(path.resolve(target));
  return { path: target, bytes: saved.bytes, contentType: download.contentType };
}
