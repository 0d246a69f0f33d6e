import { Command, Option } from 'commander';
import type { Factory, GlobalOptions } from './factory.js';
import { newBillsCommand } from './commands/bills/bills.js';
import { newCallsCommand } from './commands/calls/calls.js';
import { newCompletionCommand } from './commands/completion/completion.js';
import { newContractsCommand } from './commands/contracts/contracts.js';
import { newDevCommand } from './commands/dev/dev.js';
import { examples } from './commands/help.js';
import { newInquiryCommand } from './commands/inquiry/inquiry.js';
import { newLoginCommand } from './commands/auth/login.js';
import { newLogoutCommand } from './commands/auth/logout.js';
import { newPasswordCommand } from './commands/auth/password.js';
import { newNewsCommand } from './commands/news/news.js';
import { newNoticesCommand } from './commands/notices/notices.js';
import { newProfilesCommand } from './commands/profiles/profiles.js';
import { newRecoverCommand } from './commands/recover/recover.js';
import { newRegisterCommand } from './commands/register/register.js';
import { newServerCommand } from './commands/server/server.js';
import { newUsersCommand } from './commands/users/users.js';
import { newWhoamiCommand } from './commands/auth/whoami.js';

export const VERSION = '0.1.0';

/** The `mypage` program: `mypage <noun> <verb>`. Only commander loads here; commands load the rest. */
export function buildProgram(f: Factory): Command {
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

  for (const cmd of [
    newRegisterCommand(f),
    newLoginCommand(f),
    newLogoutCommand(f),
    newWhoamiCommand(f),
    newPasswordCommand(f),
    newRecoverCommand(f),
    newNewsCommand(f),
    newContractsCommand(f),
    newNoticesCommand(f),
    newBillsCommand(f),
    newCallsCommand(f),
    newInquiryCommand(f),
    newUsersCommand(f),
    newProfilesCommand(f),
    newServerCommand(f),
    newDevCommand(f),
    newCompletionCommand(f),
  ]) {
    program.addCommand(cmd);
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
