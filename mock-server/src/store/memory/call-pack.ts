import type { CallRecordRow } from '../schema.js';

/*
 * Call records as the memory and JSON engines keep them: the rows of one billing group and month,
 * sorted by (startedAt, id), packed as lines of UTF-8 text in a Buffer, outside the JavaScript
 * heap, instead of an object per row on it. A row object is made when a read asks for it.
 *
 * Why: call records are the bulk of the data (10,000 customers hold about 1,000,000), and the
 * heap's size is paid by every request: each minor garbage collection walks every page of the old
 * generation, each full one marks every object (docs/performance.md, "What a large heap costs
 * each request"). As objects, the rows of 10,000 customers were 387 MB of heap and over four
 * million objects; packed, a month of a group is a few objects on the heap, and its rows' bytes
 * are not on a heap page at all.
 *
 * A line: `startedAt \t id \t contract \t usageType \t from \t to \t durationSeconds \t charge \n`.
 * Contract, usage type and calling line repeat from row to row: the line holds their number in a
 * table of texts shared by every month of the state (`TextTable`). The other texts are written as
 * they are, with `\`, tab and line feed escaped (the API refuses control characters in them, but
 * a data file may hold anything; a lone surrogate, which UTF-8 cannot hold, comes back as U+FFFD).
 * A chunk of at most CHUNK_ROWS rows is one Buffer: where each of its lines starts (32-bit words),
 * then the lines. A small chunk is a slice of Node's shared 8 KB pool (Buffer.allocUnsafe): at a
 * load the chunks fill the pools one after another, as dense as one allocation would be.
 */

/** Texts each stored once and named by a number (0, 1, 2…, in the order first seen). Only grows. */
export class TextTable {
  readonly #ids = new Map<string, number>();
  readonly #texts: string[] = [];
  id(text: string): number {
    let id = this.#ids.get(text);
    if (id === undefined) {
      id = this.#texts.length;
      this.#texts.push(text);
      this.#ids.set(text, id);
    }
    return id;
  }
  text(id: number): string {
    return this.#texts[id]!;
  }
  /** The number of `text`, or -1 when it has none. */
  find(text: string): number {
    return this.#ids.get(text) ?? -1;
  }
}

const CHUNK_BITS = 15;
/** Rows per chunk (32,768: about 3 MB of text at most). */
export const CHUNK_ROWS = 1 << CHUNK_BITS;

const NEEDS_ESCAPE = /[\\\t\n]/;
const escapeText = (s: string) => (NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : '\\n')) : s);
const unescapeText = (s: string) => (s.includes('\\') ? s.replace(/\\([\\tn])/g, (_, c: string) => (c === '\\' ? '\\' : c === 't' ? '\t' : '\n')) : s);

/** One chunk of n lines: words 0…n the byte offset of each line and of the end, then the lines. */
function packChunk(lines: string[]): Buffer {
  const head = 4 * (lines.length + 1);
  const text = lines.join('');
  const bytes = Buffer.byteLength(text);
  const chunk = Buffer.allocUnsafe(head + bytes);
  // all ASCII (the usual case): a line's bytes are its characters
  const length = bytes === text.length ? (line: string) => line.length : (line: string) => Buffer.byteLength(line);
  let at = head;
  for (let i = 0; i < lines.length; i++) {
    chunk.writeUInt32LE(at, 4 * i);
    at += length(lines[i]!);
  }
  chunk.writeUInt32LE(at, 4 * lines.length);
  chunk.write(text, head, 'utf8');
  return chunk;
}

/** The rows of one billing group and month, sorted by (startedAt, id); immutable. */
export class PackedRows {
  readonly length: number;
  /**
   * The chunks; a month of one chunk (up to 32,768 rows: nearly every month) keeps its Buffer
   * without an array around it — 120,000 arrays fewer for a full collection to walk at 10,000 customers.
   */
  readonly #chunks: Buffer | readonly Buffer[];

