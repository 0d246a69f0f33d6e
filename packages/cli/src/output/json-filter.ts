import { CliError, ExitCode, usageError } from '../errors.js';
import { visible } from './visible.js';

/*
 * What `--json-fields a,b` and `--jq EXPR` do to the JSON every command prints (as gh's `--json
 * fields` and `--jq`), in one place: `printJson` hands its value here. `--json` itself stays a
 * plain switch (scripts write `mypage bills show 2023-10 --json`); a field list therefore has a
 * flag of its own, so it can never take a month or a contract number for a field name.
 *
 * Fields are the top-level keys of what the command prints: of each object of a list, or of the
 * one object a command prints. An unknown field stops the run with the fields there are (exit 2).
 * The jq program is the real jq (jq-wasm: jq's own C code compiled to WebAssembly, shipped inside
 * the npm package — no binary is downloaded); it loads only when `--jq` is given, and its program
 * is compiled before the command sends anything, so a typo costs no request.
 */

/** The part of jq-wasm's loaded instance used here (its `raw` runs synchronously). */
export interface JqRunner {
  raw(input: unknown, query: string, flags?: string[]): { stdout: string; stderr: string; exitCode: number };
}

export interface JsonFilter {
  fields?: string[];
  jq?: { runner: JqRunner; expr: string };
}

/** `--json-fields contractNumber, status` → the names, in order, without duplicates. */
export function parseFieldList(list: string): string[] {
  const names = [...new Set(list.split(',').map((s) => s.trim()).filter(Boolean))];
  if (names.length === 0) {
    throw usageError('--json-fields にフィールド名を指定してください（例: --json-fields month,total）。', '--json-fields needs field names, e.g. --json-fields month,total.');
  }
  return names;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The fields one can select from `data`: the keys of its objects, in first-seen order. */
export function availableFields(data: unknown): string[] {
  const keys = new Set<string>();
  for (const item of Array.isArray(data) ? data : [data]) if (isRecord(item)) for (const k of Object.keys(item)) keys.add(k);
  return [...keys];
}

/** Keeps only `fields` of each object (in the order asked); an unknown field is a usage error. */
export function selectFields(data: unknown, fields: string[]): unknown {
  const available = availableFields(data);
  // an empty list has no objects to check the names against: it stays empty
  const empty = Array.isArray(data) && data.length === 0;
  const unknown = empty ? [] : fields.filter((f) => !available.includes(f));
  if (unknown.length > 0) {
    const list = available.length ? available.map((f) => `  ${f}`).join('\n') : '  -';
    throw usageError(
      `JSON のフィールドがありません: ${unknown.join(', ')}\n使えるフィールド:\n${list}`,
      `Unknown JSON field: ${unknown.join(', ')}\nAvailable fields:\n${list}`,
    );
  }
  const pick = (item: unknown) => (isRecord(item) ? Object.fromEntries(fields.filter((f) => f in item).map((f) => [f, item[f]])) : item);
  return Array.isArray(data) ? data.map(pick) : pick(data);
}

/**
 * The text `printJson` writes: the value (fields selected) as indented JSON, or what the jq
 * program makes of it — strings raw, other values indented on a terminal and one per line in a
 * pipe (as gh). On a terminal, control characters of raw strings are made visible.
 */
export function renderJson(data: unknown, filter: JsonFilter | undefined, tty: boolean): string {
  const value = filter?.fields ? selectFields(data, filter.fields) : data;
  if (!filter?.jq) return JSON.stringify(value, null, 2) + '\n';
  const { runner, expr } = filter.jq;
  // jq reads JSON text: undefined (nothing to print) is null to it
  const r = runner.raw(JSON.stringify(value ?? null), expr, tty ? ['-r'] : ['-r', '-c']);
  if (r.exitCode !== 0) throw jqError(r.stderr, r.exitCode);
  if (r.stdout === '') return '';
  const text = r.stdout.endsWith('\n') ? r.stdout : r.stdout + '\n';
  return tty ? visible(text) : text;
}

/** jq's exit code 3 is a compile error (the program), 5 a run-time error (the data). */
function jqError(stderr: string, exitCode: number): CliError {
  const message = visible(stderr.trim().replace(/^jq: error(?: \(at [^)]*\))?: /, '').replace(/\njq: \d+ compile errors?$/, ''));
  if (exitCode === 3) {
    return usageError(`--jq の式が正しくありません: ${message}`, `Invalid --jq expression: ${message}`, 'jq manual: https://jqlang.org/manual/');
  }
  return new CliError('JQ_ERROR', `--jq の式を実行できませんでした: ${message}`, `The --jq expression failed: ${message}`, ExitCode.error);
}

/**
 * Loads jq (lazily: jq-wasm costs a few hundred milliseconds to start) and compiles `expr` once on
 * `null`, so a syntax error is a usage error before the command runs.
 */
export async function loadJqFilter(expr: string): Promise<{ runner: JqRunner; expr: string }> {
  if (expr.trim() === '') throw usageError('--jq に式を指定してください（例: --jq \'.[].month\'）。', "--jq needs an expression, e.g. --jq '.[].month'.");
  const { loadJq } = await import('jq-wasm');
  const runner: JqRunner = await loadJq();
  // compiled, never run: the program may be slow or endless on null; only on a compile error is it
  // compiled again as given, for jq's message with the right line and column
  const probe = runner.raw('null', `if false then (\n${expr}\n) else empty end`, ['-r']);
  if (probe.exitCode === 3) {
    const alone = runner.raw('null', expr, ['-r']);
    throw jqError(alone.exitCode === 3 ? alone.stderr : probe.stderr, 3);
  }
  return { runner, expr };
}
