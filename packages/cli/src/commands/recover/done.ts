import { printJson } from '../../output/print.js';
import type { Terminal } from '../../cmdutil.js';

/**
 * The confirmation of a recovery step: the server's Japanese message under `--lang ja`, the
 * English one (the same meaning, written here: the server answers in Japanese only) under `en`.
 */
export function done(f: Terminal, r: { message: string }, en: string): void {
  if (f.io.json) return printJson(f.io, r);
  f.io.info(`✓ ${f.lang === 'ja' ? r.message : en}`);
}
