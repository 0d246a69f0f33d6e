import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InMemoryEngine } from '../memory/engine.js';
import { MAIN, type Journal, type StoredData } from '../memory/state.js';
import { StoreUnavailable } from '../repositories.js';
import type { SessionRecord } from '../schema.js';
import { parseStoreText } from '../check.js';
import { SyncTurn } from '../../infra/sync-turn.js';
import { commitFiles, commitFilesSync, CommittedButBroken, listFiles, nodeFs, nodeSyncFs, recoverFolder, type JsonFs, type JsonSyncFs } from './files.js';
import { lockDataFolder } from './lock.js';

/*
 * The embedded default engine (SPEC D-13): the data lives in memory and in JSON files in the data
 * folder, one server process per folder (a lock file).
 *
 * - Files: `mypage.json` (sessions, challenges, links, stored requests, news for everyone),
 *   `groups/<id>.json` (a billing group with its contracts, accounts, bills, notices,
 *   inquiries and news), `calls/<month>/<group>.json` (call records: the bulk),
 *   `documents/<kind>/<key>.json`, `login-failures/NN.json` (failed logins of every access ID,
 *   known or not, spread by hash), `requests/NN.json` (stored POST requests, D-12, spread by
 *   hash). A change rewrites only the files whose records changed:
 *   an inquiry POST writes its group's file, however many call records are stored.
 * - Group commit: the changes that arrive while a commit is being written go out together in
 *   the next one; each is acknowledged only after the fsync that holds it (files.ts: all files of
 *   a commit or none). The first write of an idle moment (no commit in flight, none queued) is
 *   committed with synchronous calls before the request goes on (infra/sync-turn.ts: at most
 *   four times per turn of the event loop, and not while the disk is slow): otherwise its fsync's
 *   callback would wait until every other request that arrived with it had been processed.
 * - Reads never write: the sliding session expiry (R-LOGIN-4) is kept in memory and written
 *   when the one on disk is more than a minute behind (with whatever commit comes first) and at
 *   shutdown. A crash can end a session up to that minute early — never late.
 * - A failed write (disk full, I/O error) undoes in memory every change not yet on disk and
 *   rejects them with StoreUnavailable (the app answers 503): memory and disk agree.
 * - Today's single-file folders (everything in `mypage.json`) open as they are and are split
 *   into the files above at the first start; so are stored requests kept in `mypage.json`.
 */

export interface JsonEngineOptions {
  fs?: JsonFs;
  /**
   * The synchronous operations for the first write of an idle moment; default: the real file
   * system when `fs` is not given, none (every commit asynchronous) when it is.
   */
  syncFs?: JsonSyncFs;
  logger?: { error(message: string, fields?: Record<string, unknown>): void };
  /** How far the expiry on disk may lag behind the one in memory (default one minute). */
  sessionLagMs?: number;
}

/** A change of a few files (a bulk load writes every file: that goes to the group commit, which writes them in parallel). */
const isSmall = (j: Journal) => j.dirty.size <= 4 && !j.dirty.has('all');

interface Waiter {
  j: Journal;
  resolve: () => void;
  reject: (error: Error) => void;
}

export class JsonEngine extends InMemoryEngine {
  readonly name = 'json';
  readonly dir: string;
  readonly #fs: JsonFs;
  readonly #syncFs: JsonSyncFs | undefined;
  /** Three for a POST with an Idempotency-Key (stored request, change, stored answer), one more. */
  readonly #syncTurn = new SyncTurn({ perTurn: 4 });
  readonly #logger: NonNullable<JsonEngineOptions['logger']>;
  readonly #sessionLagMs: number;
  #release: () => void = () => undefined;
  #pending: Waiter[] = [];
  #lazy = false;
  #lazyTimer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | null = null;
  #broken: Error | null = null;
  #closed = false;
  /** lastSeenAt (ms) of each session as written on disk */
  readonly #diskSeen = new Map<string, number>();

