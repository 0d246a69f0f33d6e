import type {
  AccountRecord,
  BillItemRecord,
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
import { createHash } from 'node:crypto';
import type { LoginFailureRecord } from '../schema.js';
import type { CallChargeSum, RenderedDocument, StoredResponse } from '../repositories.js';
import { MemoryRateWindows } from '../rate-windows.js';
import { unmappableInCallRecord } from '../../csv/unmappable.js';
import { PackedRows, TextTable } from './call-pack.js';
import { CallIdIndex } from './call-ids.js';

export { compareCallRows } from './call-pack.js';

/*
 * The in-memory state behind the memory and JSON engines: maps with the indexes the queries need.
 * Stored records are never changed in place — a change puts a new object — so a change is undone
 * by putting the old reference back. Every change goes through a Journal, which keeps the undo
 * steps (a failed transaction, or a failed file write in the JSON engine, puts memory back as it
 * was) and names the partitions it touched (files of the JSON engine: `mypage.json`, `groups/<id>.json`, `calls/<month>/<group>.json`).
 */

export interface CallBucket {
  /** The rows, sorted by (startedAt, id), packed (call-pack.ts). */
  rows: PackedRows;
  /**
   * Characters CP932 cannot write in the rows' CSV lines (the Shift_JIS export's
   * `X-Unmappable-Chars`, D-5), counted once as the rows come in (csv/unmappable.ts).
   */
  unmappable: number;
  /** The rows that hold any such character, with their count (usually none): a filtered export sums these. */
  unmappableRows: readonly UnmappableRow[];
  /** The month's charges per contract (a bill's 通話料 lines), made at the first read that asks. */
  charges?: readonly CallChargeSum[];
}

export interface UnmappableRow {
  row: CallRecordRow;
  n: number;
}

/** The unmappable rows of a bucket that has none (nearly every bucket): one array for all. */
const NO_UNMAPPABLE_ROWS: readonly UnmappableRow[] = Object.freeze([]);

export interface IdempotencyEntry {
  caller: string;
  key: string;
  bodyHash: string;
  /** The reserving request's id: only it renews, completes or releases the reservation (absent in files of before). */
  owner?: string;
  /** While in progress, the end of the reservation's lease; once answered, the end of the replay's day. */
  expiresAt: string;
  response: StoredResponse | null;
}

/** What a data file holds: the records of schema.ts, and the engine's own (stored requests, documents). */
export interface StoredData extends Data {
  idempotency: IdempotencyEntry[];
  loginFailures: LoginFailureRecord[];
  documents: (Omit<RenderedDocument, 'bytes'> & { bytes: string })[];
}

/**
 * The text of `s` as one flat string. A key made by concatenation (`bucketKey`, the partition
 * names) is a chain of V8 "cons" strings, one heap object per join (and, once hashed, a flat copy
 * beside them), for as long as it is stored: at 10,000 customers 613,000 of them (20 MB), which
 * every full collection walks. A JSON round trip gives one flat string (measured: 19.4 → 9.6 MB for
 * 120,000 call-partition names kept in a Map). For keys that are stored, not for lookups.
 */
export const flat = (s: string): string => JSON.parse(JSON.stringify(s)) as string;

/** The partition of the main file (everything not owned by one billing group). */
export const MAIN = 'mypage.json';
export const bucketKey = (billingGroupId: string, month: string) => `${billingGroupId}\u0000${month}`;
/** A file-name-safe form of an id (no `/`, no `.`: an id can never name a path outside its folder). */
export const fileSafe = (id: string) => encodeURIComponent(id).replace(/\./g, '%2E').replace(/\*/g, '%2A');
export const groupPartition = (billingGroupId: string) => `groups/${fileSafe(billingGroupId)}.json`;
/** Files of the failed-login records: a key's file is picked by its hash, so every file stays small. */
export const LOGIN_FAILURE_FILES = 64;
export const loginFailurePartition = (key: string) =>
  `login-failures/${String(createHash('sha256').update(key).digest()[0]! % LOGIN_FAILURE_FILES).padStart(2, '0')}.json`;
/**
 * Files of the stored POST requests (D-12), picked by the hash of caller and key: each is kept
 * 24 hours, and a POST with a key writes its record twice (reserved, answered), so they stay out
 * of the main file, which every login and session write rewrites.
 */
export const REQUEST_FILES = 64;
export const requestPartition = (caller: string, key: string) =>
  `requests/${String(createHash('sha256').update(`${caller}\u0000${key}`).digest()[0]! % REQUEST_FILES).padStart(2, '0')}.json`;
export const callPartition = (billingGroupId: string, month: string) => `calls/${fileSafe(month)}/${fileSafe(billingGroupId)}.json`;

/**
 * Makes a stored record immutable, all the way down (records are plain JSON data: objects, arrays,
 * strings, numbers, booleans, null). The repositories then hand out the stored object itself: a
 * caller that tries to change it gets a TypeError (modules run in strict mode), and the store
 * never sees the change — what a copy per read used to guarantee, without the copy.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}

/**
 * A map of stored records that knows where each record lives on disk (its partition: a file of
 * the JSON engine) and keeps, per partition, the keys it holds — so one file is written from its
 * own records only. Indexes derived from the records are plain Maps (not persisted).
 *
 * A `frozen` collection deep-freezes every record it stores (`deepFreeze`), so its records can be
 * handed out without a copy. Call buckets (a cache of their charges) and documents (byte arrays) are not.
 */
export class Collection<K, V> extends Map<K, V> {
  /**
   * partition → its key, or a Set of its keys when it holds more than one: most partitions of
   * call records hold one bucket, and a Set for each would be 120,000 Sets (44 MB) at 10,000
   * customers. Keys are never Sets.
   */
  readonly #members = new Map<string, K | Set<K>>();
  readonly frozen: boolean;
  readonly #keyText: (key: string) => string;
  constructor(
    /** the key of these records in a data file (schema.ts `Data`) */
    readonly dataKey: string,
    readonly partitionOf: (value: V) => string,
    options: {
      frozen?: boolean;
      /** The string a text key is stored as (default `flat`): a collection whose keys another map keeps too can share one copy. */
      keyText?: (key: string) => string;
    } = {},
  ) {
    super();
    this.frozen = options.frozen ?? false;
    this.#keyText = options.keyText ?? flat;
  }

  override set(key: K, value: V): this {
    return super.set(key, this.frozen ? deepFreeze(value) : value);
  }

  /** The keys of a partition's records, in the order they were first placed there. */
  keysOf(partition: string): K[] {
    const m = this.#members.get(partition);
    return m === undefined ? [] : m instanceof Set ? [...m] : [m];
  }

  /** The partitions that hold records of this collection. */
  partitionsHeld(): IterableIterator<string> {
    return this.#members.keys();
  }

  /** Set and keep the partition index; returns the partitions touched. A text key is stored flat (`keyText`). */
  place(key: K, value: V | undefined): string[] {
    const old = this.get(key);
    const touched: string[] = [];
    if (old !== undefined) {
      const p = this.partitionOf(old);
      const m = this.#members.get(p);
      if (m instanceof Set) {
        m.delete(key);
        if (m.size === 0) this.#members.delete(p);
      } else if (m === key) this.#members.delete(p);
      touched.push(p);
      this.delete(key);
    }
    if (value !== undefined) {
      if (typeof key === 'string') key = this.#keyText(key) as K;
      const p = this.partitionOf(value);
      const m = this.#members.get(p);
      if (m === undefined) this.#members.set(flat(p), key);
      else if (m instanceof Set) m.add(key);
      else if (m !== key) this.#members.set(p, new Set([m, key]));
      this.set(key, value);
      if (!touched.includes(p)) touched.push(p);
    }
    return touched;
  }
}

/** Counts every change of stored records, undo included (the data version of InMemoryEngine). */
export class ChangeCounter {
  value = 0;
}

export class Journal {
  readonly undo: (() => void)[] = [];
  readonly dirty = new Set<string>();
  constructor(private readonly changes?: ChangeCounter) {}

  put<K, V>(map: Map<K, V>, key: K, value: V): void {
    this.#change(map, key, value);
  }

  remove<K, V>(map: Map<K, V>, key: K): void {
    if (map.has(key)) this.#change(map, key, undefined);
  }

  #change<K, V>(map: Map<K, V>, key: K, value: V | undefined): void {
    const had = map.has(key);
    const old = map.get(key);
    const changes = this.changes;
    if (changes) changes.value++;
    if (map instanceof Collection) {
      for (const p of (map as Collection<K, V>).place(key, value)) this.dirty.add(p);
      this.undo.push(() => {
        if (changes) changes.value++;
        (map as Collection<K, V>).place(key, had ? old : undefined);
      });
      return;
    }
    if (value === undefined) map.delete(key);
    else map.set(key, value);
    this.undo.push(() => {
      if (changes) changes.value++;
      if (had) map.set(key, old as V);
      else map.delete(key);
    });
  }

  /** A change outside the maps (an index kept beside them): `undo` reverses it. */
  step(undo: () => void): void {
    this.undo.push(undo);
  }

  /** Undo everything, newest first. */
  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]!();
    this.undo.length = 0;
  }

  /** Append `other` (a step of a transaction). */
  absorb(other: Journal): void {
    this.undo.push(...other.undo);
    for (const p of other.dirty) this.dirty.add(p);
  }
}

