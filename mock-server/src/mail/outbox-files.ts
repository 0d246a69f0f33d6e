import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { syncDirSync, writeDurableSync } from '../infra/durable-sync.js';
import { SyncTurn } from '../infra/sync-turn.js';
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

/**
 * Writes mails as `<id>.json`, mode 0600, atomically and durably, several as one step: each to its
 * temporary file, fsynced, then renamed (in parallel: each rename is its own atomic step, and a
 * round trip each in a line made a batch of 200 wait for 200 of them), then one fsync of the folder
 * for all the renames. Each file is still whole or absent after a crash; on an error no temporary
 * file stays and the error is thrown.
 */
export async function writeMailFiles(dir: string, mails: readonly SentMail[]): Promise<void> {
  const entries = mails.map((mail) => ({ mail, final: path.join(dir, `${mail.id}.json`), tmp: path.join(dir, `.${mail.id}.${process.pid}.${counter++}.tmp`) }));
  try {
    await Promise.all(
      entries.map(async (e) => {
        const handle = await open(e.tmp, 'w', 0o600);
        try {
          await handle.writeFile(JSON.stringify(e.mail, null, 2));
          await handle.sync();
        } finally {
          await handle.close();
        }
      }),
    );
    await Promise.all(entries.map((e) => rename(e.tmp, e.final)));
  } catch (error) {
    await Promise.all(entries.map((e) => unlink(e.tmp).catch(() => undefined)));
    throw error;
  }
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** writeMailFiles for one mail with synchronous calls: the same file, fsync, rename and folder fsync. */
export function writeMailFileSync(dir: string, mail: SentMail): void {
  const final = path.join(dir, `${mail.id}.json`);
  const tmp = path.join(dir, `.${mail.id}.${process.pid}.${counter++}.tmp`);
  try {
    writeDurableSync(tmp, JSON.stringify(mail, null, 2));
    renameSync(tmp, final);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // not created, or already renamed
    }
    throw error;
  }
  syncDirSync(dir);
}

/**
 * Group commit of mail files: mails sent while a write is in flight go to disk together in the
 * next one (one folder fsync for the lot), and each send resolves only once its file is durable.
 * Without it, 200 mails sent at once make 200 folder fsyncs in a line, and the first receipt
 * waits behind the others' file operations in libuv's small thread pool. The first mail of an
 * idle moment is written with synchronous calls, as the JSON engine's first commit is
 * (infra/sync-turn.ts: once per turn of the event loop, not while the disk is slow).
 */
export class MailFileWriter {
  #pending: { mail: SentMail; resolve: () => void; reject: (error: unknown) => void }[] = [];
  #running = false;
  readonly #syncTurn = new SyncTurn();

  constructor(private readonly dir: string) {}

  write(mail: SentMail): Promise<void> {
    if (!this.#running && this.#pending.length === 0 && this.#syncTurn.take()) {
      try {
        this.#syncTurn.run(() => writeMailFileSync(this.dir, mail));
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ mail, resolve, reject });
      if (!this.#running) void this.#run();
    });
  }

  async #run(): Promise<void> {
    this.#running = true;
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      try {
        await writeMailFiles(this.dir, batch.map((w) => w.mail));
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#running = false;
  }
}
