import type { Bill, ContractGroup, ContractSummary } from '@mypage/api';
import type { BillingGroupRecord } from '../store/schema.js';

/** Breakdowns one instance keeps (least recently used dropped first): at a few kB each, a few MB. */
export const BILL_CACHE_ENTRIES = 1_000;

interface Entry {
  dataVersion: string;
  /** when the bill became visible (R-BILL-1): served only to a clock at or past it */
  publishedAt: number;
  /** the group's fields the breakdown prints: a renamed group is a miss, not a stale header */
  customerNumber: string;
  recipientName: string;
  bill: Bill;
}

/** A map of at most `capacity` entries; a read moves its entry to the back, the front one goes first. */
class Lru<V> {
  readonly #entries = new Map<string, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The entry, moved to the back — only when `valid` accepts it. */
  get(key: string, valid: (entry: V) => boolean): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || !valid(entry)) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}

/**
 * Computed bill breakdowns of one instance, keyed by (group, month) and valid for one data version
 * of the group (PostgreSQL, migration 004: every write to the group's bills, call records or
 * contracts bumps it in the same transaction). A read whose caller carries the same version is the
 * same answer, without reading the parts again; a write through any instance changes the version,
 * so the next read everywhere misses and recomputes. Not-found answers are never kept, and a kept
 * bill is served only when the clock has reached its publication (the clock is injected and may
 * move either way in tests). The bills handed out are shared: callers only serialise them.
 */
export class BillCache {
  readonly #entries: Lru<Entry>;

  constructor(readonly capacity = BILL_CACHE_ENTRIES) {
    this.#entries = new Lru(capacity);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(group: BillingGroupRecord, month: string, dataVersion: string, now: Date): Bill | undefined {
    return this.#entries.get(
      `${group.id}\u0000${month}`,
      (entry) =>
        entry.dataVersion === dataVersion &&
        entry.publishedAt <= now.getTime() &&
        entry.customerNumber === group.customerNumber &&
        entry.recipientName === group.name,
    )?.bill;
  }

  set(group: BillingGroupRecord, dataVersion: string, publishedAt: string, bill: Bill): void {
    this.#entries.set(`${group.id}\u0000${bill.month}`, { dataVersion, publishedAt: Date.parse(publishedAt), customerNumber: group.customerNumber, recipientName: group.name, bill });
  }
}

/**
 * The contract lists (`GET /contracts`) of one instance, by (group, contract group) and valid for
 * one data version, as `BillCache`: every change to a group's contracts bumps its version. Kept under
 * the caller's version, read before the list: the list is as new as that version or newer.
 */
export class ContractListCache {
  readonly #entries: Lru<{ dataVersion: string; items: ContractSummary[] }>;

  constructor(readonly capacity = BILL_CACHE_ENTRIES) {
    this.#entries = new Lru(capacity);
  }

  get(billingGroupId: string, group: ContractGroup | undefined, dataVersion: string): ContractSummary[] | undefined {
    return this.#entries.get(`${billingGroupId}\u0000${group ?? ''}`, (entry) => entry.dataVersion === dataVersion)?.items;
  }

  set(billingGroupId: string, group: ContractGroup | undefined, dataVersion: string, items: ContractSummary[]): void {
    this.#entries.set(`${billingGroupId}\u0000${group ?? ''}`, { dataVersion, items });
  }
}
