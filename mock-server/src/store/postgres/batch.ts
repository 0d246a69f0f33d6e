/*
 * Lookups that arrive in the same turn of the event loop answered by ONE statement (the
 * DataLoader pattern). Every signed-in request reads its session, account and group; on a busy
 * server several arrive between two turns, and each round trip costs the server more CPU (the
 * driver's message handling, a socket write and read) than the statement costs PostgreSQL. Each
 * lookup is still read from the database after its request arrived — nothing is kept between
 * turns, so a logout or a removed user through any instance is refused at the next request.
 */
export class TurnBatch<K, V> {
  #pending: { key: K; resolve: (value: V | undefined) => void; reject: (error: unknown) => void }[] | null = null;

  /** `load` answers the found keys (a missing key: undefined). */
  constructor(private readonly load: (keys: K[]) => Promise<Map<K, V>>) {}

  get(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      if (this.#pending === null) {
        this.#pending = [];
        // after the poll phase: every request whose bytes came in this turn has asked by then
        setImmediate(() => void this.#flush());
      }
      this.#pending.push({ key, resolve, reject });
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#pending!;
    this.#pending = null;
    try {
      const found = await this.load([...new Set(batch.map((b) => b.key))]);
      for (const b of batch) b.resolve(found.get(b.key));
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }
}