  private constructor(dir: string, options: JsonEngineOptions) {
    super();
    this.dir = dir;
    this.#fs = options.fs ?? nodeFs;
    this.#syncFs = options.syncFs ?? (options.fs ? undefined : nodeSyncFs);
    this.#logger = options.logger ?? { error: () => undefined };
    this.#sessionLagMs = options.sessionLagMs ?? 60_000;
  }

  /** Open (or create) the data folder: take its lock, finish an interrupted commit, load the files. */
  static async open(dir: string, options: JsonEngineOptions = {}): Promise<JsonEngine> {
    mkdirSync(dir, { recursive: true });
    const release = lockDataFolder(dir);
    try {
      recoverFolder(dir);
      const engine = new JsonEngine(dir, options);
      engine.#release = release;
      const migrate = engine.#loadFiles();
      if (migrate) await engine.#writeAll();
      return engine;
    } catch (error) {
      release();
      throw error;
    }
  }

  /** Loads every data file; true when the main file is of the single-file format (to be split). */
  #loadFiles(): boolean {
    const main = path.join(this.dir, MAIN);
    let migrate = false;
    if (existsSync(main)) {
      const data = parseStoreText(readFileSync(main, 'utf8'), main, ['schemaVersion']) as Partial<StoredData>;
      migrate =
        (data.billingGroups?.length ?? 0) > 0 || (data.callRecords?.length ?? 0) > 0 || (data.accounts?.length ?? 0) > 0 || (data.idempotency?.length ?? 0) > 0;
      this.state.load(withoutReservations(data));
    }
    for (const sub of ['groups', 'calls', 'documents', 'login-failures', 'requests']) {
      for (const file of listFiles(path.join(this.dir, sub))) {
        if (file.endsWith('.json')) this.state.load(withoutReservations(parseStoreText(readFileSync(file, 'utf8'), file, []) as Partial<StoredData>));
      }
    }
    this.state.loaded();
    for (const s of this.state.sessions.values()) this.#diskSeen.set(s.tokenHash, Date.parse(s.lastSeenAt));
    return migrate;
  }

  async #writeAll(): Promise<void> {
    const files = new Map<string, string>();
    for (const p of this.state.partitions()) files.set(p, JSON.stringify(this.state.partitionData(p)));
    await commitFiles(this.#fs, this.dir, files);
  }

  protected override assertWritable(): void {
    if (this.#closed) throw new StoreUnavailable(`the store of ${this.dir} is closed`);
    if (this.#broken) throw new StoreUnavailable(`the data folder ${this.dir} could not be written (${this.#broken.message}); restart the server`);
  }

  protected persist(j: Journal): Promise<void> {
    if (this.#syncFs && this.#flushing === null && this.#pending.length === 0 && !this.inTransaction && isSmall(j) && this.#syncTurn.take()) return this.#commitNow(j, this.#syncFs);
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ j, resolve, reject });
      this.#kick();
    });
  }

  /** The one change of an idle moment, committed in this turn (same files and fsyncs as a group commit). */
  #commitNow(j: Journal, fs: JsonSyncFs): Promise<void> {
    let seen: (readonly [string, number])[];
    try {
      const commit = this.#filesOf([j]);
      seen = commit.seen;
      this.#syncTurn.run(() => commitFilesSync(fs, this.dir, commit.files));
    } catch (error) {
      if (error instanceof CommittedButBroken) {
        this.#brokenAfterCommit(error);
        return Promise.resolve();
      }
      j.rollback();
      return Promise.reject(this.#failed(error as NodeJS.ErrnoException));
    }
    for (const [hash, at] of seen) this.#diskSeen.set(hash, at);
    return Promise.resolve();
  }

  /** The files a commit of `journals` writes (each partition they changed; the main file for slid expiries), and the expiries it carries. */
  #filesOf(journals: readonly Journal[]): { files: Map<string, string>; seen: (readonly [string, number])[] } {
    const dirty = new Set<string>();
    if (this.#lazy) {
      dirty.add(MAIN);
      this.#lazy = false;
      clearTimeout(this.#lazyTimer);
    }
    for (const j of journals) for (const p of j.dirty) if (p === 'all') for (const q of this.state.partitions()) dirty.add(q);
    for (const j of journals) for (const p of j.dirty) if (p !== 'all') dirty.add(p);
    const seen = dirty.has(MAIN) ? [...this.state.sessions.values()].map((s) => [s.tokenHash, Date.parse(s.lastSeenAt)] as const) : [];
    const files = new Map<string, string>();
    for (const p of dirty) files.set(p, JSON.stringify(this.state.partitionData(p)));
    return { files, seen };
  }

  #brokenAfterCommit(error: CommittedButBroken): void {
    // On disk (the next start completes it), but this process cannot write any more.
    this.#broken = error;
    this.#logger.error('data folder write failed after commit; refusing further writes', { dir: this.dir, message: error.message });
  }

  #failed(error: NodeJS.ErrnoException): StoreUnavailable {
    this.#logger.error('data folder write failed; changes undone', { dir: this.dir, code: error.code, message: error.message });
    return new StoreUnavailable(`cannot write the data folder ${this.dir}: ${error.code ?? error.message}`, { cause: error });
  }

  protected override touched(session: SessionRecord, now: Date): void {
    const onDisk = this.#diskSeen.get(session.tokenHash) ?? 0;
    if (now.getTime() - onDisk < this.#sessionLagMs || this.#lazy) return;
    // Not now, and not in the request: a commit within the next second carries it.
    this.#lazy = true;
    this.#lazyTimer = setTimeout(() => this.#kick(), 1000);
    this.#lazyTimer.unref();
  }

  #kick(): void {
    this.#flushing ??= this.#flushLoop().finally(() => {
      this.#flushing = null;
      if (this.#pending.length > 0) this.#kick();
    });
  }

  async #flushLoop(): Promise<void> {
    while (this.#pending.length > 0 || this.#lazy) {
      // Never write a transaction's uncommitted changes.
      while (this.inTransaction) await this.transactionEnded();
      const batch = this.#pending;
      this.#pending = [];
      if (batch.length === 0 && !this.#lazy) continue;
      if (batch.length === 0 && this.#broken) return;
      try {
        const { files, seen } = this.#filesOf(batch.map((w) => w.j));
        await commitFiles(this.#fs, this.dir, files);
        for (const [hash, at] of seen) this.#diskSeen.set(hash, at);
        for (const w of batch) w.resolve();
      } catch (error) {
        if (error instanceof CommittedButBroken) {
          this.#brokenAfterCommit(error);
          for (const w of batch) w.resolve();
          continue;
        }
        await this.#undoAll(batch, error as NodeJS.ErrnoException);
      }
    }
  }

  /** Undo, newest first, every change not on disk, and reject each with StoreUnavailable. */
  async #undoAll(batch: Waiter[], error: NodeJS.ErrnoException): Promise<void> {
    while (this.inTransaction) await this.transactionEnded();
    const all = [...batch, ...this.#pending];
    this.#pending = [];
    for (let i = all.length - 1; i >= 0; i--) all[i]!.j.rollback();
    const failure = this.#failed(error);
    for (const w of all) w.reject(failure);
  }

  override async close(): Promise<void> {
    if (this.#closed) return;
    await super.close();
    // The slid session expiries that are not on disk yet.
    for (const s of this.state.sessions.values()) if (Date.parse(s.lastSeenAt) > (this.#diskSeen.get(s.tokenHash) ?? 0)) this.#lazy = true;
    if (this.#lazy && !this.#broken) this.#kick();
    while (this.#flushing) await this.#flushing.catch(() => undefined);
    clearTimeout(this.#lazyTimer);
    this.#closed = true;
    this.#release();
  }
}

/**
 * A file's records less its stored requests (D-12) still in progress: the folder is locked by this
 * process, so the process that reserved them is gone, and their keys are free now — not at the end
 * of their lease. (The records stay in the file until it is next written.)
 */
function withoutReservations(data: Partial<StoredData>): Partial<StoredData> {
  if (!data.idempotency?.some((e) => !e.response)) return data;
  return { ...data, idempotency: data.idempotency.filter((e) => e.response) };
}
