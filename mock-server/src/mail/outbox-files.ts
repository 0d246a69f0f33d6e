import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { SentMail } from './mailer.js';

/*
 * The outbox folder on disk: one JSON file per mail (`mail-000001.json`).
 *
 * A file is written to a temporary name in the same folder, fsynced, renamed over the final name
 * (atomic on POSIX) and the folder fsynced, so a kill or a full disk leaves the old state or the
 * new one, never a half-written mail. At start, leftover temporary files are removed and a file
 * that is not a mail (empty, cut short, not JSON) is set aside as `<name>.damaged` with a warning:
 * one bad file never stops the server.
 */

const MAIL_FILE = /^mail-(\d{6,})\.json$/;
const TEMP_FILE = /^\.mail-.*\.tmp$/;

export type Warn = (message: string, fields?: Record<string, unknown>) => void;

export interface LoadedOutbox {
  mails: SentMail[];
  /** The highest mail number seen (also of damaged files), so a new mail never takes its name. */
  lastSeq: number;
}

function isSentMail(value: unknown): value is SentMail {
  const m = value as Partial<SentMail> | null;
  return typeof m === 'object' && m !== null && !Array.isArray(m) && typeof m.id === 'string' && typeof m.to === 'string' && typeof m.subject === 'string' && typeof m.text === 'string' && typeof m.sentAt === 'string';
}

/** Reads the folder (creating it, mode 0700): mails oldest first; cleans temp files, sets damaged ones aside. */
export function loadOutbox(dir: string, warn: Warn): LoadedOutbox {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mails: SentMail[] = [];
  let lastSeq = 0;
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (TEMP_FILE.test(name)) {
      unlinkSync(file);
      warn('outbox: removed a temporary file left by an interrupted write', { file: name });
      continue;
    }
    const damagedSeq = /^mail-(\d{6,})\.json\.damaged/.exec(name);
    if (damagedSeq) lastSeq = Math.max(lastSeq, Number(damagedSeq[1]));
    const m = MAIL_FILE.exec(name);
    if (!m) continue;
    lastSeq = Math.max(lastSeq, Number(m[1]));
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      parsed = undefined;
    }
    if (isSentMail(parsed)) {
      mails.push(parsed);
      continue;
    }
    const aside = `${file}.damaged`;
    renameSync(file, aside);
    warn('outbox: a damaged mail file was set aside (the server starts without it)', { file: name, movedTo: path.basename(aside) });
  }
  return { mails, lastSeq };
}

let counter = 0;

/** Writes `mail` as `<id>.json` atomically and durably (temp + fsync + rename + folder fsync), mode 0600. */
export async function writeMailFile(dir: string, mail: SentMail): Promise<void> {
  const final = path.join(dir, `${mail.id}.json`);
  const tmp = path.join(dir, `.${mail.id}.${process.pid}.${counter++}.tmp`);
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(mail, null, 2));
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(tmp, final);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
