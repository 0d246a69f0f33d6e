/*
 * A horizontal bar chart in Unicode block characters (eighths of a cell), one bar per month, that
 * fits a given terminal width: month label, bar, amount. Pure: the caller decides whether a person
 * is looking (IOStreams) and passes the width.
 */

export interface ChartPoint {
  label: string;
  value: number;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;
const FULL = '█';

/** Columns a string takes in a terminal: East Asian wide and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6);
    w += wide ? 2 : 1;
  }
  return w;
}

function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}

/** A bar of `eighths` eighth-cells. */
export function bar(eighths: number): string {
  return FULL.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

/**
 * Lines of the chart, none wider than `width` columns. The longest bar takes all the room left
 * after the labels and amounts; negative values draw no bar. Too narrow for any bar (under 10
 * columns of room): amounts only.
 */
export function barChart(points: readonly ChartPoint[], width: number, format: (n: number) => string, title?: string): string[] {
  if (points.length === 0) return [];
  const labelW = Math.max(...points.map((p) => displayWidth(p.label)));
  const values = points.map((p) => format(p.value));
  const valueW = Math.max(...values.map(displayWidth));
  const room = width - labelW - valueW - 3; // "label │bar value": space, axis, space before the value
  const max = Math.max(0, ...points.map((p) => p.value));
  const lines: string[] = [];
  if (title && displayWidth(title) <= width) lines.push(title);
  points.forEach((p, i) => {
    if (room < 10) {
      lines.push(`${padEnd(p.label, labelW)} ${padStart(values[i]!, valueW)}`);
      return;
    }
    const eighths = max > 0 && p.value > 0 ? Math.max(1, Math.round((p.value / max) * room * 8)) : 0;
    const b = bar(eighths);
    lines.push(`${padEnd(p.label, labelW)} │${padEnd(b, room)} ${padStart(values[i]!, valueW)}`);
  });
  return lines;
}
