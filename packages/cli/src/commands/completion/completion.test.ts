import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Factory } from '../../factory.js';
import { loadFullProgram } from '../../program.js';
import { allCommands, commandTree } from '../../completion/tree.js';
import { fakeIO, fakeTerminal, parseVerb, runInProcess, useTempDir } from '../../testing.js';
import { completionRun, newCompletionCommand, type CompletionOptions } from './completion.js';

/*
 * `mypage completion bash|zsh|fish`: the scripts are generated from the real command tree and run
 * in the real shells — bash drives `_mypage` with COMP_WORDS as readline would, fish answers
 * `complete -C`, zsh parses the script and runs `_mypage` with its completion builtins recording
 * what they are given (zsh's completion system needs an interactive line editor to run).
 */

const tempDir = useTempDir('mypage-completion-');
const program = () => loadFullProgram(new Factory({ io: fakeIO().io, env: {} }));
const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

async function script(shell: CompletionOptions['shell']): Promise<string> {
  const t = fakeTerminal();
  await completionRun({ ...t, shell, program });
  return t.out();
}

function saved(shell: string, text: string): string {
  const file = path.join(tempDir(), `mypage.${shell}`);
  writeFileSync(file, text);
  return file;
}

describe('completion — parse', () => {
  it('takes bash, zsh or fish', async () => {
    expect((await parseVerb(newCompletionCommand, ['zsh'])).shell).toBe('zsh');
    await expect(parseVerb(newCompletionCommand, ['powershell'])).rejects.toThrow(/Allowed choices are bash, zsh, fish/);
  });

  it('an unknown shell through the CLI is a usage error (exit 2)', async () => {
    const r = await runInProcess(['completion', 'tcsh'], { configDir: tempDir() });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
  });
});

describe('completion — the tree it is made from', () => {
  it('holds every command of the program, with its flags', async () => {
    const tree = commandTree(await program());
    const paths = allCommands(tree).map((c) => c.path.join(' '));
    expect(paths).toEqual(expect.arrayContaining(['bills', 'bills show', 'bills archive verify', 'password', 'completion', 'inquiry stop-paper-mail']));
    expect(tree.flags.map((f) => f.long)).toEqual(expect.arrayContaining(['--json', '--json-fields', '--jq', '--profile', '--lang']));
    const stop = allCommands(tree).find((c) => c.path.join(' ') === 'inquiry stop-paper-mail')!;
    expect(stop.argChoices).toEqual(['opening-notice', 'direct-debit']);
  });

  it.each(['bash', 'zsh', 'fish'] as const)('the %s script names every command and every flag', async (shell) => {
    const text = await script(shell);
    for (const c of allCommands(commandTree(await program()))) {
      if (c.path.length) expect(text, c.path.join(' ')).toContain(c.path.at(-1)!);
      for (const f of c.flags) expect(text, `${c.path.join(' ')} ${f.long}`).toContain(shell === 'fish' ? `-l ${f.long!.slice(2)}` : f.long!);
    }
  });
});

describe('completion — bash (a real bash, driven as readline drives it)', () => {
  async function complete(...words: string[]): Promise<string[]> {
    const file = saved('bash', await script('bash'));
    const line = words.map((w) => `'${w}'`).join(' ');
    const out = execFileSync('bash', ['--norc', '-c', `source '${file}'; complete -p mypage; COMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _mypage; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    const [registered, ...rest] = out.split('\n');
    expect(registered).toBe('complete -o filenames -F _mypage mypage');
    return rest.filter(Boolean);
  }

  it('offers the nouns, then the verbs of a noun', async () => {
    expect(await complete('mypage', '')).toEqual(expect.arrayContaining(['bills', 'calls', 'contracts', 'password', 'completion']));
    expect(await complete('mypage', 'bi')).toEqual(['bills']);
    expect(await complete('mypage', 'bills', 's')).toEqual(['show', 'sync', 'summary']);
  });

  it('skips global flags and their values on the way (`--profile office`, `--json`)', async () => {
    expect(await complete('mypage', '--profile', 'office', '--json', 'bills', 'archive', '')).toEqual(['verify', 'search']);
  });

  it('offers a command’s flags and the global ones after `-`', async () => {
    const flags = await complete('mypage', 'password', '--');
    expect(flags).toEqual(expect.arrayContaining(['--password-stdin', '--help', '--json', '--jq', '--json-fields', '--profile']));
    expect(flags).not.toContain('--insecure-storage');
    expect(flags.filter((f) => f === '--help')).toHaveLength(1);
  });

  it('offers the values commander knows: a flag’s choices, an argument’s choices', async () => {
    expect(await complete('mypage', '--lang', '')).toEqual(['ja', 'en']);
    expect(await complete('mypage', 'calls', 'export', '--encoding', '')).toEqual(['utf8', 'utf8-bom', 'sjis']);
    expect(await complete('mypage', 'inquiry', 'stop-paper-mail', '')).toEqual(['opening-notice', 'direct-debit']);
    expect(await complete('mypage', 'completion', 'f')).toEqual(['fish']);
  });
});

describe('completion — fish (a real fish: `complete -C`)', () => {
  it.skipIf(!has('fish'))('parses, and completes nouns, verbs with descriptions, flags and values', async () => {
    const file = saved('fish', await script('fish'));
    execFileSync('fish', ['-n', file]);
    const run = (line: string) => execFileSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(run('mypage bi')).toEqual([expect.stringMatching(/^bills\tBills \(ご請求\)/)]);
    expect(run('mypage --profile office bills s').map((l) => l.split('\t')[0])).toEqual(['show', 'summary', 'sync']);
    expect(run('mypage password --p').map((l) => l.split('\t')[0])).toEqual(['--password-stdin', '--profile']);
    expect(run('mypage --lang ').map((l) => l.split('\t')[0])).toEqual(['en', 'ja']);
  });
});

describe('completion — zsh', () => {
  it.skipIf(!has('zsh'))('parses (zsh -n), and `_mypage` offers what the line calls for', async () => {
    const file = saved('zsh', await script('zsh'));
    execFileSync('zsh', ['-n', file]);
    // compsys needs an interactive line editor; its builtins record what `_mypage` hands them
    const run = (...words: string[]) =>
      execFileSync(
        'zsh',
        ['-f', '-c', `compdef() { :; }; _describe() { shift 3; print -rl -- \${reply%%:*}; }; compadd() { print -rl -- \${reply}; }; _files() { print FILES; }
source '${file}'; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; PREFIX='${words.at(-1)}'; _mypage`],
        { encoding: 'utf8' },
      )
        .split('\n')
        .filter(Boolean);
    expect(run('mypage', '--json', 'bills', '')).toEqual(expect.arrayContaining(['list', 'show', 'archive']));
    expect(run('mypage', 'bills', 'show', '--')).toEqual(expect.arrayContaining(['--help', '--json', '--jq']));
    expect(run('mypage', 'calls', 'export', '--encoding', '')).toEqual(['utf8', 'utf8-bom', 'sjis']);
    expect(run('mypage', 'bills', 'show', '2023-')).toEqual(['FILES']);
  });
});
