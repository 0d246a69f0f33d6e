import { appendFile } from 'node:fs/promises';
import path from 'node:path';

/*
 * audit.log (D-10): append-only JSON Lines, one line per action — what happened, when (Japan
 * time), to which file, with its hash and who ran it (the OS user and the portal access ID; never
 * a password, token or OTP).
 */

export const AUDIT_FILE = 'audit.log';

export type AuditAction = 'downloaded' | 'skipped' | 'corrected' | 'verified' | 'exported';

export interface Actor {
  /** the OS user that ran the command */
  osUser: string;
  /** the portal access ID of the profile, when known */
  accessId: string | null;
}

export interface AuditEntry {
  /** `2024-07-20T12:00:00+09:00` */
  time: string;
  action: AuditAction;
  file?: string;
  sha256?: string;
  /** 連番 of the index row concerned */
  seq?: number;
  /** 連番 of the row a correction corrects */
  corrects?: number;
  kind?: string;
  month?: string;
  by: Actor;
  /** anything else worth keeping (verify's findings, an export's row count) */
  detail?: Record<string, unknown>;
}

/** `2024-07-20T12:00:00+09:00`: an instant in Japan time with its offset (R-FMT-10). */
export function jstIsoSeconds(d: Date): string {
  const j = new Date(d.getTime() + 9 * 3600_000);
  return j.toISOString().slice(0, 19) + '+09:00';
}

/** `2024-07-20 12:00:00 JST` (取得日時 in the index). */
export function jstStamp(d: Date): string {
  return jstIsoSeconds(d).slice(0, 19).replace('T', ' ') + ' JST';
}

export function auditLine(e: AuditEntry): string {
  return JSON.stringify(e) + '\n';
}

/** Appends entries (one line each); the file is only ever appended to. */
export async function appendAudit(dir: string, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await appendFile(path.join(dir, AUDIT_FILE), entries.map(auditLine).join(''), { encoding: 'utf8', mode: 0o644 });
}

export function parseAudit(text: string): AuditEntry[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditEntry);
}
