import { describe, expect, it } from 'vitest';
import { Factory } from './factory.js';
import { main } from './index.js';
import { NOUNS } from './commands/nouns.js';
import { buildProgram, loadFullProgram, selectedNoun } from './program.js';
import { fakeIO } from './testing.js';

/*
 * Every command's help, read in-process through `main` (the same parsing, hooks and output as the
 * built CLI; test/cli-startup.test.ts keeps one real `mypage --help` process for the bin wrapper).
 */

const env = { LANG: 'en_US.UTF-8' };
const program = await loadFullProgram(new Factory({ io: fakeIO().io, env }));
const paths: string[][] = [];
const walk = (cmd: typeof program, prefix: string[]) => {
  for (const sub of cmd.commands) {
    paths.push([...prefix, sub.name()]);
    walk(sub, [...prefix, sub.name()]);
  }
};
walk(program, []);

async function help(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const fio = fakeIO({ env });
  const code = await main(['node', 'mypage', ...args], { io: fio.io, env, signal: new AbortController().signal });
  return { code, out: fio.out(), err: fio.err() };
}

describe('--help of every command shows examples', () => {
  it('covers every command of the tree', () => {
    expect(paths.length).toBeGreaterThan(30);
  });

  it.each(paths.map((p) => [p.join(' '), p] as const))('mypage %s --help', async (_name, p) => {
    // `mypage server --help` is the server's own help (its flags pass through); `help server` is ours
    const r = await help(p[0] === 'server' ? ['help', 'server'] : [...p, '--help']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Examples:');
    expect(r.out).toContain(`Usage: mypage ${p.join(' ')}`);
    // rule IDs of the specification (R-REG-2..4, D-1) mean nothing to a user
    expect(r.out).not.toMatch(/\b[RD]-[A-Z0-9]+(-\d)?/);
  });
});

describe('commands load only when the command line names them (commands/nouns.ts)', () => {
  const stubs = buildProgram(new Factory({ io: fakeIO().io, env }), {});

  it('the root help is the same with the commands as stubs and with all of them loaded', () => {
    expect(stubs.helpInformation()).toBe(program.helpInformation());
    expect(stubs.commands.map((c) => [c.name(), c.aliases()])).toEqual(program.commands.map((c) => [c.name(), c.aliases()]));
  });

  it('every entry loads the command it names', async () => {
    for (const n of NOUNS) {
      const cmd = (await n.load())(new Factory({ io: fakeIO().io, env }));
      expect(cmd.name()).toBe(n.name);
      expect(cmd.aliases()).toEqual(n.aliases ?? []);
    }
  });

  it.each([
    [['contracts', 'list'], 'contracts'],
    [['--json', 'contracts', 'list'], 'contracts'],
    [['--server', 'http://127.0.0.1:1', '--profile=p', 'bills', 'show', '2023-10'], 'bills'],
    [['--lang', 'en', '-q', 'inquiries', 'list'], 'inquiry'],
    [['--otp', '123456', 'login'], 'login'],
    [['help', 'calls'], 'calls'],
    [['--help'], undefined],
    [[], undefined],
    [['nope'], undefined],
  ])('mypage %j loads %s', (args, name) => {
    expect(selectedNoun(stubs, args)?.name).toBe(name);
  });

  it('an unknown command is still a usage error with a suggestion', async () => {
    const r = await help(['contract', 'list']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/contracts/);
  });
});