/** The longest text of a loaded record kept once for all records (State.#shareTexts). */
const SHARED_TEXT_MAX = 48;

/** Records handed out as they are stored (see deepFreeze). */
const FROZEN = { frozen: true };

export class State {
  readonly groups = new Collection<string, BillingGroupRecord>('billingGroups', (g) => groupPartition(g.id), FROZEN);
  readonly contracts = new Collection<string, ContractRecord>('contracts', (c) => groupPartition(c.billingGroupId), FROZEN);
  /** group id → contract numbers in insertion order (arrays are replaced, never pushed to) */
  readonly contractsByGroup = new Map<string, readonly string[]>();
  readonly accounts = new Collection<string, AccountRecord>('accounts', (a) => groupPartition(a.billingGroupId), FROZEN);
  readonly accountIdByAccessId = new Map<string, string>();
  readonly links = new Collection<string, LinkRecord>('links', () => MAIN, FROZEN);
  readonly challenges = new Collection<string, ChallengeRecord>('challenges', () => MAIN, FROZEN);
  readonly sessions = new Collection<string, SessionRecord>('sessions', () => MAIN, FROZEN);
  /** bucketKey(group, month) → bill */
  readonly bills = new Collection<string, BillRecord>('bills', (b) => groupPartition(b.billingGroupId), { frozen: true, keyText: (k) => this.#key(k) });
  /** `${contract}\0${date}` → notice (in the file of the contract's group) */
  readonly notices = new Collection<string, OpeningNoticeRecord>('openingNotices', (n) => {
    const group = this.contracts.get(n.contractNumber)?.billingGroupId;
    return group === undefined ? MAIN : groupPartition(group);
  }, FROZEN);
  /** bucketKey(group, month) → the rows, packed (a bucket is replaced on import): a file per group and month */
  readonly calls = new Collection<string, CallBucket>('callRecords', (b) => callPartition(b.rows.billingGroupId, b.rows.month), { keyText: (k) => this.#key(k) });
  /** The id of every stored call record (call-ids.ts), with the number of its bucket (`#bucketKeys`). */
  readonly callIds = new CallIdIndex((bucket, id) => this.calls.get(this.#bucketKeys.text(bucket))?.rows.hasId(id) ?? false);
  /**
   * Bucket keys by number: the id index keeps a number, not a string, per id. Also the one copy of
   * each bucket key that the bills and the call buckets store (`#key`).
   */
  readonly #bucketKeys = new TextTable();
  /** The texts call rows repeat (contract, usage type, calling line), once each. */
  readonly callTexts = new TextTable();
  readonly inquiries = new Collection<string, InquiryRecord>('inquiries', (i) => groupPartition(i.billingGroupId), FROZEN);
  readonly news = new Collection<string, NewsRecord>('news', (n) => (n.billingGroupId === null ? MAIN : groupPartition(n.billingGroupId)), FROZEN);
  /** `${kind}\0${key}` → versions: a file per document */
  readonly documents = new Collection<string, readonly RenderedDocument[]>('documents', (list) => `documents/${fileSafe(list[0]!.kind)}/${fileSafe(list[0]!.key)}.json`);
  readonly idempotency = new Collection<string, IdempotencyEntry>('idempotency', (e) => requestPartition(e.caller, e.key), FROZEN);
  /** Failed logins per access ID, known or not (the same record either way), in `login-failures/NN.json`. */
  readonly loginFailures = new Collection<string, LoginFailureRecord>('loginFailures', (f) => loginFailurePartition(f.key), FROZEN);
  /** Request limits: memory only (not journalled, not persisted), bounded. */
  readonly rateWindows = new MemoryRateWindows();
  /** When expired stored requests were last dropped (memory only: see the idempotency repository). */
  idempotencySweptAtMs = Number.NEGATIVE_INFINITY;
  /** the highest ご請求番号 number issued */
  readonly billingSeq = new Map<'seq', number>([['seq', 0]]);

  /**
   * Load records (a whole data graph, or one data file of the JSON engine). A record whose key is
   * already loaded replaces it (a later file wins). Call records are appended (ids deduplicated)
   * and their unmappable characters counted here: the count is not in the data files (it is
   * derived from the records' text, so a folder of any age loads with it right).
   */
  load(data: Partial<StoredData>): void {
    for (const records of [data.billingGroups, data.contracts, data.accounts, data.bills, data.openingNotices, data.inquiries, data.news]) {
      for (const r of records ?? []) this.#shareTexts(r);
    }
    for (const g of data.billingGroups ?? []) this.groups.place(g.id, g);
    // A group's new contract numbers are gathered first: one new list per group, not one per contract.
    const added = new Map<string, string[]>();
    for (const c of data.contracts ?? []) {
      if (!this.contracts.has(c.contractNumber)) {
        const list = added.get(c.billingGroupId);
        if (list) list.push(c.contractNumber);
        else added.set(c.billingGroupId, [c.contractNumber]);
      }
      this.contracts.place(c.contractNumber, c);
    }
    for (const [groupId, numbers] of added) this.contractsByGroup.set(groupId, [...(this.contractsByGroup.get(groupId) ?? []), ...numbers]);
    for (const stored of data.accounts ?? []) {
      // Stores written before the failed-login records had their own file kept them on the account:
      // dropped (an upgrade forgets at most the counts of the last 15 minutes).
      const { failedLogins: _legacy, ...a } = stored as AccountRecord & { failedLogins?: unknown };
      this.accounts.place(a.id, a);
      this.accountIdByAccessId.set(a.accessId, a.id);
    }
    for (const l of data.links ?? []) this.links.place(l.tokenHash, l);
    for (const c of data.challenges ?? []) this.challenges.place(c.id, c);
    for (const s of data.sessions ?? []) this.sessions.place(s.tokenHash, s);
    let seq = this.billingSeq.get('seq')!;
    if (data.bills) this.#shareBillItems(data.bills);
    for (const b of data.bills ?? []) {
      this.bills.place(bucketKey(b.billingGroupId, b.month), b);
      seq = Math.max(seq, Number(/^B(\d+)$/.exec(b.billingId)?.[1] ?? 0));
    }
    this.billingSeq.set('seq', seq);
    for (const n of data.openingNotices ?? []) this.notices.place(`${n.contractNumber}\u0000${n.date}`, n);
    this.loadCalls(data.callRecords ?? []);
    for (const i of data.inquiries ?? []) this.inquiries.place(i.id, i);
    for (const n of data.news ?? []) this.news.place(n.id, n);
    for (const e of data.idempotency ?? []) this.idempotency.place(`${e.caller}\u0000${e.key}`, e);
    for (const f of data.loginFailures ?? []) this.loginFailures.place(f.key, f);
    for (const d of data.documents ?? []) {
      const key = `${d.kind}\u0000${d.key}`;
      const list = [...(this.documents.get(key) ?? []).filter((x) => x.version !== d.version), { ...d, bytes: Buffer.from(d.bytes, 'base64') }];
      this.documents.place(key, list.sort((a, b) => a.version - b.version));
    }
  }

  /** Call records of a data file: those whose id is stored already, or came earlier in `rows`, are left out. */
  loadCalls(rows: readonly CallRecordRow[]): void {
    const ids = new Set<string>();
    const fresh: CallRecordRow[] = [];
    for (const r of rows) {
      if (ids.has(r.id) || this.callIds.has(r.id)) continue;
      ids.add(r.id);
      fresh.push(r);
    }
    this.addCalls(fresh);
  }

  /**
   * Store call records whose ids are new (the caller checked): each in the bucket of its group and
   * month, and in the id index. With `j` (an import), as a change `j` undoes.
   */
  addCalls(rows: readonly CallRecordRow[], j?: Journal): void {
    const byBucket = new Map<string, CallRecordRow[]>();
    for (const r of rows) {
      const key = this.#key(bucketKey(r.billingGroupId, r.month));
      const list = byBucket.get(key);
      if (list) list.push(r);
      else byBucket.set(key, [r]);
    }
    for (const [key, added] of byBucket) {
      const next = this.#callBucket(this.calls.get(key), added);
      if (j) j.put(this.calls, key, next);
      else this.calls.place(key, next);
      const bucket = this.#bucketKeys.id(key);
      // the undo first, so ids added before a failure part-way are removed too (newest first:
      // before the bucket is put back)
      let indexed = 0;
      j?.step(() => {
        for (let i = 0; i < indexed; i++) this.callIds.delete(added[i]!.id, bucket);
      });
      for (const r of added) {
        this.callIds.add(r.id, bucket);
        indexed++;
      }
    }
  }

  /**
   * The bucket of `old`'s rows and `added` (all of one billing group and month), packed in order
   * (call-pack.ts), with the unmappable characters of `added` counted and added to `old`'s: each
   * row is counted once, when it is stored. The group and month are kept once per bucket (a copy
   * shared with the group's and the month's other buckets while loading: `#text`); contract, usage
   * type and calling line once per state (`callTexts`).
   */
  #callBucket(old: CallBucket | undefined, added: CallRecordRow[]): CallBucket {
    let unmappable = old?.unmappable ?? 0;
    let unmappableRows = old?.unmappableRows ?? NO_UNMAPPABLE_ROWS;
    let found: UnmappableRow[] | undefined;
    for (const row of added) {
      const n = unmappableInCallRecord(row);
      if (n === 0) continue;
      unmappable += n;
      (found ??= []).push({ row: { ...row }, n });
    }
    if (found) unmappableRows = [...unmappableRows, ...found];
    const rows = old && old.rows.length > 0 ? [...old.rows.all(), ...added] : added;
    return { rows: PackedRows.pack(this.#text(added[0]!.billingGroupId), this.#text(added[0]!.month), this.callTexts, rows), unmappable, unmappableRows };
  }

  /**
   * One copy of each short text the records repeat: group ids and months of call buckets, and the
   * texts of loaded records (`#shareTexts`). Dropped by `loaded()`.
   */
  #texts = new Map<string, string>();
  #text(s: string): string {
    const known = this.#texts.get(s);
    if (known !== undefined) return known;
    this.#texts.set(s, s);
    return s;
  }

  /**
   * A bucket key (group and month) kept as one flat string (`flat`) for the bills, the call buckets
   * and the call-id index (`#bucketKeys`), which all store it: three copies were 360,000 strings
   * (14 MB) at 10,000 customers.
   */
  #key(key: string): string {
    const known = this.#bucketKeys.find(key);
    return this.#bucketKeys.text(known >= 0 ? known : this.#bucketKeys.id(flat(key)));
  }

  /**
   * The loading is over (every data file of the JSON engine, the seed of the memory engine): the
   * table of shared texts is dropped. The records keep their shared copies; the table itself held
   * 275,516 texts at 10,000 customers, a hash table of 15 MB (the same number of entries
   * measured in a Map alone) for every full collection to walk. Texts loaded later are shared
   * among themselves only.
   */
  loaded(): void {
    this.#texts = new Map();
  }

  /**
   * The texts of a loaded record replaced by the shared copy of each (equal strings: nothing a
   * reader can see; a frozen record is left as it is): `JSON.parse` makes a string per occurrence, and the records of a billing group
   * repeat many (item names and remarks of every bill, addresses, names, service names, dates). At
   * 10,000 customers the groups' records are 3,044,789 strings of 275,516 different texts: 145 →
   * 98 MB of heap. Longer texts (hashes, inquiry bodies) are rarely repeated and are left alone.
   */
  #shareTexts(value: unknown): void {
    if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
    const record = value as Record<string, unknown>;
    for (const key in record) {
      const v = record[key];
      if (typeof v === 'string') {
        if (v.length <= SHARED_TEXT_MAX) record[key] = this.#text(v);
      } else this.#shareTexts(v);
    }
  }

  /**
   * Equal items of the bills of one load as one object, and equal item lists as one array: a
   * customer's bill repeats its monthly lines (基本料, options, the phone numbers' base charges)
   * month after month, and `JSON.parse` makes new objects for each. At 10,000 customers the bills
   * held 625,000 item objects in 120,000 lists (about 60 items in 12 lists per group's file, 5
   * different items in 1 different list). Loaded records are JSON data, where equal JSON (after
   * `#shareTexts`) is equal data, and stored records are frozen, so no reader can tell a shared
   * item from a copy. Only within one load (a data file: one group's bills), so nothing is kept for
   * it afterwards. A bill without an items array is left as it is (the schema check is not here).
   */
  #shareBillItems(bills: BillRecord[]): void {
    const items = new Map<string, BillItemRecord>();
    const lists = new Map<string, BillItemRecord[]>();
    for (const bill of bills) {
      if (Object.isFrozen(bill) || !Array.isArray(bill.items)) continue;
      const texts = bill.items.map((item) => JSON.stringify(item));
      // JSON.stringify writes no raw line feed: the lines join without ambiguity
      const listText = texts.join('\n');
      const list = lists.get(listText);
      if (list) {
        bill.items = list;
        continue;
      }
      bill.items = bill.items.map((item, i) => {
        const known = items.get(texts[i]!);
        if (known) return known;
        items.set(texts[i]!, item);
        return item;
      });
      lists.set(listText, bill.items);
    }
  }

  /** The records of one partition, as the content of its data file. */
  partitionData(partition: string): Partial<StoredData> {
    const out: Record<string, unknown[]> = {};
    for (const c of this.#collections()) {
      const keys = c.keysOf(partition);
      if (keys.length === 0) continue;
      const values = keys.map((k) => c.get(k)!);
      if (c === this.calls) out.callRecords = (values as CallBucket[]).flatMap((b) => b.rows.all());
      else if (c === this.documents) {
        out.documents = (values as RenderedDocument[][]).flat().map((d) => ({ ...d, bytes: Buffer.from(d.bytes).toString('base64') }));
      } else out[c.dataKey] = values;
    }
    return partition === MAIN ? { schemaVersion: 1, ...out } : out;
  }

  /** Every partition that holds records. */
  partitions(): Set<string> {
    const all = new Set<string>([MAIN]);
    for (const c of this.#collections()) for (const p of c.partitionsHeld()) all.add(p);
    return all;
  }

  #collections(): Collection<unknown, unknown>[] {
    return [this.groups, this.contracts, this.accounts, this.links, this.challenges, this.sessions, this.bills, this.notices, this.calls, this.inquiries, this.news, this.documents, this.idempotency, this.loginFailures] as Collection<unknown, unknown>[];
  }

  /** The rows of a billing group and month, in (startedAt, id) order. */
  callRows(billingGroupId: string, month: string): PackedRows {
    return this.calls.get(bucketKey(billingGroupId, month))?.rows ?? PackedRows.empty(billingGroupId, month, this.callTexts);
  }
}
