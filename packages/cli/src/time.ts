/*
 * Every time a user sees is Japan time (R-FMT-10), whatever the machine's zone. Kept free of
 * @mypage/api (zod) so the startup path stays light.
 */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const pad = (n: number) => String(n).padStart(2, '0');

/** `2023-12-01 10:19:00 JST` */
export function formatJst(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const j = new Date(d.getTime() + JST_OFFSET_MS);
  return `${j.getUTCFullYear()}-${pad(j.getUTCMonth() + 1)}-${pad(j.getUTCDate())} ${pad(j.getUTCHours())}:${pad(j.getUTCMinutes())}:${pad(j.getUTCSeconds())} JST`;
}

/** `YYYY-MM` of an instant in Japan time. */
export function jstMonthOf(d: Date): string {
  const j = new Date(d.getTime() + JST_OFFSET_MS);
  return `${j.getUTCFullYear()}-${pad(j.getUTCMonth() + 1)}`;
}

/** `9分12秒` / `9m 12s` */
export function formatRemaining(ms: number, lang: 'ja' | 'en'): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  const r = s % 60;
  return lang === 'ja' ? `${m}分${r}秒` : `${m}m ${r}s`;
}
