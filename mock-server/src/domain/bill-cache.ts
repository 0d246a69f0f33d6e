import type { Bill, ContractGroup, ContractSummary } from '@mypage/api';
import type { BillingGroupRecord } from '../store/schema.js';

/** Breakdowns one instance keeps (least recently used dropped first, approximately): at a few kB each, a few MB. */
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

/**
 * A map of at most `capacity` entries that drops the least recently used first, approximately:
 * "second chance" (CLOCK). A read only marks its entry used. To make room for a new entry, the
 * front entry goes unless it was used since it last came to the front, in which case it loses the
 * mark and moves to the back. A read therefore changes no Map: moving the entry on every read (a
 * delete and a set) made V8 reallocate the long-lived Map's table every few reads, in the old
 * generation — at 20,000 reads/s, megabytes of old-space garbage a second, and longer minor GCs as
 * it piled up (docs/performance.md, "Old-space garbage from the caches' LRU").
 */
class SecondChance<V> {
  readonly #entries = new Map<string, { value: V; used: boolean }>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The entry, marked used — only when `valid` accepts it. */
  get(key: string, valid: (entry: V) => boolean): V | undefined {
    const slot = this.#entries.get(key);
    if (slot === undefined || !valid(slot.value)) return undefined;
    slot.used = true;
    return slot.value;
  }

  set(key: string, value: V): void {
    const slot = this.#entries.get(key);
    if (slot !== undefined) {
      slot.value = value;
      slot.used = true;
      return;
    }
    if (this.capacity < 1) return;
    // Room first, so the new entry (at the back, not yet read) is not the one that goes.
    while (this.#entries.size >= this.capacity) {
      const [front, oldest] = this.#entries.entries().next().value as [string, { value: V; used: boolean }];
      this.#entries.delete(front);
      if (oldest.used) {
        oldest.used = false;
        this.#entries.set(front, oldest);
      }
    }
    this.#entries.set(key, { value, used: false });
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
  readonly #entries: SecondChance<Entry>;

  constructor(readonly capacity = BILL_CACHE_ENTRIES) {
    this.#entries = new SecondChance(capacity);
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
  readonly #entries: SecondChance<{ dataVersion: string; items: ContractSummary[] }>;

  constructor(readonly capacity = BILL_CACHE_ENTRIES) {
    this.#entries = new SecondChance(capacity);
  }

  get(billingGroupId: string, group: ContractGroup | undefined, dataVersion: string): ContractSummary[] | undefined {
    return this.#entries.get(`${billingGroupId}\u0000${group ?? ''}`, (entry) => entry.dataVersion === dataVersion)?.items;
  }

  set(billingGroupId: string, group: ContractGroup | undefined, dataVersion: string, items: ContractSummary[]): void {
    this.#entries.set(`${billingGroupId}\u0000${group ?? ''}`, { dataVersion, items });
  }
}
