import type { IOStreams } from '../iostreams.js';
import { renderJson } from './json-filter.js';
import { visible } from './visible.js';

/*
 * The one output module: `--json` → stable JSON; a terminal → cli-table3 (full-width characters
 * count double; no ANSI when not colouring); a pipe → tab-separated rows without a header (as gh).
 */

export interface Column<T> {
  header: string;
  get: (row: T) => string | number | null | undefined;
  align?: 'left' | 'right';
}

/** Every command's JSON goes out here, so `--json-fields` and `--jq` apply to all of them. */
export function printJson(io: IOStreams, data: unknown): void {
  const text = renderJson(data, io.jsonFilter, io.isStdoutTTY);
  if (text) io.stdout.write(text);
}

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  return visible(String(v));
}

/** Tabs and newlines would break a TSV row. */
function tsvCell(v: string): string {
  return visible(v.replace(/[\t\r\n]+/g, ' '), false);
}

async function newTable(io: IOStreams, head: string[], colAligns?: ('left' | 'right')[]) {
  const { default: Table } = await import('cli-table3');
  const color = io.colorEnabled();
  return new Table({
    head,
    ...(colAligns ? { colAligns } : {}),
    style: color ? { head: ['cyan'], border: ['grey'], compact: true } : { head: [], border: [], compact: true },
  });
}

/** A list: JSON (`json` value), a table, or TSV rows. */
export async function printList<T>(io: IOStreams, rows: readonly T[], columns: Column<T>[], json: unknown = rows): Promise<void> {
  if (io.json) return printJson(io, json);
  if (io.isTableOutput()) {
    const table = await newTable(io, columns.map((c) => c.header), columns.map((c) => c.align ?? 'left'));
    for (const r of rows) table.push(columns.map((c) => cell(c.get(r))));
    io.stdout.write(table.toString() + '\n');
    return;
  }
  for (const r of rows) io.stdout.write(columns.map((c) => tsvCell(cell(c.get(r)))).join('\t') + '\n');
}

/** A record of labelled fields: a two-column table on a terminal, `label<TAB>value` lines otherwise. */
export async function printFields(io: IOStreams, fields: [string, string | number | null | undefined][], json?: unknown): Promise<void> {
  if (io.json) return printJson(io, json ?? Object.fromEntries(fields));
  if (io.isTableOutput()) {
    const { default: Table } = await import('cli-table3');
    const color = io.colorEnabled();
    const table = new Table({ style: color ? { head: ['cyan'], border: ['grey'], compact: true } : { head: [], border: [], compact: true } });
    for (const [k, v] of fields) table.push({ [visible(k)]: cell(v) });
    io.stdout.write(table.toString() + '\n');
    return;
  }
  for (const [k, v] of fields) io.stdout.write(`${tsvCell(k)}\t${tsvCell(cell(v))}\n`);
}

/** A heading line between tables (terminal only). */
export function printHeading(io: IOStreams, text: string): void {
  if (io.json) return;
  if (io.isTableOutput()) io.stdout.write(`\n${visible(text)}\n`);
}

/** Yen with thousands separators (`3,630円`). */
export function yen(n: number): string {
  return `${n.toLocaleString('ja-JP')}円`;
}
