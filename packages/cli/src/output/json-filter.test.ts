import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../errors.js';
import { BASE, MemoryStore, runInProcess, TOKEN, useMsw } from '../testing.js';
import { availableFields, loadJqFilter, parseFieldList, renderJson, selectFields, type JqRunner } from './json-filter.js';

/*
 * `--json-fields` and `--jq` (field selection and a jq filter as gh's `--json fields --jq`), with
 * the real jq (jq-wasm); run through `main` against msw for what every command shares.
 */

const contracts = [
  { contractNumber: 'CAF0000000001', status: 'active', serviceName: '[100M] ファミリー' },
  { contractNumber: 'CAF0000000002', status: 'active', serviceName: 'ひかり電話' },
];

function thrown(fn: () => unknown): { code?: string; exitCode: number; message: string } {
  try {
    fn();
  } catch (err) {
    return { code: (err as { code?: string }).code, exitCode: exitCodeOf(err), message: (err as Error).message };
  }
  throw new Error('expected an error');
}

describe('--json-fields: field selection', () => {
  it('parses a comma-separated list (spaces and repeats dropped)', () => {
    expect(parseFieldList('month, total,month')).toEqual(['month', 'total']);
    expect(thrown(() => parseFieldList(' , ')).exitCode).toBe(2);
  });

  it('keeps only the asked fields of each object of a list, in the order asked', () => {
    expect(selectFields(contracts, ['status', 'contractNumber'])).toEqual([
      { status: 'active', contractNumber: 'CAF0000000001' },
      { status: 'active', contractNumber: 'CAF0000000002' },
    ]);
    expect(JSON.stringify((selectFields(contracts, ['status', 'contractNumber']) as object[])[0])).toBe('{"status":"active","contractNumber":"CAF0000000001"}');
  });

  it('selects the top-level fields of a single object', () => {
    expect(selectFields({ month: '2023-10', total: 3630, contracts: [] }, ['total'])).toEqual({ total: 3630 });
  });

  it('an unknown field is a usage error (exit 2) that lists the available fields, as gh does', () => {
    const e = thrown(() => selectFields(contracts, ['contractNumber', 'nope']));
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('Unknown JSON field: nope\nAvailable fields:\n  contractNumber\n  status\n  serviceName');
  });

  it('an empty list stays empty (no object to check the names against)', () => {
    expect(selectFields([], ['anything'])).toEqual([]);
    expect(availableFields([])).toEqual([]);
  });
});

describe('--jq: the real jq (jq-wasm)', () => {
  let jq: { runner: JqRunner; expr: string };
  beforeAll(async () => {
    jq = await loadJqFilter('.[] | select(.serviceName | test("ファミリー")) | .contractNumber');
  }, 30_000);

  it('prints strings raw, one per line', () => {
    expect(renderJson(contracts, { jq }, false)).toBe('CAF0000000001\n');
  });

  it('prints objects one per line in a pipe and indented on a terminal (as gh)', () => {
    const objects = { jq: { runner: jq.runner, expr: '.[] | {contractNumber}' } };
    expect(renderJson(contracts, objects, false)).toBe('{"contractNumber":"CAF0000000001"}\n{"contractNumber":"CAF0000000002"}\n');
    expect(renderJson(contracts.slice(0, 1), objects, true)).toBe('{\n  "contractNumber": "CAF0000000001"\n}\n');
  });

  it('runs after the field selection', () => {
    expect(renderJson(contracts, { fields: ['status'], jq: { runner: jq.runner, expr: 'map(keys[])|unique' } }, false)).toBe('["status"]\n');
  });

  it('an expression with no output prints nothing', () => {
    expect(renderJson(contracts, { jq: { runner: jq.runner, expr: '.[] | select(.status == "ended")' } }, false)).toBe('');
  });

  it('control characters of a raw string are made visible on a terminal, kept in a pipe', () => {
    const data = [{ subject: 'a\u001b]0;pwned\u0007b' }];
    const f = { jq: { runner: jq.runner, expr: '.[].subject' } };
    expect(renderJson(data, f, true)).toBe('a^[]0;pwned^Gb\n');
    expect(renderJson(data, f, false)).toBe('a\u001b]0;pwned\u0007b\n');
  });

  it('a syntax error is a usage error (exit 2) naming jq’s message, found before anything runs', async () => {
    const e = await loadJqFilter('.[] | select(').then(
      () => null,
      (err: Error) => ({ exitCode: exitCodeOf(err), message: err.message }),
    );
    expect(e?.exitCode).toBe(2);
    expect(e?.message).toMatch(/^Invalid --jq expression: syntax error/);
  });

  it('an endless program is compiled, not run, when checked', async () => {
    await expect(loadJqFilter('repeat(.)')).resolves.toMatchObject({ expr: 'repeat(.)' });
  });

  it('an error while running is exit 1 (JQ_ERROR) with jq’s message', () => {
    const e = thrown(() => renderJson(contracts, { jq: { runner: jq.runner, expr: '.[0].status.x' } }, false));
    expect(e).toMatchObject({ code: 'JQ_ERROR', exitCode: 1 });
    expect(e.message).toContain('Cannot index string with');
  });
});

describe('--json-fields / --jq through the CLI (every command with --json)', () => {
  const server = useMsw();
  let configDir: string;
  let store: MemoryStore;
  beforeEach(async () => {
    configDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-cli-unit-'));
    writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentProfile: 'default', profiles: { default: { server: BASE, accessId: 'm95au6', storage: 'keychain' } } }));
    store = new MemoryStore();
    await store.set('default', { accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2023-12-01T10:29:00+09:00' } });
  });
  afterEach(() => rmSync(configDir, { recursive: true, force: true }));

  it('--json stays a plain switch anywhere on the line: `bills show 2023-10 --json` is still the month', async () => {
    const r = await runInProcess(['bills', 'show', '2023-10', '--json'], { store, configDir });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ month: '2023-10' });
  });

  it('--json-fields implies --json and selects fields of a list (contracts list)', async () => {
    const r = await runInProcess(['contracts', 'list', '--json-fields', 'contractNumber'], { store, configDir });
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(Object.keys(row)).toEqual(['contractNumber']);
  });

  it('an unknown field exits 2 listing the fields, in JSON on stderr', async () => {
    const r = await runInProcess(['bills', 'show', '2023-10', '--json-fields', 'month,totl'], { store, configDir });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const error = JSON.parse(r.err).error;
    expect(error).toMatchObject({ code: 'USAGE', kind: 'usage' });
    expect(error.messageEn).toMatch(/^Unknown JSON field: totl\nAvailable fields:\n {2}month\n/);
  });

  it('--jq filters what the command prints (bills show)', async () => {
    const r = await runInProcess(['--jq', '.contracts[0].subtotal', 'bills', 'show', '2023-10'], { store, configDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('3630\n');
  });

  it('a --jq syntax error stops the run before any request (exit 2)', async () => {
    let requests = 0;
    server.events.on('request:start', () => void requests++);
    const r = await runInProcess(['bills', 'show', '2023-10', '--jq', '.contracts['], { store, configDir });
    server.events.removeAllListeners();
    expect(r.code).toBe(2);
    expect(JSON.parse(r.err).error.messageEn).toMatch(/^Invalid --jq expression/);
    expect(requests).toBe(0);
  });

  it('a command whose JSON is one object (whoami) selects its top-level fields', async () => {
    const r = await runInProcess(['whoami', '--json-fields', 'profile,accessId'], { store, configDir });
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ profile: 'default', accessId: 'm95au6' });
  });
});
