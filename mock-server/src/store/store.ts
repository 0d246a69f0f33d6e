import { mkdirSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low, Memory, type Adapter } from 'lowdb';
import { TextFile } from 'lowdb/node';
import { parseStoreText } from './check.js';
import { emptyData, type Data } from './schema.js';

/**
 * The store owns the lowdb database (as json-server does): reads are plain property access on
 * `data`; every change goes through `update()`, which applies it and persists before resolving.
 * Updates are serialised, so two requests never interleave their read-modify-write.
 */
export class Store {
  readonly #db: Low<Data>;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(db: Low<Data>) {
    this.#db = db;
  }

  static async open(adapter: Adapter<Data>): Promise<Store> {
    const db = new Low<Data>(adapter, emptyData());
    await db.read();
    db.data = { ...emptyData(), ...db.data };
    return new Store(db);
  }

  /** An in-memory store (tests, benchmarks): nothing touches the disk. */
  static memory(initial?: Data): Promise<Store> {
    const adapter = new Memory<Data>();
    if (initial) void adapter.write(initial);
    return Store.open(adapter);
  }

  /** A file store in `dir` (`mypage.json`), written atomically (see {@link DurableJsonFile}). */
  static file(dir: string): Promise<Store> {
    mkdirSync(dir, { recursive: true });
    return Store.open(new DurableJsonFile(path.join(dir, 'mypage.json')));
  }

  get data(): Data {
    return this.#db.data;
  }

  /** Apply `change` to the data and persist it; resolves with what `change` returned. */
  update<T>(change: (data: Data) => T): Promise<T> {
    const run = async () => {
      const result = change(this.#db.data);
      await this.#db.write();
      return result;
    };
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * JSON file adapter that never leaves a half-written file: write a temporary file in the same
 * folder, fsync it, rename it over the old one (atomic on POSIX), then fsync the folder so the
 * rename itself survives a power cut. A crash at any point keeps the old or the new state.
 * (lowdb's own TextFile renames too, but does not fsync.)
 */
export class DurableJsonFile implements Adapter<Data> {
  readonly #file: string;
  readonly #reader: TextFile;
  #counter = 0;

  constructor(file: string) {
    this.#file = file;
    this.#reader = new TextFile(file);
  }

  async read(): Promise<Data | null> {
    const text = await this.#reader.read();
    return text === null ? null : parseStoreText(text, this.#file);
  }

  async write(data: Data): Promise<void> {
    const dir = path.dirname(this.#file);
    const tmp = path.join(dir, `.${path.basename(this.#file)}.${process.pid}.${this.#counter++}.tmp`);
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, this.#file);
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    const dirHandle = await open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }
}
