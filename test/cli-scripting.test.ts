import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useDemoAdminCli } from './helpers/cli.js';

/*
 * For scripts and shells, through the built CLI: `--json-fields` / `--jq` against the reference
 * server (the jq of jq-wasm, loaded by the real process), and `mypage completion bash` sourced
 * into a real bash.
 */

const { env } = useDemoAdminCli('mypage-cli-scripting-');

describe('--json-fields and --jq (the built CLI ↔ the reference server)', () => {
  it('`bills show 2023-10 --json` is unchanged: --json stays a switch, the month stays the month', async () => {
    const r = await runCli(['bills', 'show', '2023-10', '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ month: '2023-10' });
  });

  it('--json-fields selects fields of each contract; --jq picks from them, one value a line', async () => {
    const fields = await runCli(['contracts', 'list', '--json-fields', 'contractNumber,serviceName'], { env: env() });
    expect(fields.code, fields.stderr).toBe(0);
    expect(fields.json()[0]).toEqual({ contractNumber: 'CAF0000000001', serviceName: '[100M] ファミリー' });
    const jq = await runCli(['contracts', 'list', '--json-fields', 'contractNumber', '--jq', '.[].contractNumber'], { env: env() });
    expect(jq.code, jq.stderr).toBe(0);
    expect(jq.stdout).toBe('CAF0000000001\nCAF0000000002\nCOP00000001\n');
  }, 60_000);

  it('--jq computes over the bill: the total of the contracts’ subtotals', async () => {
    const r = await runCli(['--jq', '[.contracts[].subtotal] | add', 'bills', 'show', '2023-10'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(Number(r.stdout.trim())).toBeGreaterThan(3630);
  });

  it('an unknown field: exit 2, the available fields listed', async () => {
    const r = await runCli(['contracts', 'list', '--json-fields', 'contractNo'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.error().messageEn).toMatch(/^Unknown JSON field: contractNo\nAvailable fields:\n {2}contractNumber\n/);
  });

  it('a jq syntax error: exit 2 before anything is asked of the server', async () => {
    const r = await runCli(['calls', 'list', '2023-12', '--jq', '.[] | select(.charge >'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.error().messageEn).toMatch(/^Invalid --jq expression: syntax error/);
  });
});

describe('mypage completion bash (the built CLI, sourced into a real bash)', () => {
  it('completes nouns, verbs and flags', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(env().MYPAGE_CONFIG_DIR, 'mypage.bash');
    writeFileSync(file, r.stdout);
    const out = execFileSync(
      'bash',
      ['--norc', '-c', `source '${file}'; COMP_WORDS=(mypage calls ex); COMP_CWORD=2; _mypage; echo "\${COMPREPLY[*]}"; COMP_WORDS=(mypage calls export --en); COMP_CWORD=3; _mypage; echo "\${COMPREPLY[*]}"`],
      { encoding: 'utf8' },
    );
    expect(out).toBe('export\n--encoding\n');
  });
});
