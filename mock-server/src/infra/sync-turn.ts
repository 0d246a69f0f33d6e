/*
 * When a writer (the JSON engine, the outbox) may write synchronously in the caller's turn.
 *
 * Node hands an asynchronous file operation's result back only in a later turn of the event loop,
 * after every socket that was ready in this one: when 200 requests arrive at once, the first
 * write's fsync completes at once in the thread pool, but its callback runs only after the other
 * 199 requests have been read, authenticated and queued — the first answer waits for the whole
 * burst. A write done with synchronous calls is durable before the next request is read, so the
 * first request of a burst is answered at once and the writes behind it are group-committed.
 *
 * The price is that nothing else runs while the disk works, so it is allowed at most once per
 * turn of the event loop (further writes in the same turn queue for the group commit) and only
 * while the disk is quick: a synchronous write slower than `slowMs` switches it off for `offMs`.
 */
export class SyncTurn {
  #usedThisTurn = false;
  #offUntil = 0;

  constructor(
    private readonly slowMs = 100,
    private readonly offMs = 5_000,
  ) {}

  /** True when a synchronous write may run now; it then counts as this turn's. */
  take(): boolean {
    if (this.#usedThisTurn || performance.now() < this.#offUntil) return false;
    this.#usedThisTurn = true;
    setImmediate(() => (this.#usedThisTurn = false));
    return true;
  }

  /** Runs `write` (synchronous) and notes how long the disk took. */
  run<T>(write: () => T): T {
    const started = performance.now();
    try {
      return write();
    } finally {
      const ended = performance.now();
      if (ended - started > this.slowMs) this.#offUntil = ended + this.offMs;
    }
  }
}