  private constructor(
    readonly billingGroupId: string,
    readonly month: string,
    readonly table: TextTable,
    length: number,
    chunks: Buffer[],
  ) {
    this.length = length;
    this.#chunks = chunks.length === 1 ? chunks[0]! : chunks;
  }

  /**
   * Pack `rows` (all of `billingGroupId` and `month`; sorted here). `billingGroupId` and `month`
   * are kept once for all rows: pass shared strings.
   */
  static pack(billingGroupId: string, month: string, table: TextTable, rows: CallRecordRow[]): PackedRows {
    rows.sort(compareCallRows);
    const chunks: Buffer[] = [];
    for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
      const lines: string[] = [];
      for (const r of rows.slice(from, from + CHUNK_ROWS)) {
        lines.push(`${escapeText(r.startedAt)}\t${escapeText(r.id)}\t${table.id(r.contractNumber)}\t${table.id(r.usageType)}\t${table.id(r.from)}\t${escapeText(r.to)}\t${r.durationSeconds}\t${r.charge}\n`);
      }
      chunks.push(packChunk(lines));
    }
    return new PackedRows(billingGroupId, month, table, rows.length, chunks);
  }

  static empty(billingGroupId: string, month: string, table: TextTable): PackedRows {
    return new PackedRows(billingGroupId, month, table, 0, []);
  }

  #fields(i: number): string[] {
    const chunks = this.#chunks;
    const chunk = (Array.isArray(chunks) ? chunks[i >>> CHUNK_BITS] : chunks) as Buffer;
    const word = 4 * (i & (CHUNK_ROWS - 1));
    return chunk.toString('utf8', chunk.readUInt32LE(word), chunk.readUInt32LE(word + 4) - 1).split('\t');
  }
  /** Row `i` (0 ≤ i < length), a new object. */
  row(i: number): CallRecordRow {
    const f = this.#fields(i);
    return {
      id: unescapeText(f[1]!),
      billingGroupId: this.billingGroupId,
      contractNumber: this.table.text(Number(f[2])),
      month: this.month,
      startedAt: unescapeText(f[0]!),
      usageType: this.table.text(Number(f[3])),
      from: this.table.text(Number(f[4])),
      to: unescapeText(f[5]!),
      durationSeconds: Number(f[6]),
      charge: Number(f[7]),
    };
  }

  /** The (startedAt, id) of row `i`, for a search in the order. */
  position(i: number): { startedAt: string; id: string } {
    const f = this.#fields(i);
    return { startedAt: unescapeText(f[0]!), id: unescapeText(f[1]!) };
  }

  /** Index of the first row after `after` in the order (binary search). */
  firstAfter(after: { startedAt: string; id: string }): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareCallRows(this.position(mid), after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Whether a row has this id: a pass over the month, for the id index (call-ids.ts) when an id's
   * hashes match — an id stored already (a duplicate refused), or rarely by chance.
   */
  hasId(id: string): boolean {
    for (let i = 0; i < this.length; i++) if (this.position(i).id === id) return true;
    return false;
  }

  /** Every row, in order (new objects). */
  all(): CallRecordRow[] {
    const out: CallRecordRow[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.row(i);
    return out;
  }

  /** The number of the contract and calling line of row `i` in the table (a filter without a row object; the line is still read). */
  keys(i: number): { contract: number; from: number } {
    const f = this.#fields(i);
    return { contract: Number(f[2]), from: Number(f[4]) };
  }

  /** Per contract: the number of rows and the sum of their charges. */
  chargesByContract(): Map<number, { count: number; sum: number }> {
    const sums = new Map<number, { count: number; sum: number }>();
    for (let i = 0; i < this.length; i++) {
      const f = this.#fields(i);
      const contract = Number(f[2]);
      const entry = sums.get(contract);
      if (entry) {
        entry.count += 1;
        entry.sum += Number(f[7]);
      } else sums.set(contract, { count: 1, sum: Number(f[7]) });
    }
    return sums;
  }
}

export function compareCallRows(a: { startedAt: string; id: string }, b: { startedAt: string; id: string }): number {
  return a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
