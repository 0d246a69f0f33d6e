import { Command, Help, Option } from 'commander';
import type { Factory, GlobalOptions } from './factory.js';
import { examples } from './commands/help.js';
import { NOUNS, type NounEntry } from './commands/nouns.js';

export const VERSION = '0.1.0';

/**
 * The program for this command line: the top-level command it names is loaded (with its verbs),
 * the others stay stubs that only list themselves in the root help (commands/nouns.ts).
 */
export async function loadProgram(f: Factory, args: string[]): Promise<Command> {
  const root = buildProgram(f, {});
  const wanted = selectedNoun(root, args);
  if (!wanted) return root;
  return buildProgram(f, { [wanted.name]: await wanted.load() });
}

/** Every command loaded (tests and tools that walk the whole tree). */
export async function loadFullProgram(f: Factory): Promise<Command> {
  const all: Record<string, (f: Factory) => Command> = {};
  for (const n of NOUNS) all[n.name] = await n.load();
  return buildProgram(f, all);
}

/** The noun `args` name (`mypage --json contracts list`, `mypage help bills`), skipping root options and their values. */
export function selectedNoun(root: Command, args: string[]): NounEntry | undefined {
  const takesValue = new Set(root.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short].filter((x): x is string => Boolean(x))));
  const operands: string[] = [];
  for (let i = 0; i < args.length && operands.length < 2; i++) {
    const a = args[i]!;
    if (a === '--') {
      operands.push(...args.slice(i + 1, i + 3));
      break;
    }
    if (a.startsWith('-') && a !== '-') {
      if (!a.includes('=') && takesValue.has(a)) i++;
      continue;
    }
    operands.push(a);
  }
  const find = (name: string | undefined) => NOUNS.find((n) => n.name === name || n.aliases?.includes(name ?? ''));
  return operands[0] === 'help' ? find(operands[1]) : find(operands[0]);
}

const TERM = Symbol('mypage.stubTerm');

/** A top-level command not loaded in this run: a name and a help line, nothing to run. */
function stub(n: NounEntry): Command {
  const cmd = new Command(n.name).description(n.description).allowUnknownOption().allowExcessArguments();
  for (const a of n.aliases ?? []) cmd.alias(a);
  (cmd as Command & { [TERM]?: string })[TERM] = n.term;
  cmd.action(() => {
    // unreachable: loadProgram loads the command the arguments name before parsing them
    throw new Error(`mypage: the ${n.name} command was not loaded`);
  });
  return cmd;
}

/** The `mypage` program: `mypage <noun> <verb>`. Only commander loads here; `loaded` commands are built, the rest are stubs. */
export function buildProgram(f: Factory, loaded: Record<string, (f: Factory) => Command>): Command {
  const program = new Command('mypage')
    .description('mediaひかり マイページ from the terminal and CI: contracts, bills, invoices, call records, inquiries, users')
    .version(VERSION, '-V, --version')
    .option('--profile <name>', 'profile to use (env MYPAGE_PROFILE)')
    .option('--server <url>', 'portal server (env MYPAGE_SERVER; default the profile\'s, else http://127.0.0.1:8787)')
    .option('--json', 'print JSON (stable field names) instead of tables')
    .option('--json-fields <fields>', 'JSON with only these top-level fields, comma-separated (implies --json)')
    .option('--jq <expression>', 'filter the JSON with a jq expression (implies --json)')
    .addOption(new Option('--lang <lang>', 'message language (default from LANG / LC_ALL)').choices(['ja', 'en']))
    .option('--no-color', 'no colours')
    .option('-q, --quiet', 'no progress or notes on stderr')
    .option('--otp <code>', 'one-time password for a login this command needs (env MYPAGE_OTP)')
    .option('--otp-command <cmd>', 'shell command printing the OTP when a login is needed (env MYPAGE_OTP_COMMAND)')
    .option('--otp-imap <url>', 'read the OTP mail from this mailbox, e.g. imaps://you@imap.example.com/INBOX (env MYPAGE_OTP_IMAP; secret in MYPAGE_IMAP_PASSWORD or MYPAGE_IMAP_ACCESS_TOKEN)')
    .option('--otp-imap-timeout <seconds>', 'how long to wait for the OTP mail (env MYPAGE_OTP_IMAP_TIMEOUT, default 120)')
    .showHelpAfterError(false);

  program.hook('preAction', async (_this, action) => {
    f.applyGlobals(action.optsWithGlobals<GlobalOptions>());
    await f.prepareJsonFilter();
  });

  const defaultTerm = new Help();
  program.configureHelp({
    subcommandTerm: (cmd) => (cmd as Command & { [TERM]?: string })[TERM] ?? defaultTerm.subcommandTerm(cmd),
  });
  for (const n of NOUNS) {
    const make = loaded[n.name];
    program.addCommand(make ? make(f) : stub(n));
  }

  examples(program, [
    '$ mypage login                                   # access ID, password, then the mailed OTP',
    '$ mypage contracts list',
    '$ mypage bills show 2023-10',
    '$ mypage bills download 2023-10                  # invoice-2023-10.pdf',
    '$ mypage calls export --from 2023-12 --to 2024-06 --encoding sjis -o calls.csv',
    '',
    'CI (no terminal):',
    '  MYPAGE_SERVER=https://… MYPAGE_ACCESS_ID=… MYPAGE_PASSWORD=… \\',
    '  MYPAGE_OTP_IMAP=imaps://ci@example.com@imap.example.com/INBOX MYPAGE_IMAP_PASSWORD=… \\',
    '  MYPAGE_SESSION_FILE=$RUNNER_TEMP/mypage-session.json \\',
    '    mypage calls sync --since 2024-01 --dir call-records/',
    '',
    'Exit codes: 0 ok, 1 error, 2 usage, 3 login needed / session expired, 4 not found, 5 forbidden,',
    '  6 a login needs a person (no --otp, --otp-command or --otp-imap, and no terminal),',
    '  7 bills watch found a rise, 8 bills archive verify found a missing or changed file, 130 interrupted.',
  ]);
  return program;
}

/** Every command writes usage errors and help through our IO and never exits the process. */
export function configureTree(cmd: Command, f: Factory): void {
  cmd.exitOverride((err) => {
    // remember which command refused the input, so the hint names its help (`mypage bills --help`)
    throw Object.assign(err, { commandPath: commandPath(cmd) });
  });
  cmd.configureOutput({
    writeOut: (s) => f.io.stdout.write(s),
    writeErr: (s) => f.io.stderr.write(s),
    // usage errors are printed by main (both languages, JSON with --json)
    outputError: () => {},
  });
  for (const sub of cmd.commands) configureTree(sub, f);
}

/** `mypage bills download` for that command. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
