import { Argument, Command } from 'commander';
import type { Factory } from '../../factory.js';
import { commandTree } from '../../completion/tree.js';
import { completionScript, SHELLS, type Shell } from '../../completion/scripts.js';
import { loadFullProgram } from '../../program.js';
import { examples } from '../help.js';
import type { Terminal } from '../../cmdutil.js';

/*
 * `mypage completion bash|zsh|fish`: prints a completion script generated from the command tree
 * of this very program (nouns, verbs, flags and the values commander knows), so it never lists a
 * command that is gone or misses a new one.
 */

export interface CompletionOptions extends Terminal {
  shell: Shell;
  /** the whole `mypage` program, every noun loaded (a run loads only the one it names), read when the script is made */
  program: () => Command | Promise<Command>;
}

export function newCompletionCommand(f: Factory, run: (o: CompletionOptions) => Promise<void> = completionRun): Command {
  const cmd = new Command('completion')
    .description('Print a shell completion script for bash, zsh or fish (nouns, verbs and flags)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .action(async (shell: Shell) => run({ ...f.terminal(), shell, program: () => loadFullProgram(f) }));
  return examples(cmd, [
    '$ eval "$(mypage completion bash)"                               # in ~/.bashrc',
    '$ eval "$(mypage completion zsh)"                                # in ~/.zshrc, after compinit',
    '$ mypage completion fish > ~/.config/fish/completions/mypage.fish',
  ]);
}

export async function completionRun(o: CompletionOptions): Promise<void> {
  o.io.stdout.write(completionScript(o.shell, commandTree(await o.program())));
}
