import type { Readable, Writable } from 'node:stream';
import type { JsonFilter } from './output/json-filter.js';
import { visible } from './output/visible.js';

/*
 * IOStreams: the one place that decides whether a person is present (TTY), whether to colour,
 * prompt and spin (as gh's iostreams). Prompts (@inquirer/prompts) and spinners (ora) load lazily.
 * Never prompt or spin when stdin/stdout is not a TTY or `--json` is set.
 */

export interface Prompter {
  input(opts: { message: string; default?: string; validate?: (v: string) => true | string }): Promise<string>;
  password(opts: { message: string; validate?: (v: string) => true | string }): Promise<string>;
  confirm(opts: { message: string; default?: boolean }): Promise<boolean>;
  select<T extends string>(opts: { message: string; choices: { name: string; value: T }[] }): Promise<T>;
}

export interface Spinner {
  text: string;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
}

export interface IOStreamsInit {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinTTY: boolean;
  stdoutTTY: boolean;
  stderrTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** injected in tests; default @inquirer/prompts, loaded on first use */
  prompter?: Prompter;
  /** the terminal's width, in tests; default: what stdout reports */
  columns?: number;
}

export class IOStreams {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly isStdinTTY: boolean;
  readonly isStdoutTTY: boolean;
  readonly isStderrTTY: boolean;
  json = false;
  /** `--json-fields` / `--jq`: what printJson makes of a command's JSON */
  jsonFilter?: JsonFilter;
  quiet = false;
  private colorFlag = true;
  private readonly env: NodeJS.ProcessEnv;
  private prompter?: Prompter;
  private active?: Spinner;
  private readonly columns: number | undefined;

  constructor(init: IOStreamsInit) {
    this.stdin = init.stdin;
    this.stdout = init.stdout;
    this.stderr = init.stderr;
    this.isStdinTTY = init.stdinTTY;
    this.isStdoutTTY = init.stdoutTTY;
    this.isStderrTTY = init.stderrTTY;
    this.env = init.env;
    if (init.prompter) this.prompter = init.prompter;
    this.columns = init.columns;
    // `mypage calls list | head -1`: the reader went away. Not an error of ours: stop quietly
    // (an unhandled 'error' event would print a stack trace).
    // Any other failure (stdout redirected to a full disk) is kept for main to report.
    this.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') this.stdoutClosed = true;
      else this.stdoutError ??= err;
    });
  }

  /** Whether whatever read stdout has closed it (EPIPE). */
  stdoutClosed = false;
  /** Why writing to stdout failed (ENOSPC…), if it did. */
  stdoutError?: NodeJS.ErrnoException;

  static system(env: NodeJS.ProcessEnv = process.env): IOStreams {
    return new IOStreams({
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      stdinTTY: Boolean(process.stdin.isTTY),
      stdoutTTY: Boolean(process.stdout.isTTY),
      stderrTTY: Boolean(process.stderr.isTTY),
      env,
    });
  }

  setColor(enabled: boolean): void {
    this.colorFlag = enabled;
  }

  /** Colour only on a terminal, never with NO_COLOR or `--no-color`. */
  colorEnabled(): boolean {
    return this.colorFlag && this.isStdoutTTY && !this.env.NO_COLOR && this.env.TERM !== 'dumb';
  }

  /** A person can answer prompts: stdin and stdout are terminals and `--json` is off. */
  canPrompt(): boolean {
    return this.isStdinTTY && this.isStdoutTTY && !this.json;
  }

  /** Tables for people; tab-separated rows for pipes (as gh). */
  isTableOutput(): boolean {
    return this.isStdoutTTY && !this.json;
  }

  /**
   * The width of the terminal stdout writes to, in columns — undefined off a terminal and when the
   * terminal reports no width (`stty cols 0`, some serial consoles and CI pseudo-terminals): then
   * nothing is laid out by width.
   */
  terminalWidth(): number | undefined {
    if (!this.isStdoutTTY) return undefined;
    return usableWidth(this.columns ?? (this.stdout as Partial<NodeJS.WriteStream>).columns);
  }

  /**
   * A spinner redraws a line of stderr, so it needs to know how wide that line is: in a terminal
   * reporting 0 columns ora counts every frame as infinitely many lines to clear and wrote
   * megabytes of escapes for as long as the request took.
   */
  private spinnerAllowed(): boolean {
    const stderrWidth = usableWidth(this.columns ?? (this.stderr as Partial<NodeJS.WriteStream>).columns);
    return this.isStdoutTTY && this.isStderrTTY && this.isStdinTTY && !this.json && !this.quiet && stderrWidth !== undefined;
  }

  /**
   * Runs `fn` under an ora spinner on stderr when a person is watching; otherwise just runs it.
   * A nested call (a login inside "Fetching contracts…") relabels the running spinner instead of
   * starting a second one; the spinner a call started is always stopped (a left-over one keeps the
   * process alive).
   */
  async spin<T>(label: string, fn: () => Promise<T>): Promise<T> {
    if (!this.spinnerAllowed()) return fn();
    const outer = this.active;
    if (outer) {
      const previous = outer.text;
      outer.text = label;
      try {
        return await fn();
      } finally {
        outer.text = previous;
      }
    }
    const { default: ora } = await import('ora');
    const spinner = ora({ text: label, stream: this.stderr as NodeJS.WriteStream, discardStdin: false }).start();
    this.active = spinner;
    try {
      return await fn();
    } finally {
      spinner.stop();
      if (this.active === spinner) this.active = undefined;
    }
  }

  /** Stop a running spinner (before prompting in the middle of a network call). */
  pauseSpinner(): void {
    this.active?.stop();
    this.active = undefined;
  }

  async prompts(): Promise<Prompter> {
    this.pauseSpinner();
    if (!this.prompter) {
      const p = await import('@inquirer/prompts');
      const ctx = { input: this.stdin, output: this.stderr } as const;
      this.prompter = {
        input: (o) => p.input({ ...o, message: visible(o.message) }, ctx),
        password: (o) => p.password({ ...o, message: visible(o.message), mask: '*' }, ctx),
        confirm: (o) => p.confirm({ ...o, message: visible(o.message) }, ctx),
        select: (o) => p.select({ ...o, message: visible(o.message), choices: o.choices.map((c) => ({ ...c, name: visible(c.name) })) }, ctx),
      };
    }
    return this.prompter;
  }

  /** A note for people on stderr (suppressed by --quiet). */
  info(text: string): void {
    if (!this.quiet) this.stderr.write(line(text));
  }

  /** A warning on stderr (always shown). */
  warn(text: string): void {
    this.stderr.write(line(text));
  }

  out(text: string): void {
    this.stdout.write(line(text));
  }
}

/** A terminal width that can be laid out in: a positive whole number of columns. */
function usableWidth(columns: unknown): number | undefined {
  return typeof columns === 'number' && Number.isFinite(columns) && columns >= 1 ? Math.floor(columns) : undefined;
}

/** One line of text for a person: control characters from server data made visible. */
function line(text: string): string {
  const t = visible(text);
  return t.endsWith('\n') ? t : t + '\n';
}
