import { visible } from './output/visible.js';
import { CommanderError } from 'commander';
import { CliError, errorReport, ExitCode, formatErrorText } from './errors.js';
import { Factory, type FactoryInit } from './factory.js';
import { IOStreams } from './iostreams.js';
import { parseLang } from './lang.js';
import { configureTree, loadProgram } from './program.js';

/**
 * The `mypage` CLI run (index.ts's `main` without its root-help shortcut). `argv` is `process.argv`
 * (node, script, args…). Answers the exit code; never throws and never prints a stack trace.
 */
export async function run(argv: string[], init?: Partial<FactoryInit>): Promise<number> {
  const env = init?.env ?? process.env;
  const io = init?.io ?? IOStreams.system(env);
  // Ctrl-C / SIGTERM abort the run's requests, so a download or export removes its temp file and
  // the command ends with "Cancelled" (exit 130); a second Ctrl-C ends the process at once.
  const interrupt = init?.signal ? null : onInterrupt();
  const signal = init?.signal ?? interrupt!.signal;
  const f = new Factory({ ...init, io, env, signal });
  const args = argv.slice(2);
  // --json / --lang must shape even errors that happen before commander calls our hooks
  if (args.some((a) => a === '--json' || /^--(json-fields|jq)(=|$)/.test(a))) io.json = true;
  const langAt = args.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (langAt !== -1) f.lang = parseLang(args[langAt]!.includes('=') ? args[langAt]!.split('=')[1] : args[langAt + 1], env);

  let code: number = ExitCode.ok;
  try {
    const program = await loadProgram(f, args);
    configureTree(program, f);
    if (args.length === 0) {
      program.outputHelp();
      return ExitCode.ok;
    }
    await program.parseAsync(argv);
  } catch (err) {
    if (isBrokenPipe(err) || io.stdoutClosed) io.stdoutClosed = true;
    else code = signal.aborted ? report(f, cancelled()) : report(f, toCliError(err));
  } finally {
    interrupt?.dispose();
  }
  try {
    await f.close();
  } catch {
    // keeping the session is best effort; the command's own result stands
  }
  // a failed write to stdout (`> file` on a full disk) is reported a tick after the write
  await new Promise((resolve) => setImmediate(resolve));
  if (io.stdoutError && code === ExitCode.ok) code = report(f, io.stdoutError);
  return code;
}

/** The reader of stdout went away (`| head`): the output was not wanted any more, not a failure. */
function isBrokenPipe(err: unknown): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === 'EPIPE';
}

function cancelled(): CliError {
  return new CliError('CANCELLED', '中止しました。', 'Cancelled.', ExitCode.interrupted);
}

function onInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

function toCliError(err: unknown): unknown {
  if (!(err instanceof CommanderError)) return err;
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return null;
  // commander adds a suggestion on a second line: "(Did you mean logout?)" — it goes to the hint
  const [first = '', ...more] = err.message.replace(/^error: /, '').split('\n');
  const suggestion = more.map((l) => l.trim().replace(/^\((.*)\)$/, '$1')).filter(Boolean).join(' ');
  const help = `${(err as CommanderError & { commandPath?: string }).commandPath ?? 'mypage'} --help`;
  return new CliError('USAGE', `コマンドの指定が正しくありません: ${first}`, `${first[0]?.toUpperCase() ?? ''}${first.slice(1)}`, ExitCode.usage, suggestion ? `${suggestion}  (${help})` : help);
}

function report(f: Factory, err: unknown): number {
  if (err === null) return ExitCode.ok;
  const r = errorReport(err, f.lang, f.resolvedServer ? { server: f.resolvedServer } : {});
  if (f.env.MYPAGE_DEBUG && err instanceof Error && err.stack) f.io.stderr.write(err.stack + '\n');
  if (f.io.json) f.io.stderr.write(JSON.stringify({ error: r }, null, 2) + '\n');
  else {
    f.io.pauseSpinner();
    f.io.stderr.write(visible(formatErrorText(r, f.lang)));
  }
  return r.exitCode;
}
