import type { IOStreams } from '../iostreams.js';
import { renderJson } from './json-filter.js';
import { visible } from './visible.js';

/*
 * The one output module: `--json` → stable JSON; a terminal → cli-table3 (full-width characters
 * count double; no ANSI when not colouring), fitted to the terminal's width when it reports one
 * (./fit.ts); a pipe → tab-separated rows without a header, full values (as gh).
 */

export interface Column<T> {
  header: string;
  get: (row: T) => string | number | null | undefined;
  align?: 'left' | 'right';
  /**
   * Free text that may be cut with `…` to fit the terminal (a subject, an address, a body). Key
   * columns — IDs, numbers, dates, amounts — are never cut.
   */
  truncate?: boolean;
}

export interface ListOptions {
  /**
   * What to say when there are no rows (both languages already chosen by the caller's `t`): on a
   * terminal it goes to stderr instead of a bare header; a pipe gets no rows, `--json` gets `[]`.
   */
  empty?: string;
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

async function newTable(io: IOStreams, head: string[], colAligns?: ('left' | 'right')[], layout?: { padding: number; widths: number[] }) {
  const { default: Table } = await import('cli-table3');
  const color = io.colorEnabled();
  const padding = layout ? { 'padding-left': layout.padding, 'padding-right': layout.padding } : {};
  return new Table({
    head,
    ...(colAligns ? { colAligns } : {}),
    ...(layout ? { colWidths: layout.widths.map((w) => w + 2 * layout.padding) } : {}),
    style: color ? { head: ['cyan'], border: ['grey'], compact: true, ...padding } : { head: [], border: [], compact: true, ...padding },
  });
}

/** A list: JSON (`json` value), a table, or TSV rows. */
export async function printList<T>(io: IOStreams, rows: readonly T[], columns: Column<T>[], json: unknown = rows, opts: ListOptions = {}): Promise<void> {
  if (io.json) return printJson(io, json);
  if (io.isTableOutput()) {
    if (rows.length === 0 && opts.empty !== undefined) {
      io.info(opts.empty);
      return;
    }
    const aligns = columns.map((c) => c.align ?? 'left');
    const width = io.terminalWidth();
    if (width === undefined) {
      // the terminal reports no width: the table as wide as its cells
      const table = await newTable(io, columns.map((c) => c.header), aligns);
      for (const r of rows) table.push(columns.map((c) => cell(c.get(r))));
      io.stdout.write(table.toString() + '\n');
      return;
    }
    const { displayWidth, layoutFor, oneLine, truncateToWidth } = await import('./fit.js');
    const head = columns.map((c) => oneLine(visible(c.header)));
    const body = rows.map((r) => columns.map((c) => oneLine(cell(c.get(r)))));
    const natural = head.map((h, i) => Math.max(displayWidth(h), ...body.map((b) => displayWidth(b[i]!))));
    const layout = layoutFor(natural, columns.map((c) => c.truncate === true), width);
    const fit = (text: string, i: number) => (columns[i]!.truncate ? truncateToWidth(text, layout.widths[i]!) : text);
    const table = await newTable(io, head.map(fit), aligns, layout);
    for (const b of body) table.push(b.map(fit));
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
