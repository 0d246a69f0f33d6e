import type { IOStreams } from '../iostreams.js';
import { printJson } from './print.js';
import { t, type Lang } from '../lang.js';

export interface SavedFile {
  path: string;
  bytes: number;
  contentType?: string;
  [k: string]: unknown;
}

/**
 * Tells where a download went: JSON on stdout with `--json`; a sentence on stderr on a terminal;
 * the bare path on stdout in a pipe (so `$(mypage bills download)` is the file name).
 */
export function reportSaved(io: IOStreams, lang: Lang, saved: SavedFile): void {
  if (io.json) return printJson(io, saved);
  if (io.isStdoutTTY) {
    io.info(t(lang, `保存しました: ${saved.path} (${saved.bytes.toLocaleString('ja-JP')} バイト)`, `Saved ${saved.path} (${saved.bytes.toLocaleString('en-US')} bytes)`));
    return;
  }
  io.out(saved.path);
}
