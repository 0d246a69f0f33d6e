import { writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { FactoryInit } from './factory.js';
import { ROOT_HELP } from './root-help.js';
import { layoutHelp } from './root-help-layout.js';

export type { FactoryInit } from './factory.js';
export type { Prompter } from './iostreams.js';

/** The command lines that print the root help and nothing else: `mypage`, `mypage --help`, `-h`, `help`. */
const ROOT_HELP_ARGS = new Set(['', '--help', '-h', 'help']);

/**
 * The `mypage` CLI. `argv` is `process.argv` (node, script, args…). Answers the exit code; never
 * throws and never prints a stack trace.
 *
 * The root help is printed from its parts (root-help.ts, generated from the program) laid out as
 * commander lays it out — 80 columns off a terminal, the terminal's width on one (index.test.ts
 * proves both equal to the program's help) — without loading the program (commander, the
 * factory): that was most of what `mypage --help` cost.
 */
export async function main(argv: string[], init?: Partial<FactoryInit>): Promise<number> {
  const args = argv.slice(2);
  if (init === undefined && args.length <= 1 && ROOT_HELP_ARGS.has(args[0] ?? '')) {
    // process.stdout is made only for a terminal (on a pipe that loads net and stream code)
    if (await printed(layoutHelp(ROOT_HELP, isatty(1) ? process.stdout.columns : undefined))) return 0;
  }
  const { run } = await import('./run.js');
  return run(argv, init);
}

/**
 * Writes to stdout (file descriptor 1, without making the `process.stdout` stream: on a pipe that
 * loads Node's net and stream code, ≈ 15 ms); true when written or when the reader went away
 * (`mypage --help | head -1`, as the program treats it), false on any other failure (a full disk):
 * the program then runs and reports it as usual.
 */
function printed(text: string): Promise<boolean> {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  try {
    while (done < bytes.length) done += writeSync(1, bytes, done);
    return Promise.resolve(true);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return Promise.resolve(true);
    // a non-blocking pipe that is full: the stream waits for it
    if (code === 'EAGAIN') return streamed(bytes.subarray(done));
    return Promise.resolve(false);
  }
}

function streamed(bytes: Uint8Array): Promise<boolean> {
  return new Promise((resolve) => {
    const onError = (err: NodeJS.ErrnoException) => resolve(err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED');
    process.stdout.once('error', onError);
    process.stdout.write(bytes, (err) => {
      if (err) return; // the 'error' event decides
      process.stdout.off('error', onError);
      resolve(true);
    });
  });
}
