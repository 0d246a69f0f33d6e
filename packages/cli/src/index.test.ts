import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT_HELP } from './root-help.js';
import { renderRootHelp, rootHelpModule, rootHelpParts } from './root-help.generate.js';
import { layoutHelp } from './root-help-layout.js';
import { readFileSync } from 'node:fs';

/*
 * `mypage --help` (and `mypage`, `-h`, `help`) prints root-help.ts laid out for the terminal's
 * width (80 off a terminal) without loading the program: that text must be what the program prints.
 */

describe('the root help printed without loading the program', () => {
  it('root-help.ts holds the parts of the program\'s root help (regenerate with root-help.generate.ts)', async () => {
    const parts = await rootHelpParts();
    expect(parts.after).toContain('Exit codes:');
    expect(ROOT_HELP).toEqual(parts);
    expect(readFileSync(new URL('./root-help.ts', import.meta.url), 'utf8')).toBe(rootHelpModule(parts));
  });

  it('laid out, they are the help the program prints: off a terminal, and on a terminal of every width from 1 to 260 columns', async () => {
    const text = await renderRootHelp();
    expect(text).toContain('Usage: mypage [options] [command]');
    expect(layoutHelp(ROOT_HELP)).toBe(text);
    const differ: number[] = [];
    for (let columns = 1; columns <= 260; columns++) if (layoutHelp(ROOT_HELP, columns) !== (await renderRootHelp(columns))) differ.push(columns);
    expect(differ).toEqual([]);
    // the widths give different texts (the proof is not of one text 260 times)
    expect(new Set([60, 80, 120, 200].map((w) => layoutHelp(ROOT_HELP, w))).size).toBe(4);
  }, 60_000);

  it('main prints it for `mypage`, `--help`, `-h` and `help` (exit 0, nothing on stderr); other command lines run the program', async () => {
    const index = fileURLToPath(new URL('./index.ts', import.meta.url));
    const script = `const { main } = await import(${JSON.stringify(index)});
      const codes = [];
      for (const args of [[], ['--help'], ['-h'], ['help'], ['--version']]) codes.push(await main(['node', 'mypage', ...args]));
      process.stderr.write(JSON.stringify(codes));`;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 60_000,
    });
    expect(JSON.parse(stderr)).toEqual([0, 0, 0, 0, 0]);
    expect(stdout).toBe(layoutHelp(ROOT_HELP).repeat(4) + '0.1.0\n');
  }, 70_000);

  it('a stdout that fails (a full disk: /dev/full) is reported by the program as before (exit 1), not swallowed', async () => {
    const index = fileURLToPath(new URL('./index.ts', import.meta.url));
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', `process.exitCode = await (await import(${JSON.stringify(index)})).main(['node', 'mypage', '--help']);`], {
        env: { ...process.env, NO_COLOR: '1', LANG: 'en_US.UTF-8' },
        stdio: ['ignore', full, 'pipe'],
      });
      let err = '';
      child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
      const code = await new Promise((resolve) => child.once('close', resolve));
      expect(code).toBe(1);
      expect(err).toContain('FILE_ENOSPC');
    } finally {
      closeSync(full);
    }
  }, 70_000);
});
