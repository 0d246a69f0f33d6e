/* Month arithmetic on `YYYY-MM` strings (calendar months, no clock, no time zone involved). */

export function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
}

export function monthFromIndex(index: number): string {
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

/** Every month from `from` to `to`, both included (empty when `from` is after `to`). */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthFromIndex(i));
  return out;
}

/** The last calendar day of a month, `YYYY-MM-DD`. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(last).padStart(2, '0')}`;
}

/** `2023-10` → `2023年10月`. */
export function monthJa(month: string): string {
  return `${month.slice(0, 4)}年${month.slice(5, 7)}月`;
}
