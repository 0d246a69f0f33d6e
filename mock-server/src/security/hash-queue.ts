import { ApiError } from '../errors.js';

/*
 * Password hashing (scrypt) runs on libuv's small thread pool, which file writes share: a flood
 * of logins used to fill it, and an unrelated `GET /me` (which writes its session's idle expiry)
 * waited seconds behind the hashes. The queue lets `concurrency` hashes run at once — fewer than
 * the pool's threads, so file I/O always finds one — keeps up to `waiting` more in line, and
 * refuses the rest at once with 503 SERVER_BUSY and `Retry-After`, before any work is done.
 *
 * Each app has its own queue: createApp wraps the injected hasher in it (`boundedHasher`), and
 * security/install.ts refuses the unauthenticated hashing routes early when its line is full.
 */

export interface HashQueueOptions {
  /** Hashes running at once. */
  concurrency: number;
  /** Hashes waiting at most; beyond that a request is refused. */
  waiting: number;
  /** `Retry-After` of a refusal, seconds. */
  retryAfterSeconds?: number;
}

export class HashQueue {
  #running = 0;
  readonly #waiters: (() => void)[] = [];

  constructor(readonly opts: HashQueueOptions) {}

  /** True when a new request could not even wait for a slot. */
  get full(): boolean {
    return this.#running >= this.opts.concurrency && this.#waiters.length >= this.opts.waiting;
  }

  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiters.length };
  }

  /** Runs `work` when a slot is free; throws SERVER_BUSY when the line is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.opts.concurrency) {
      if (this.#waiters.length >= this.opts.waiting) throw this.busy();
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    } else {
      this.#running += 1;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiters.shift();
      if (next) next(); // the slot passes on: #running stays the same
      else this.#running -= 1;
    }
  }

  busy(): ApiError {
    return new ApiError('SERVER_BUSY', { retryAfter: this.opts.retryAfterSeconds ?? 1 });
  }
}

/** A password hasher: what `boundedHasher` wraps (the domain's injected hasher has this shape). */
export interface SecretHasher {
  hash(secret: string): Promise<string>;
  verify(secret: string, stored: string | null): Promise<boolean>;
  needsRehash?(stored: string): boolean;
}

/** `hasher`, with every hash and verification taking a slot of `queue` (for an injected hasher). */
export function boundedHasher(hasher: SecretHasher, queue: HashQueue): Required<SecretHasher> {
  return {
    needsRehash: (stored) => hasher.needsRehash?.(stored) ?? false,
    hash: (secret) => queue.run(() => hasher.hash(secret)),
    verify: (secret, stored) => (stored ? queue.run(() => hasher.verify(secret, stored)) : hasher.verify(secret, stored)),
  };
}
