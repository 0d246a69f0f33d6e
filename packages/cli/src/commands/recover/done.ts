import { printJson } from '../../output/print.js';
import type { Terminal } from '../../cmdutil.js';

export function done(f: Terminal, r: { message: string }): void {
  if (f.io.json) return printJson(f.io, r);
  f.io.info(`✓ ${r.message}`);
}
