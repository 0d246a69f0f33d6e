import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Download } from '@mypage/sdk';
import type { Terminal } from './cmdutil.js';
import { CliError, ExitCode, usageError } from './errors.js';

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

/** A download never replaces a file unless `--clobber` says so (as `gh release download`). */
export function fileExistsError(target: string): CliError {
  return new CliError(
    'FILE_EXISTS',
    `ファイルが既にあります: ${target}（上書きするには --clobber を指定してください）`,
    `${target} already exists: pass --clobber to overwrite it, or name another file with -o.`,
    ExitCode.usage,
  );
}

/**
 * Gives a finished temporary file the name `target` with link() (archive's placeNew), which fails
 * if a file of that name is there — even one that appeared while the file was being written:
 * FILE_EXISTS (exit 2), nothing replaced. The temporary file stays for the caller to remove.
 */
export async function placeWithoutClobber(tmp: string, target: string): Promise<void> {
  const { placeNew } = await import('./archive/archive.js');
  await placeNew(tmp, path.resolve(target)).catch((err: NodeJS.ErrnoException) => {
    throw err.code === 'EEXIST' ? fileExistsError(target) : err;
  });
}

/**
 * Where a download will go (see outputPath), refused with FILE_EXISTS (exit 2) when a regular file
 * is there and `clobber` is off — called before anything is fetched.
 */
export async function downloadTarget(output: string | undefined, defaultName: string, clobber: boolean): Promise<string> {
  const target = await outputPath(output, defaultName);
  if (target === '-' || clobber) return target;
  const info = await stat(target).catch(() => null);
  if (info?.isFile() || info?.isDirectory()) throw fileExistsError(target);
  return target;
}

/**
 * Writes a download to `target` (from downloadTarget; temp file inside the SDK: no partial file on
 * error), or to stdout for `-`. Without `clobber` the finished file is given its name by link()
 * (archive's placeNew), which fails if a file of that name appeared meanwhile: nothing is replaced.
 * Answers where it went, or null for stdout.
 */
export async function saveDownload(
  f: Terminal,
  download: Download,
  target: string,
  clobber: boolean,
): Promise<{ path: string; bytes: number; contentType: string } | null> {
  if (target === '-') {
    const { pipeline } = await import('node:stream/promises');
    await pipeline(download.toNodeStream(), f.io.stdout, { end: false });
    return null;
  }
  const resolved = path.resolve(target);
  if (clobber || (await isSpecialFile(resolved))) {
    const saved = await download.saveTo(resolved);
    return { path: target, bytes: saved.bytes, contentType: download.contentType };
  }
  const { randomBytes } = await import('node:crypto');
  const { rm } = await import('node:fs/promises');
  const tmp = path.join(path.dirname(resolved), `.${path.basename(resolved)}.${randomBytes(6).toString('hex')}.new`);
  try {
    const saved = await download.saveTo(tmp);
    await placeWithoutClobber(tmp, target);
    return { path: target, bytes: saved.bytes, contentType: download.contentType };
  } finally {
    await rm(tmp, { force: true });
  }
}
