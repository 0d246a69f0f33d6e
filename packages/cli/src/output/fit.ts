import stringWidth from 'string-width';

/*
 * Fitting a table into the terminal's width, as the GitHub CLI's table printer does: key columns
 * (numbers, dates, amounts) are never cut; free-text columns marked `truncate` share the room
 * that is left and are cut with an ellipsis. Widths are display columns: East Asian wide and
 * full-width characters take two, combining marks and zero-width characters none (string-width).
 * Pure: the caller (the table printer) knows the terminal's width from IOStreams.
 */

/** Columns a string takes in a terminal. */
export function displayWidth(s: string): number {
  return stringWidth(s);
}

const ELLIPSIS = '…';
/** A cut column keeps at least this much (or its whole width when narrower). */
export const MIN_CUT_WIDTH = 5;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `s` cut to at most `width` columns, ending in `…` when cut; never splits a character. */
export function truncateToWidth(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width < 1) return '';
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(s)) {
    const w = displayWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + ELLIPSIS;
}

/** One line for a table cell: tabs and line breaks would break the row's alignment. */
export function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\t/g, ' ');
}

/**
 * Content widths for columns whose widest cells (header included) are `natural`, in `budget`
 * columns: key columns keep their width; the truncatable ones share the rest — one that needs no
 * more than an equal share keeps its width (repeated until none does), the others get the share,
 * and what is left over goes back to the cut ones from the left. Null when the key columns and the
 * shortest cuts (MIN_CUT_WIDTH) do not fit.
 */
export function fitWidths(natural: readonly number[], truncate: readonly boolean[], budget: number): number[] | null {
  const widths = natural.map((w, i) => (truncate[i] ? 0 : w));
  const decided = natural.map((_, i) => !truncate[i]);
  const used = () => widths.reduce((a, b) => a + b, 0);
  for (;;) {
    const open = widths.map((_, i) => i).filter((i) => !decided[i]);
    if (open.length === 0) break;
    const share = Math.floor((budget - used()) / open.length);
    const small = open.filter((i) => natural[i]! <= share);
    if (small.length === 0) {
      for (const i of open) widths[i] = Math.max(0, share);
      break;
    }
    for (const i of small) {
      widths[i] = natural[i]!;
      decided[i] = true;
    }
  }
  let rest = budget - used();
  for (let i = 0; i < widths.length && rest > 0; i++) {
    const add = Math.min(rest, natural[i]! - widths[i]!);
    widths[i]! += add;
    rest -= add;
  }
  const tooNarrow = widths.some((w, i) => truncate[i] && w < Math.min(natural[i]!, MIN_CUT_WIDTH));
  return tooNarrow || used() > budget ? null : widths;
}

export interface Layout {
  /** spaces on each side of a cell's text */
  padding: 0 | 1;
  /** content width of each column */
  widths: number[];
}

/** Columns a bordered table adds to its content: one border per column and one more, plus padding. */
export function overhead(columns: number, padding: number): number {
  return columns + 1 + 2 * padding * columns;
}

/**
 * How a bordered table of `natural` content widths fits `width` columns: whole with padding, else
 * whole without padding (a table of key columns only, like call records, fits 80 columns so),
 * else cut with padding, else cut without; when the key columns alone are wider than the
 * terminal, the cut columns take their shortest width and the terminal wraps what is left.
 */
export function layoutFor(natural: readonly number[], truncate: readonly boolean[], width: number): Layout {
  const total = natural.reduce((a, b) => a + b, 0);
  for (const padding of [1, 0] as const) {
    if (total + overhead(natural.length, padding) <= width) return { padding, widths: [...natural] };
  }
  for (const padding of [1, 0] as const) {
    const widths = fitWidths(natural, truncate, width - overhead(natural.length, padding));
    if (widths) return { padding, widths };
  }
  return { padding: 0, widths: natural.map((w, i) => (truncate[i] ? Math.min(w, MIN_CUT_WIDTH) : w)) };
}
