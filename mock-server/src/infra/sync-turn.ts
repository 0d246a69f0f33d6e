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
 * The price is that nothing else runs while the disk works, so it is allowed only a few times per
 * turn of the event loop (`perTurn`: a POST with an Idempotency-Key writes three times — its
 * stored request, the inquiry, the stored answer — before it is answered; further writes in the
 * same turn queue for the group commit) and only while the disk is quick: a synchronous write
 * slower than `slowMs` switches it off for `offMs`.
 */
export class SyncTurn {
  #usedThisTurn = 0;
  #offUntil = 0;
  readonly #perTurn: number;
  readonly #slowMs: number;
  readonly #offMs: number;

  constructor(options: { perTurn?: number; slowMs?: number; offMs?: number } = {}) {
    this.#perTurn = options.perTurn ?? 1;
    this.#slowMs = options.slowMs ?? 100;
    this.#offMs = options.offMs ?? 5_000;
  }

  /** True when a synchronous write may run now; it then counts as one of this turn's. */
  take(): boolean {
    if (this.#usedThisTurn >= this.#perTurn || performance.now() < this.#offUntil) return false;
    if (this.#usedThisTurn++ === 0) setImmediate(() => (this.#usedThisTurn = 0));
    return true;
  }

  /** Runs `write` (synchronous) and notes how long the disk took. */
  run<T>(write: () => T): T {
    const started = performance.now();
    try {
      return write();
    } finally {
      const ended = performance.now();
      if (ended - started > this.#slowMs) this.#offUntil = ended + this.#offMs;
    }
  }
}
