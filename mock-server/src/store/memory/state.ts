import type {
  AccountRecord,
  BillRecord,
  BillingGroupRecord,
  CallRecordRow,
  ChallengeRecord,
  ContractRecord,
  Data,
  InquiryRecord,
  LinkRecord,
  NewsRecord,
  OpeningNoticeRecord,
  SessionRecord,
} from '../schema.js';
import type { RenderedDocument, StoredResponse } from '../repositories.js';

/*
 * The in-memory state behind the memory and JSON engines: maps with the indexes the queries need.
 * Stored records are never changed in place — a change puts a new object — so a change is undone
 * by putting the old reference back. Every change goes through a Journal, which keeps the undo
 * steps (a failed transaction, or a failed file write in the JSON engine, puts memory back as it
 * was) and names the partitions it touched ('main', or `calls/<group>/<month>` for call records).
 */

export interface CallBucket {
  rows: CallRecordRow[];
  sorted: boolean;
}

export interface IdempotencyEntry {
  caller: string;
  key: string;
  bodyHash: string;
  expiresAt: string;
  response: StoredResponse | null;
}

export interface FailureState {
  count: number;
  since: string | null;
  lockedUntil: string | null;
}

export const MAIN = 'main';
export const callPartition = (billingGroupId: string, month: string) => `calls/${billingGroupId}/${month}`;
export const bucketKey = (billingGroupId: string, month: string) => `${billingGroupId}\u0000${month}`;

export class Journal {
  readonly undo: (() => void)[] = [];
  readonly dirty = new Set<string>();

  put<K, V>(map: Map<K, V>, key: K, value: V, partition = MAIN): void {
    const had = map.has(key);
    const old = map.get(key);
    map.set(key, value);
    this.undo.push(() => (had ? map.set(key, old as V) : map.delete(key)));
    this.dirty.add(partition);
  }

  remove<K, V>(map: Map<K, V>, key: K, partition = MAIN): void {
    if (!map.has(key)) return;
    const old = map.get(key) as V;
    map.delete(key);
    this.undo.push(() => map.set(key, old));
    this.dirty.add(partition);
  }

  /** Undo everything, newest first. */
  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]!();
    this.undo.length = 0;
  }

  /** Append `other` (a transaction's journal folded into a batch). */
  absorb(other: Journal): void {
    this.undo.push(...other.undo);
    for (const p of other.dirty) this.dirty.add(p);
  }
}

export class State {
  readonly groups = new Map<string, BillingGroupRecord>();
  readonly contracts = new Map<string, ContractRecord>();
  /** group id → contract numbers in insertion order (arrays are replaced, never pushed to) */
  readonly contractsByGroup = new Map<string, readonly string[]>();
  readonly accounts = new Map<string, AccountRecord>();
  readonly accountIdByAccessId = new Map<string, string>();
  readonly links = new Map<string, LinkRecord>();
  readonly challenges = new Map<string, ChallengeRecord>();
  readonly sessions = new Map<string, SessionRecord>();
  /** bucketKey(group, month) → bill */
  readonly bills = new Map<string, BillRecord>();
  /** `${contract}\0${date}` → notice */
  readonly notices = new Map<string, OpeningNoticeRecord>();
  /** bucketKey(group, month) → rows (arrays are replaced on import) */
  readonly calls = new Map<string, CallBucket>();
  readonly callIds = new Map<string, true>();
  readonly inquiries = new Map<string, InquiryRecord>();
  readonly news = new Map<string, NewsRecord>();
  readonly documents = new Map<string, readonly RenderedDocument[]>();
  readonly idempotency = new Map<string, IdempotencyEntry>();
  /** Failed logins of access IDs that name no account: memory only (not persisted), bounded. */
  readonly unknownFailures = new Map<string, FailureState>();
  /** the highest ご請求番号 number issued */
  readonly billingSeq = new Map<'seq', number>([['seq', 0]]);

  /** Load a whole data graph (an empty state only: seed, start of the JSON engine). */
  load(data: Data): void {
    for (const g of data.billingGroups) this.groups.set(g.id, g);
    for (const c of data.contracts) {
      this.contracts.set(c.contractNumber, c);
      this.contractsByGroup.set(c.billingGroupId, [...(this.contractsByGroup.get(c.billingGroupId) ?? []), c.contractNumber]);
    }
    for (const a of data.accounts) {
      this.accounts.set(a.id, a);
      this.accountIdByAccessId.set(a.accessId, a.id);
    }
    for (const l of data.links) this.links.set(l.tokenHash, l);
    for (const c of data.challenges) this.challenges.set(c.id, c);
    for (const s of data.sessions) this.sessions.set(s.tokenHash, s);
    let seq = this.billingSeq.get('seq')!;
    for (const b of data.bills) {
      this.bills.set(bucketKey(b.billingGroupId, b.month), b);
      seq = Math.max(seq, Number(/^B(\d+)$/.exec(b.billingId)?.[1] ?? 0));
    }
    this.billingSeq.set('seq', seq);
    for (const n of data.openingNotices) this.notices.set(`${n.contractNumber}\u0000${n.date}`, n);
    this.loadCalls(data.callRecords);
    for (const i of data.inquiries) this.inquiries.set(i.id, i);
    for (const n of data.news) this.news.set(n.id, n);
  }

  loadCalls(rows: readonly CallRecordRow[]): void {
    for (const r of rows) {
      const key = bucketKey(r.billingGroupId, r.month);
      const bucket = this.calls.get(key);
      if (bucket) {
        bucket.rows.push(r);
        bucket.sorted = false;
      } else this.calls.set(key, { rows: [r], sorted: false });
      this.callIds.set(r.id, true);
    }
  }

  /** Everything but call records, in the on-disk shape of schema.ts (`callRecords` empty). */
  mainData(): Data {
    return {
      schemaVersion: 1,
      billingGroups: [...this.groups.values()],
      contracts: [...this.contracts.values()],
      accounts: [...this.accounts.values()],
      links: [...this.links.values()],
      challenges: [...this.challenges.values()],
      sessions: [...this.sessions.values()],
      openingNotices: [...this.notices.values()],
      bills: [...this.bills.values()],
      callRecords: [],
      inquiries: [...this.inquiries.values()],
      news: [...this.news.values()],
    };
  }

  /** The rows of a bucket, sorted by (startedAt, id). Do not modify. */
  callRows(billingGroupId: string, month: string): readonly CallRecordRow[] {
    const bucket = this.calls.get(bucketKey(billingGroupId, month));
    if (!bucket) return [];
    if (!bucket.sorted) {
      bucket.rows.sort(compareCallRows);
      bucket.sorted = true;
    }
    return bucket.rows;
  }
}

export function compareCallRows(a: { startedAt: string; id: string }, b: { startedAt: string; id: string }): number {
  return a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
