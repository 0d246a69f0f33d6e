import type { Terminal } from '../cmdutil.js';
import { printJson } from '../output/print.js';
import type { SyncSummary } from './manifest.js';

/** An empty summary of a sync into `dir` (as the user named it). */
export function newSyncSummary(dir: string): SyncSummary {
  return { dir, added: [], updated: [], unchanged: [], skipped: [], manifestWritten: false };
}

export function reportSync(f: Terminal, what: string, s: SyncSummary): void {
  if (f.io.json) return printJson(f.io, s);
  const lines: string[] = [];
  for (const n of s.added) lines.push(`+ ${n}`);
  for (const n of s.updated) lines.push(`~ ${n}`);
  for (const sk of s.skipped) lines.push(f.t(`- ${sk.month} スキップ (${sk.code})`, `- ${sk.month} skipped (${sk.code})`));
  lines.push(
    f.t(
      `${what}: 追加 ${s.added.length}・更新 ${s.updated.length}・変更なし ${s.unchanged.length}・スキップ ${s.skipped.length}（${s.dir}）`,
      `${what}: ${s.added.length} added, ${s.updated.length} updated, ${s.unchanged.length} unchanged, ${s.skipped.length} skipped (${s.dir})`,
    ),
  );
  f.io.out(lines.join('\n'));
}

/** Codes that mean "nothing to fetch for this month" rather than a failure. */
export const SKIPPABLE = new Set(['CALL_RECORDS_NOT_ENABLED', 'BILL_NOT_FOUND']);
export function skippableCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SKIPPABLE.has(code) ? code : null;
}
