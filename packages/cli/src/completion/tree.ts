import type { Command, Help, Option } from 'commander';

/*
 * The command tree as shell completion needs it, read from commander's own tree (the same one
 * `--help` prints), so a completion script is generated from the commands that exist and cannot
 * fall behind them.
 */

export interface FlagSpec {
  /** `--json`, `-q`, `--quiet` … */
  long?: string;
  short?: string;
  /** the flag takes a value (`--profile <name>`), so the next word is that value */
  takesValue: boolean;
  choices?: string[];
  description: string;
}

export interface CommandSpec {
  /** words after `mypage`: `['bills', 'show']`; the root is `[]` */
  path: string[];
  description: string;
  /** this command's own flags (the root's are the global ones) */
  flags: FlagSpec[];
  subcommands: CommandSpec[];
  /** the values of its first argument, when commander knows them (`stop-paper-mail <kind>`) */
  argChoices?: string[];
}

function flagOf(o: Option): FlagSpec {
  return {
    ...(o.long ? { long: o.long } : {}),
    ...(o.short ? { short: o.short } : {}),
    takesValue: o.required || o.optional,
    ...(o.argChoices ? { choices: [...o.argChoices] } : {}),
    description: o.description,
  };
}

/** One line of a command's description (the first sentence shown by `--help`). */
function summary(text: string): string {
  return text.split('\n')[0]!.trim();
}

export function commandTree(program: Command): CommandSpec {
  const help: Help = program.createHelp();
  const walk = (cmd: Command, path: string[]): CommandSpec => {
    const first = cmd.registeredArguments[0];
    return {
      path,
      description: summary(cmd.description()),
      flags: help.visibleOptions(cmd).map(flagOf),
      subcommands: help
        .visibleCommands(cmd)
        // commander's implicit `help` command: offered once, at the top (`mypage help bills`)
        .filter((c) => cmd.commands.includes(c) || path.length === 0)
        .map((c) => walk(c, [...path, c.name()])),
      ...(first?.argChoices ? { argChoices: [...first.argChoices] } : {}),
    };
  };
  return walk(program, []);
}

/** Every command of the tree, the root first. */
export function allCommands(root: CommandSpec): CommandSpec[] {
  return [root, ...root.subcommands.flatMap(allCommands)];
}

/** `--profile` and `-q`: the words a flag is typed as. */
export function flagWords(f: FlagSpec): string[] {
  return [f.long, f.short].filter((w): w is string => Boolean(w));
}
