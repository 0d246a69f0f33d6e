import type { Bill } from '@mypage/api';
import type { Repositories } from '../store/repositories.js';
import type { BillRecord, BillingGroupRecord } from '../store/schema.js';
import { computeBill } from './bills.js';

/*
 * A month's computed bill (R-BILL-2, computeBill), kept per billing group and month while the store
 * is unchanged: the bill read is the most frequent request of the portal and of billing exports,
 * and the computation (every contract's items and tax lines, the invoice's rounding) was its
 * largest cost. A kept bill is used only while the engine's change count (Repositories.changeCount:
 * every write, rollback and undone failed write counts) is what it was when the computation
 * started, and the group and bill records are the very ones it was computed from — so a reissued
 * bill, new call records, a contract or group change is in the next read. An engine without a
 * change count (PostgreSQL: other instances write the same database) keeps nothing.
 */

const KEEP = 5_000;

interface Kept {
  changes: number;
  group: BillingGroupRecord;
  record: BillRecord;
  bill: Bill;
}

export class BillViews {
  readonly #kept = new Map<string, Kept>();

  constructor(
    private readonly repos: Repositories,
    private readonly keep = KEEP,
  ) {}

  /** computeBill(repos, group, record), or the same answer kept from an earlier read. Read-only (frozen). */
  async of(group: BillingGroupRecord, record: BillRecord): Promise<Bill> {
    const changes = this.repos.changeCount?.();
    if (changes === undefined) return computeBill(this.repos, group, record);
    const key = `${group.id}\u0000${record.month}`;
    const kept = this.#kept.get(key);
    if (kept && kept.changes === changes && kept.group === group && kept.record === record) return kept.bill;
    // The count before the computation: a change while it runs makes this answer stale at once.
    const bill = freeze(await computeBill(this.repos, group, record));
    this.#kept.delete(key);
    if (this.#kept.size >= this.keep) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(key, { changes, group, record, bill });
    return bill;
  }
}

/** Shared between requests, so no caller may change it. */
function freeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const key of Object.keys(value)) freeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}
