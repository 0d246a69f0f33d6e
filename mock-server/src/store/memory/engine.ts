import { emptyData, type Data } from '../schema.js';
import type { RepositorySet, StoreEngine } from '../repositories.js';
import { createRepositorySet, type Scope } from './repositories.js';
import { ChangeCounter, Journal, State } from './state.js';
import { BillCache, ContractListCache } from '../../domain/bill-cache.js';
import type { SessionRecord } from '../schema.js';

/*
 * An engine whose data lives in memory (State). Single writes are applied synchronously, so they
 * are atomic; a transaction holds the engine: other reads and writes wait until it ends, so they
 * never see its uncommitted changes, and a failed transaction is undone. Subclasses make changes
 * durable in `persist` (the JSON engine) — memory does nothing there.
 */
export abstract class InMemoryEngine implements StoreEngine {
  abstract readonly name: string;
  protected readonly state = new State();
  /** Every journalled change and undo counts (the data version); a session's slid expiry does not. */
  readonly #changes = new ChangeCounter();
  /** Resolves when no transaction holds the engine. */
  #txIdle: Promise<void> = Promise.resolve();
  #txBusy = false;
  #txChain: Promise<unknown> = Promise.resolve();
  /** computed breakdowns and contract lists, valid per data version (domain/bill-cache.ts) */
  readonly billCache = new BillCache();
  readonly contractListCache = new ContractListCache();

  readonly accounts;
  readonly loginAttempts;
  readonly billingGroups;
  readonly sessions;
  readonly links;
  readonly challenges;
  readonly bills;
  readonly notices;
  readonly documents;
  readonly callRecords;
  readonly inquiries;
  readonly news;
  readonly idempotency;
  readonly rateWindows;

  constructor() {
    const outside: Scope = {
      read: async (fn) => {
        while (this.#txBusy) await this.#txIdle;
        return fn();
      },
      canReadNow: () => !this.#txBusy,
      write: async (fn) => {
        // Checked again after every wait, and fn runs in the same turn: no transaction in between.
        while (this.#txBusy) await this.#txIdle;
        this.assertWritable();
        const j = new Journal(this.#changes);
        let result;
        try {
          result = fn(j);
        } catch (error) {
          j.rollback();
          throw error;
        }
        if (j.undo.length > 0) await this.persist(j);
        return result;
      },
      touched: (session, now) => this.touched(session, now),
      // none while a transaction holds the engine: its changes are not committed yet
      dataVersion: () => (this.#txBusy ? undefined : String(this.#changes.value)),
    };
    const set = createRepositorySet(this.state, outside);
    this.accounts = set.accounts;
    this.loginAttempts = set.loginAttempts;
    this.billingGroups = set.billingGroups;
    this.sessions = set.sessions;
    this.links = set.links;
    this.challenges = set.challenges;
    this.bills = set.bills;
    this.notices = set.notices;
    this.documents = set.documents;
    this.callRecords = set.callRecords;
    this.inquiries = set.inquiries;
    this.news = set.news;
    this.idempotency = set.idempotency;
    this.rateWindows = set.rateWindows;
  }

  transaction<T>(work: (tx: RepositorySet) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      while (this.#txBusy) await this.#txIdle;
      this.assertWritable();
      let release!: () => void;
      this.#txIdle = new Promise<void>((resolve) => (release = resolve));
      this.#txBusy = true;
      const j = new Journal(this.#changes);
      const inside: Scope = {
        read: async (fn) => fn(),
        canReadNow: () => true,
        write: async (fn) => {
          const step = new Journal(this.#changes);
          try {
            const result = fn(step);
            j.absorb(step);
            return result;
          } catch (error) {
            step.rollback();
            throw error;
          }
        },
        touched: (session, now) => this.touched(session, now),
        dataVersion: () => undefined,
      };
      let result: T;
      try {
        result = await work(createRepositorySet(this.state, inside));
      } catch (error) {
        j.rollback();
        this.#txBusy = false;
        release();
        throw error;
      }
      this.#txBusy = false;
      release();
      if (j.undo.length > 0) await this.persist(j);
      return result;
    };
    const next = this.#txChain.then(run, run);
    this.#txChain = next.catch(() => undefined);
    return next;
  }

  /** True while a transaction holds the engine (its changes are in memory, not committed). */
  protected get inTransaction(): boolean {
    return this.#txBusy;
  }

  /** Resolves when the current transaction ends (check `inTransaction` again after it). */
  protected transactionEnded(): Promise<void> {
    return this.#txIdle;
  }

  async isEmpty(): Promise<boolean> {
    while (this.#txBusy) await this.#txIdle;
    return this.state.groups.size === 0 && this.state.accounts.size === 0;
  }

  /** Bulk-load a data graph into an empty store (demo seed, tests). */
  async load(data: Data): Promise<void> {
    if (!(await this.isEmpty())) throw new Error('load() needs an empty store');
    const j = new Journal(this.#changes);
    this.state.load(structuredClone(data));
    this.state.loaded();
    this.#changes.value++;
    j.dirty.add('all');
    await this.persist(j);
  }

  async close(): Promise<void> {
    await this.#txChain;
  }

  /**
   * Everything stored, as one data graph (tests: "nothing changed", "no secret in the store"), for
   * reading: bills whose items were equal when loaded share one copy of them here too.
   */
  async snapshot(): Promise<Data> {
    while (this.#txBusy) await this.#txIdle;
    const all: Data = structuredClone({ ...emptyData(), ...this.state.partitionData('') });
    for (const p of this.state.partitions()) {
      const part = this.state.partitionData(p) as Partial<Data>;
      for (const key of Object.keys(all) as (keyof Data)[]) {
        const list = part[key];
        if (Array.isArray(list)) (all[key] as unknown[]).push(...structuredClone(list));
      }
    }
    return all;
  }

  /** Make a committed change durable; on failure undo it (and whatever else is not durable) and reject. */
  protected abstract persist(j: Journal): Promise<void>;
  /** A session's expiry slid (a read); memory keeps it, the JSON engine persists it lazily. */
  protected touched(_session: SessionRecord, _now: Date): void {}
  /** Throws when the engine cannot take writes (closed, or failed). */
  protected assertWritable(): void {}
}

/** The memory engine: unit tests and benchmarks; nothing touches the disk. */
export class MemoryEngine extends InMemoryEngine {
  readonly name = 'memory';

  static async create(data?: Data): Promise<MemoryEngine> {
    const engine = new MemoryEngine();
    if (data) await engine.load(data);
    return engine;
  }

  protected async persist(): Promise<void> {}
}
