import { afterEach, describe, expect, it } from 'vitest';
import { emptyData, type AccountRecord, type BillingGroupRecord, type CallRecordRow, type ContractRecord, type Data, type SessionRecord } from './schema.js';
import { IDEMPOTENCY_LEASE_MS, SLIDE_STEP_MS, UniqueViolation, type StoreEngine, type ThrottlePolicy } from './repositories.js';
import { toCp932Text } from '../csv/cp932.js';

/*
 * The repository contract (SPEC D-13): the same tests for every engine. An engine's test file
 * calls `repositoryContract('json', () => openAFreshEngine())`; the factory returns an EMPTY
 * engine, which the suite closes after each test.
 */

export type EngineFactory = () => Promise<StoreEngine>;

const T0 = new Date('2024-01-15T01:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const IDLE = { idleMs: 10 * MIN };
const POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * MIN, lockMs: 15 * MIN, maxUnknownKeys: 10_000 };

export function groupRecord(id: string): BillingGroupRecord {
  return {
    id,
    customerNumber: `2N${id}`,
    name: `名前 ${id}`,
    kana: 'メイ',
    bank: { name: '銀行', branch: '支店', accountNumber: '1234567' },
    paperStop: { openingNotice: null, directDebit: null },
    callRecordsFrom: null,
  };
}

export function contractRecord(contractNumber: string, billingGroupId: string, group: ContractRecord['group'] = 'hikari'): ContractRecord {
  const address = { postalCode: '5340024', address1: '大阪府', address2: '1', building: '' };
  return {
    contractNumber,
    billingGroupId,
    group,
    customerName: '日本 太郎',
    customerKana: 'ニホン タロウ',
    registeredAddress: address,
    installationAddress: address,
    serviceName: 'サービス',
    accessLine: null,
    hikariPhone: [],
    options: [],
  };
}

export function accountRecord(id: string, billingGroupId: string, over: Partial<AccountRecord> = {}): Omit<AccountRecord, 'accessId'> {
  return {
    id,
    billingGroupId,
    email: `${id}@example.jp`,
    name: 'テスト',
    role: 'admin',
    notify: true,
    status: 'active',
    passwordHash: 'hash',
    temporaryPasswordHash: null,
    createdAt: T0.toISOString(),
    ...over,
  };
}

/**
 * The characters the CP932 encoder replaces in the rows' text cells, counted afresh with the
 * encoder's own text conversion (toCp932Text), not with the function the engines store counts of.
 */
export async function freshUnmappable(rows: AsyncIterable<CallRecordRow> | Iterable<CallRecordRow>): Promise<number> {
  let n = 0;
  for await (const r of rows) for (const cell of [r.usageType, r.from, r.to]) n += toCp932Text(cell).unmappable;
  return n;
}

/** A call record row of `billingGroupId`'s month of `startedAt` (tests of every engine). */
export function callRow(id: string, billingGroupId: string, contractNumber: string, startedAt: string, over: Partial<CallRecordRow> = {}): CallRecordRow {
  return { id, billingGroupId, contractNumber, month: startedAt.slice(0, 7), startedAt, usageType: 'ひかり電話・県内', from: '0611112222', to: '0600000000', durationSeconds: 60, charge: 8, ...over };
}

function session(tokenHash: string, accountId: string, now: Date, idleMs = 10 * MIN): SessionRecord {
  return { tokenHash, accountId, createdAt: now.toISOString(), lastSeenAt: now.toISOString(), expiresAt: new Date(now.getTime() + idleMs).toISOString(), endedAt: null };
}

let ids = 0;
const seqAccessId = () => `a${String(++ids).padStart(5, '0')}`;

export function repositoryContract(name: string, factory: EngineFactory): void {
  describe(`repository contract (${name})`, () => {
    const open: StoreEngine[] = [];
    const fresh = async () => {
      const engine = await factory();
      open.push(engine);
      return engine;
    };
    /** An engine with groups g1, g2 (contracts c1a, c1b / c2a). */
    const seeded = async () => {
      const s = await fresh();
      await s.billingGroups.create(groupRecord('g1'), [contractRecord('CAF0000000011', 'g1'), contractRecord('COP00000012', 'g1', 'other')]);
      await s.billingGroups.create(groupRecord('g2'), [contractRecord('CAF0000000021', 'g2')]);
      return s;
    };
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
    });

    describe('engine', () => {
      it('starts empty, and load() fills an empty store', async () => {
        const s = await fresh();
        expect(await s.isEmpty()).toBe(true);
        const data: Data = { ...emptyData(), billingGroups: [groupRecord('g9')], contracts: [contractRecord('CAF0000000091', 'g9')] };
        data.accounts.push({ ...accountRecord('u9', 'g9'), accessId: 'abc123' });
        data.callRecords.push(callRow('k1', 'g9', 'CAF0000000091', '2023-12-01T01:00:00.000Z'));
        data.bills.push({ billingGroupId: 'g9', month: '2023-12', billingId: 'B0000000007', issuedOn: '2024-01-05', dueDate: '2024-01-27', items: [], publishedAt: T0.toISOString() });
        await s.load(data);
        expect(await s.isEmpty()).toBe(false);
        expect((await s.accounts.byAccessId('abc123'))?.id).toBe('u9');
        expect(await s.callRecords.count({ billingGroupId: 'g9', month: '2023-12' })).toBe(1);
        // the running number continues after the loaded bills
        const next = await s.bills.publish({ billingGroupId: 'g9', month: '2024-01', issuedOn: '2024-02-05', dueDate: '2024-02-27', items: [], publishedAt: T0.toISOString() });
        expect(next.billingId).toBe('B0000000008');
        await expect(s.load(data)).rejects.toThrow();
      });
    });

    describe('accounts', () => {
      it('creates with a fresh access ID, finds by id and access ID; a returned record cannot change the store', async () => {
        const s = await seeded();
        const taken: string[] = [];
        const created = await s.accounts.create(accountRecord('u1', 'g1'), () => 'aaaaaa');
        taken.push(created.accessId);
        // the generator is asked again while it collides
        const names = ['aaaaaa', 'aaaaaa', 'bbbbbb'];
        const second = await s.accounts.create(accountRecord('u2', 'g1'), () => names.shift()!);
        expect(second.accessId).toBe('bbbbbb');
        const found = await s.accounts.byAccessId('aaaaaa');
        expect(found?.id).toBe('u1');
        // An engine hands out a frozen record (changing it throws) or a copy (the change is lost).
        try {
          found!.name = 'changed';
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
        }
        expect((await s.accounts.get('u1'))?.name).toBe('テスト');
        expect(await s.accounts.get('nobody')).toBeNull();
        expect((await s.accounts.getMany(['u2', 'nobody', 'u1'])).map((a) => a.id).sort()).toEqual(['u1', 'u2']);
      });

      it('an email is unique in its group (trimmed, any case), also for concurrent creations; other groups may share it', async () => {
        const s = await seeded();
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => s.accounts.create(accountRecord(`u${i}`, 'g1', { email: i % 2 ? ' Same@Example.jp ' : 'same@example.jp' }), seqAccessId)),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect((r.reason as UniqueViolation).constraint).toBe('account-email-in-group');
        await s.accounts.create(accountRecord('other', 'g2', { email: 'same@example.jp' }), seqAccessId);
        expect(await s.accounts.listByGroup('g1')).toHaveLength(1);
      });

      it('an email change keeps the uniqueness; a duplicate id is refused', async () => {
        const s = await seeded();
        await s.accounts.create(accountRecord('u1', 'g1'), seqAccessId);
        await s.accounts.create(accountRecord('u2', 'g1'), seqAccessId);
        await expect(s.accounts.update('u2', { email: 'U1@example.jp' })).rejects.toBeInstanceOf(UniqueViolation);
        expect((await s.accounts.get('u2'))?.email).toBe('u2@example.jp');
        expect((await s.accounts.update('u2', { email: 'new@example.jp', role: 'general' }))?.role).toBe('general');
        expect(await s.accounts.update('gone', { name: 'x' })).toBeNull();
        await expect(s.accounts.create(accountRecord('u1', 'g2'), seqAccessId)).rejects.toMatchObject({ constraint: 'account-id' });
      });

      it('lists: by group oldest first, active by email across groups, notifiable, other admins', async () => {
        const s = await seeded();
        await s.accounts.create(accountRecord('late', 'g1', { createdAt: at(MIN).toISOString(), email: 'x@example.jp' }), seqAccessId);
        await s.accounts.create(accountRecord('early', 'g1', { createdAt: T0.toISOString(), role: 'general', notify: false }), seqAccessId);
        await s.accounts.create(accountRecord('pending', 'g1', { status: 'pending' }), seqAccessId);
        await s.accounts.create(accountRecord('g2user', 'g2', { email: 'X@example.jp' }), seqAccessId);
        expect((await s.accounts.listByGroup('g1')).map((a) => a.id)).toEqual(['early', 'pending', 'late']);
        expect((await s.accounts.activeByEmail(' x@EXAMPLE.jp')).map((a) => a.id).sort()).toEqual(['g2user', 'late']);
        expect((await s.accounts.notifiable('g1')).map((a) => a.id)).toEqual(['late']);
        expect((await s.accounts.notifiable(null)).map((a) => a.id).sort()).toEqual(['g2user', 'late']);
        expect(await s.accounts.hasOtherActiveAdmin('g1', 'late')).toBe(false);
        expect(await s.accounts.hasOtherActiveAdmin('g1', 'early')).toBe(true);
      });

      it('lazy re-hash on login: rehashPassword stores the new hash only while the old one is still there (one compare-and-set)', async () => {
        const s = await seeded();
        await s.accounts.create(accountRecord('u1', 'g1', { passwordHash: 'scrypt$16384$old' }), seqAccessId);
        // the password changed between the check and the re-hash: the re-hash must not undo it
        await s.accounts.update('u1', { passwordHash: 'scrypt$131072$changed' });
        expect(await s.accounts.rehashPassword('u1', 'scrypt$16384$old', 'scrypt$131072$rehashed')).toBe(false);
        expect((await s.accounts.get('u1'))?.passwordHash).toBe('scrypt$131072$changed');
        const results = await Promise.all(Array.from({ length: 5 }, (_, i) => s.accounts.rehashPassword('u1', 'scrypt$131072$changed', `scrypt$131072$r${i}`)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await s.accounts.get('u1'))?.passwordHash).toBe(`scrypt$131072$r${results.indexOf(true)}`);
        expect(await s.accounts.rehashPassword('gone', 'a', 'b')).toBe(false);
      });

      it('delete removes the account with its links and challenges', async () => {
        const s = await seeded();
        await s.accounts.create(accountRecord('u1', 'g1'), seqAccessId);
        await s.links.issue({ tokenHash: 'l1', accountId: 'u1', purpose: 'registration', createdAt: T0.toISOString(), expiresAt: at(MIN).toISOString(), usedAt: null }, T0);
        await s.challenges.issue({ id: 'c1', accountId: 'u1', otpHash: 'h', createdAt: T0.toISOString(), expiresAt: at(MIN).toISOString(), attempts: 0, usedAt: null, voidedAt: null }, T0);
        expect(await s.accounts.delete('u1')).toBe(true);
        expect(await s.accounts.delete('u1')).toBe(false);
        expect(await s.accounts.get('u1')).toBeNull();
        expect(await s.links.findValid('l1', T0)).toBeNull();
        expect(await s.challenges.findOpen('c1', T0)).toBeNull();
      });
    });

    describe('login attempts (reserved before the password is checked)', () => {
      it('20 parallel reservations: at most maxFailures get through, the rest are told to wait', async () => {
        const s = await seeded();
        const a = await s.accounts.create(accountRecord('u1', 'g1'), seqAccessId);
        for (const key of [a.accessId, 'unknown1']) {
          const results = await Promise.all(Array.from({ length: 20 }, () => s.loginAttempts.reserve(key, T0, POLICY)));
          expect(results.filter((r) => r.ok)).toHaveLength(POLICY.maxFailures);
          for (const r of results) if (!r.ok) expect(r.retryAfterSeconds).toBe(15 * 60);
          expect(await s.loginAttempts.retryAfter(key, at(MIN))).toBe(14 * 60);
          expect(await s.loginAttempts.retryAfter(key, at(15 * MIN))).toBeNull();
        }
      });

      it('a refunded attempt does not count; a reset forgets; the window and the lock expire', async () => {
        const s = await seeded();
        const key = (await s.accounts.create(accountRecord('u1', 'g1'), seqAccessId)).accessId;
        for (let i = 0; i < 4; i++) expect((await s.loginAttempts.reserve(key, T0, POLICY)).ok).toBe(true);
        const fifth = await s.loginAttempts.reserve(key, T0, POLICY);
        if (!fifth.ok) throw new Error('fifth refused');
        expect(await s.loginAttempts.retryAfter(key, T0)).not.toBeNull(); // counted (and locked) while being checked
        await s.loginAttempts.refund(fifth.attempt, T0, POLICY); // the right password
        expect(await s.loginAttempts.retryAfter(key, T0)).toBeNull();
        expect((await s.loginAttempts.reserve(key, T0, POLICY)).ok).toBe(true); // 5th failure: locked
        expect((await s.loginAttempts.reserve(key, T0, POLICY)).ok).toBe(false);
        await s.loginAttempts.reset(key);
        expect((await s.loginAttempts.reserve(key, T0, POLICY)).ok).toBe(true);
        // failures older than the window start a new count
        for (let i = 0; i < 3; i++) await s.loginAttempts.reserve(key, at(i), POLICY);
        expect((await s.loginAttempts.reserve(key, at(16 * MIN), POLICY)).ok).toBe(true);
        for (let i = 0; i < 4; i++) expect((await s.loginAttempts.reserve(key, at(16 * MIN), POLICY)).ok).toBe(true);
        expect((await s.loginAttempts.reserve(key, at(16 * MIN), POLICY)).ok).toBe(false);
        expect((await s.loginAttempts.reserve(key, at(31 * MIN), POLICY)).ok).toBe(true); // lock over
      });

      it('recordFailure counts like a failed reservation, for a known and an unknown key alike', async () => {
        const s = await seeded();
        const key = (await s.accounts.create(accountRecord('u1', 'g1'), seqAccessId)).accessId;
        for (const k of [key, 'nobody1']) {
          for (let i = 0; i < 5; i++) await s.loginAttempts.recordFailure(k, T0, POLICY);
          expect(await s.loginAttempts.retryAfter(k, T0)).toBe(900);
        }
      });

      it('timing reveals which access IDs exist: a failure on a known or an unknown ID leaves the account untouched and the same record', async () => {
        const s = await seeded();
        const account = await s.accounts.create(accountRecord('u1', 'g1'), seqAccessId);
        for (const k of [account.accessId, 'nobody1']) {
          expect((await s.loginAttempts.reserve(k, T0, POLICY)).ok).toBe(true);
          await s.loginAttempts.recordFailure(k, at(MIN), POLICY);
        }
        // the failure is not kept on the account (its record is not rewritten by a failed login)
        expect(await s.accounts.get('u1')).toEqual(account);
        expect(await s.loginAttempts.retryAfter(account.accessId, at(MIN))).toBeNull();
        for (let i = 0; i < 3; i++) for (const k of [account.accessId, 'nobody1']) await s.loginAttempts.reserve(k, at(2 * MIN), POLICY);
        expect(await s.loginAttempts.retryAfter(account.accessId, at(2 * MIN))).toBe(900);
        expect(await s.loginAttempts.retryAfter('nobody1', at(2 * MIN))).toBe(900);
      });

      it('timing reveals which access IDs exist: records of unknown IDs are bounded, the oldest forgotten first; an account\'s lock is never pushed out', async () => {
        const s = await seeded();
        const policy: ThrottlePolicy = { ...POLICY, maxUnknownKeys: 3 };
        const key = (await s.accounts.create(accountRecord('u1', 'g1'), seqAccessId)).accessId;
        for (let i = 0; i < 5; i++) await s.loginAttempts.reserve(key, T0, policy); // locked until T0 + 15 min
        for (let i = 0; i < 5; i++) await s.loginAttempts.reserve('first', at(MIN), policy); // locked until T0 + 16 min
        for (let n = 0; n < 8; n++) {
          for (let i = 0; i < 5; i++) await s.loginAttempts.reserve(`flood${n}`, at(2 * MIN + n), policy);
        }
        // the account keeps its lock; of the 9 unknown IDs the 3 newest are remembered
        expect(await s.loginAttempts.retryAfter(key, at(3 * MIN))).toBe(12 * 60);
        expect(await s.loginAttempts.retryAfter('first', at(3 * MIN))).toBeNull();
        expect(await s.loginAttempts.retryAfter('flood4', at(3 * MIN))).toBeNull();
        for (const k of ['flood5', 'flood6', 'flood7']) expect(await s.loginAttempts.retryAfter(k, at(3 * MIN))).not.toBeNull();
        // a record that no longer matters is forgotten, and counts from zero again
        expect((await s.loginAttempts.reserve('flood7', at(40 * MIN), policy)).ok).toBe(true);
        for (let i = 0; i < 3; i++) await s.loginAttempts.reserve('flood7', at(40 * MIN), policy);
        expect(await s.loginAttempts.retryAfter('flood7', at(40 * MIN))).toBeNull();
      });
    });

    describe('request limits (rate windows)', () => {
      it('shared request limits: 20 parallel hits on one key with a limit of 5 let exactly 5 through; the window ends on time; keys are apart', async () => {
        const s = await fresh();
        const results = await Promise.all(Array.from({ length: 20 }, () => s.rateWindows.hit('k1', 5, 15 * MIN, T0)));
        expect(results.filter((r) => r.allowed)).toHaveLength(5);
        for (const r of results) expect(r.retryAfterSeconds).toBe(r.allowed ? 0 : 15 * 60);
        expect(await s.rateWindows.hit('k1', 5, 15 * MIN, at(10 * MIN))).toEqual({ allowed: false, retryAfterSeconds: 5 * 60 });
        expect((await s.rateWindows.hit('k2', 5, 15 * MIN, at(10 * MIN))).allowed).toBe(true);
        // a new window after the old one ended (also after the sweep of ended windows)
        expect(await s.rateWindows.hit('k1', 5, 15 * MIN, at(15 * MIN))).toEqual({ allowed: true, retryAfterSeconds: 0 });
        expect((await s.rateWindows.hit('k2', 5, 15 * MIN, at(30 * MIN))).allowed).toBe(true);
      });
    });

    describe('billing groups and contracts', () => {
      it('creates a group with its contracts; numbers and ids are unique; contracts keep their order', async () => {
        const s = await seeded();
        expect((await s.billingGroups.get('g1'))?.name).toBe('名前 g1');
        expect((await s.billingGroups.contractsOf('g1')).map((c) => c.contractNumber)).toEqual(['CAF0000000011', 'COP00000012']);
        expect((await s.billingGroups.contractsOf('g1', 'other')).map((c) => c.contractNumber)).toEqual(['COP00000012']);
        await expect(s.billingGroups.create(groupRecord('g1'), [])).rejects.toMatchObject({ constraint: 'billing-group-id' });
        await expect(s.billingGroups.create(groupRecord('g3'), [contractRecord('CAF0000000021', 'g3')])).rejects.toMatchObject({ constraint: 'contract-number' });
        expect(await s.billingGroups.get('g3')).toBeNull(); // all or nothing
        expect(await s.billingGroups.addContract(contractRecord('CAF0000000013', 'g1'))).toBe(true);
        expect(await s.billingGroups.addContract(contractRecord('CAF0000000099', 'nope'))).toBe(false);
        await expect(s.billingGroups.addContract(contractRecord('CAF0000000013', 'g2'))).rejects.toBeInstanceOf(UniqueViolation);
        expect((await s.billingGroups.contract('CAF0000000013'))?.billingGroupId).toBe('g1');
        expect(await s.billingGroups.contract('CAF0000000099')).toBeNull();
        const updated = await s.billingGroups.update('g1', { callRecordsFrom: '2024-02', paperStop: { openingNotice: '2024-02', directDebit: null } });
        expect(updated?.callRecordsFrom).toBe('2024-02');
        expect((await s.billingGroups.get('g1'))?.paperStop.openingNotice).toBe('2024-02');
        expect(await s.billingGroups.update('nope', { name: 'x' })).toBeNull();
      });
    });

    describe('sessions', () => {
      it('touch slides the idle expiry; expired, ended or unknown sessions are null', async () => {
        const s = await fresh();
        await s.sessions.create(session('t1', 'u1', T0), T0);
        const touched = await s.sessions.touch('t1', at(9 * MIN), { idleMs: 10 * MIN });
        expect(touched?.expiresAt).toBe(at(19 * MIN).toISOString());
        expect((await s.sessions.get('t1'))?.expiresAt).toBe(at(19 * MIN).toISOString());
        expect(await s.sessions.touch('t1', at(19 * MIN), { idleMs: 10 * MIN })).toBeNull();
        expect(await s.sessions.touch('nope', T0, { idleMs: 10 * MIN })).toBeNull();
        await s.sessions.create(session('t2', 'u1', T0), T0);
        await s.sessions.end('t2', T0);
        expect(await s.sessions.touch('t2', T0, { idleMs: 10 * MIN })).toBeNull();
      });

      it('R-LOGIN-4: a request within SLIDE_STEP_MS of the last slide may find the expiry up to that much early, never late; ending and expiry still apply at once', async () => {
        const s = await fresh();
        await s.sessions.create(session('t1', 'u1', T0), T0);
        const idle = { idleMs: 10 * MIN };
        expect((await s.sessions.touch('t1', at(MIN), idle))?.expiresAt).toBe(at(11 * MIN).toISOString());
        const soon = at(MIN + SLIDE_STEP_MS / 2);
        const expires = Date.parse((await s.sessions.touch('t1', soon, idle))!.expiresAt);
        expect(expires).toBeLessThanOrEqual(soon.getTime() + 10 * MIN);
        expect(expires).toBeGreaterThanOrEqual(soon.getTime() + 10 * MIN - SLIDE_STEP_MS);
        const later = at(MIN + SLIDE_STEP_MS);
        expect((await s.sessions.touch('t1', later, idle))?.expiresAt).toBe(new Date(later.getTime() + 10 * MIN).toISOString());
        await s.sessions.end('t1', later);
        expect(await s.sessions.touch('t1', later, idle)).toBeNull();
        // an idle time shorter than the step: the session is over when it is over
        await s.sessions.create(session('t2', 'u1', T0, SLIDE_STEP_MS / 4), T0);
        const short = { idleMs: SLIDE_STEP_MS / 4 };
        expect(await s.sessions.touch('t2', at(1), short)).not.toBeNull();
        expect(await s.sessions.touch('t2', at(1 + SLIDE_STEP_MS / 2), short)).toBeNull();
      });

      it('an absolute lifetime ends a session however active it is', async () => {
        const s = await fresh();
        await s.sessions.create(session('t1', 'u1', T0), T0);
        const policy = { idleMs: 10 * MIN, absoluteMs: 25 * MIN };
        expect((await s.sessions.touch('t1', at(9 * MIN), policy))?.expiresAt).toBe(at(19 * MIN).toISOString());
        expect((await s.sessions.touch('t1', at(18 * MIN), policy))?.expiresAt).toBe(at(25 * MIN).toISOString());
        expect(await s.sessions.touch('t1', at(25 * MIN), policy)).toBeNull();
      });

      it('resolveNow (engines that keep sessions in memory) answers as resolve does, in the same turn; undefined while a transaction holds the engine', async () => {
        const s = await seeded();
        if (!s.sessions.resolveNow) return; // PostgreSQL: every caller asks resolve
        await s.accounts.create(accountRecord('u1', 'g1'), seqAccessId);
        await s.sessions.create(session('t1', 'u1', T0), T0);
        const now = s.sessions.resolveNow('t1', at(9 * MIN), IDLE);
        expect(now).not.toBeInstanceOf(Promise);
        expect(now?.session.expiresAt).toBe(at(19 * MIN).toISOString());
        expect(now).toEqual(await s.sessions.resolve('t1', at(9 * MIN), IDLE));
        expect(s.sessions.resolveNow('nope', at(9 * MIN), IDLE)).toBeNull();
        expect(s.sessions.resolveNow('t1', at(30 * MIN), IDLE)).toBeNull();
        await s.sessions.create(session('t2', 'u1', T0), T0);
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let inside: unknown;
        let entered!: () => void;
        const reached = new Promise<void>((resolve) => (entered = resolve));
        const tx = s.transaction(async (t) => {
          inside = t.sessions.resolveNow?.('t2', at(1), IDLE);
          entered();
          await held;
        });
        await reached;
        // outside: not now (a transaction's changes are not committed); resolve waits for it
        expect(s.sessions.resolveNow('t2', at(2), IDLE)).toBeUndefined();
        const waiting = s.sessions.resolve('t2', at(2), IDLE);
        release();
        await tx;
        expect((await waiting)?.session.tokenHash).toBe('t2');
        expect((inside as { session: { tokenHash: string } } | undefined)?.session.tokenHash).toBe('t2');
        expect(s.sessions.resolveNow('t2', at(3), IDLE)?.session.tokenHash).toBe('t2');
      });

      it('resolve gives the live session with its account and group in one read, slid like touch; null when unknown, ended, expired or its account is gone', async () => {
        const s = await seeded();
        const account = await s.accounts.create(accountRecord('u1', 'g1'), seqAccessId);
        await s.sessions.create(session('t1', 'u1', T0), T0);
        const caller = await s.sessions.resolve('t1', at(9 * MIN), IDLE);
        expect(caller?.session).toEqual({ ...session('t1', 'u1', T0), lastSeenAt: at(9 * MIN).toISOString(), expiresAt: at(19 * MIN).toISOString() });
        expect(caller?.account).toEqual(account);
        expect(caller?.group).toEqual(await s.billingGroups.get('g1'));
        // frozen (changing it throws) or a copy (the change is lost): nothing stored changes
        for (const record of [caller!.account, caller!.group]) {
          try {
            record.name = 'changed';
          } catch (error) {
            expect(error).toBeInstanceOf(TypeError);
          }
        }
        expect((await s.sessions.resolve('t1', at(10 * MIN), IDLE))?.account.name).toBe('テスト');
        expect((await s.billingGroups.get('g1'))?.name).toBe('名前 g1');
        // the stored expiry is behind the slid one by less than a minute, never ahead (lazy write)
        const stored = Date.parse((await s.sessions.get('t1'))!.expiresAt);
        expect(stored).toBeGreaterThan(at(20 * MIN - MIN).getTime());
        expect(stored).toBeLessThanOrEqual(at(20 * MIN).getTime());
        // idle past the slid expiry, unknown, ended
        expect(await s.sessions.resolve('t1', at(20 * MIN), IDLE)).toBeNull();
        expect(await s.sessions.resolve('nope', T0, IDLE)).toBeNull();
        await s.sessions.create(session('t2', 'u1', T0), T0);
        expect(await s.sessions.resolve('t2', at(1), IDLE)).not.toBeNull();
        await s.sessions.end('t2', at(2));
        expect(await s.sessions.resolve('t2', at(3), IDLE)).toBeNull();
        // absolute lifetime
        await s.sessions.create(session('t3', 'u1', T0), T0);
        const policy = { idleMs: 10 * MIN, absoluteMs: 15 * MIN };
        expect((await s.sessions.resolve('t3', at(9 * MIN), policy))?.session.expiresAt).toBe(at(15 * MIN).toISOString());
        expect(await s.sessions.resolve('t3', at(15 * MIN), policy)).toBeNull();
        // the account deleted: its live session resolves to nothing
        await s.sessions.create(session('t4', 'u1', T0), T0);
        await s.accounts.delete('u1');
        expect(await s.sessions.resolve('t4', at(1), IDLE)).toBeNull();
        // an inactive account is still resolved: its status is the caller's to check
        await s.accounts.create(accountRecord('u2', 'g2', { status: 'pending' }), seqAccessId);
        await s.sessions.create(session('t5', 'u2', T0), T0);
        expect((await s.sessions.resolve('t5', at(1), IDLE))?.account.status).toBe('pending');
      });

      it('endAllOf ends every session of the account only; create forgets the account’s dead sessions', async () => {
        const s = await fresh();
        await s.sessions.create(session('a1', 'u1', T0), T0);
        await s.sessions.create(session('a2', 'u1', T0), T0);
        await s.sessions.create(session('b1', 'u2', T0), T0);
        await s.sessions.endAllOf('u1', at(1));
        expect((await s.sessions.get('a1'))?.endedAt).toBe(at(1).toISOString());
        expect(await s.sessions.touch('a2', at(2), { idleMs: MIN })).toBeNull();
        expect(await s.sessions.touch('b1', at(2), { idleMs: MIN })).not.toBeNull();
        await s.sessions.create(session('a3', 'u1', at(3)), at(3));
        expect(await s.sessions.get('a1')).toBeNull();
        expect(await s.sessions.get('b1')).not.toBeNull();
      });
    });

    describe('links and challenges', () => {
      const link = (tokenHash: string, purpose: 'registration' | 'password-reset' = 'registration', accountId = 'u1') => ({
        tokenHash,
        accountId,
        purpose,
        createdAt: T0.toISOString(),
        expiresAt: at(10 * MIN).toISOString(),
        usedAt: null,
      });

      it('a link is consumed once, even by concurrent requests; a new link voids the earlier one of its purpose', async () => {
        const s = await fresh();
        await s.links.issue(link('l1'), T0);
        await s.links.issue(link('r1', 'password-reset'), T0);
        expect((await s.links.findValid('l1', T0, 'registration'))?.accountId).toBe('u1');
        expect(await s.links.findValid('l1', T0, 'password-reset')).toBeNull();
        const results = await Promise.all(Array.from({ length: 10 }, () => s.links.consume('l1', T0, 'registration')));
        expect(results.filter((r) => r !== null)).toHaveLength(1);
        expect(await s.links.findValid('l1', T0)).toBeNull();
        await s.links.issue(link('r2', 'password-reset'), T0);
        expect(await s.links.findValid('r1', T0)).toBeNull();
        expect(await s.links.findValid('r2', at(10 * MIN))).toBeNull(); // expired
        expect(await s.links.consume('r2', at(10 * MIN), 'password-reset')).toBeNull();
      });

      it('an OTP is used once; wrong tries count and void the challenge at the maximum', async () => {
        const s = await fresh();
        const challenge = (id: string) => ({ id, accountId: 'u1', otpHash: 'h', createdAt: T0.toISOString(), expiresAt: at(10 * MIN).toISOString(), attempts: 0, usedAt: null, voidedAt: null });
        await s.challenges.issue(challenge('c1'), T0);
        const results = await Promise.all(Array.from({ length: 10 }, () => s.challenges.consume('c1', true, T0, 5)));
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.filter((r) => !r.ok && r.attemptsLeft === null)).toHaveLength(9);
        await s.challenges.issue(challenge('c2'), T0);
        for (let left = 4; left >= 0; left--) expect(await s.challenges.consume('c2', false, T0, 5)).toEqual({ ok: false, attemptsLeft: left });
        expect(await s.challenges.consume('c2', true, T0, 5)).toEqual({ ok: false, attemptsLeft: null });
        await s.challenges.issue(challenge('c3'), T0);
        await s.challenges.issue(challenge('c4'), T0); // voids c3
        expect(await s.challenges.findOpen('c3', T0)).toBeNull();
        expect(await s.challenges.findOpen('c4', at(10 * MIN))).toBeNull();
        await s.challenges.voidOpenOf('u1', T0);
        expect(await s.challenges.findOpen('c4', T0)).toBeNull();
      });

      it('a new challenge does not wipe wrong OTPs: the tries of the one it replaces carry over', async () => {
        const s = await fresh();
        const challenge = (id: string) => ({ id, accountId: 'u1', otpHash: 'h', createdAt: T0.toISOString(), expiresAt: at(10 * MIN).toISOString(), attempts: 0, usedAt: null, voidedAt: null });
        await s.challenges.issue(challenge('c1'), T0);
        for (let i = 0; i < 4; i++) await s.challenges.consume('c1', false, T0, 5);
        await s.challenges.issue(challenge('c2'), T0);
        expect(await s.challenges.consume('c2', false, T0, 5)).toEqual({ ok: false, attemptsLeft: 0 }); // the 5th wrong try voids it
        await s.challenges.issue(challenge('c3'), T0); // after a void the count starts again
        expect((await s.challenges.findOpen('c3', T0))!.attempts).toBe(0);
        await s.challenges.consume('c3', true, T0, 5);
        await s.challenges.issue(challenge('c4'), T0); // a used challenge carries nothing
        expect((await s.challenges.findOpen('c4', T0))!.attempts).toBe(0);
      });
    });

    describe('bills, notices, documents', () => {
      it('publishing gives a running ご請求番号, a replacement keeps it; only published bills show, newest first', async () => {
        const s = await seeded();
        const bill = (month: string, publishedAt = T0) => ({ billingGroupId: 'g1', month, issuedOn: `${month}-05`, dueDate: `${month}-27`, items: [], publishedAt: publishedAt.toISOString() });
        const a = await s.bills.publish(bill('2023-11'));
        const b = await s.bills.publish(bill('2023-12'));
        const c = await s.bills.publish({ ...bill('2023-11'), issuedOn: '2023-11-06' });
        expect([a.billingId, b.billingId, c.billingId]).toEqual(['B0000000001', 'B0000000002', 'B0000000001']);
        await s.bills.publish(bill('2024-01', at(MIN)));
        expect((await s.bills.listVisible('g1', T0)).map((x) => x.month)).toEqual(['2023-12', '2023-11']);
        expect((await s.bills.findVisible('g1', '2023-11', T0))?.issuedOn).toBe('2023-11-06');
        expect(await s.bills.findVisible('g1', '2024-01', T0)).toBeNull();
        expect(await s.bills.findVisible('g1', '2024-01', at(MIN))).not.toBeNull();
        expect(await s.bills.listVisible('g2', at(MIN))).toEqual([]);
        const parallel = await Promise.all(['2022-01', '2022-02', '2022-03'].map((m) => s.bills.publish({ ...bill(m), billingGroupId: 'g2' })));
        expect(new Set(parallel.map((x) => x.billingId)).size).toBe(3);
      });

      it('findStatement gives a visible bill with its month’s call charges per contract and the group’s contracts in their order', async () => {
        const s = await seeded();
        const published = await s.bills.publish({
          billingGroupId: 'g1',
          month: '2023-12',
          issuedOn: '2024-01-05',
          dueDate: '2024-01-27',
          items: [{ contractNumber: 'CAF0000000011', name: '基本料', amount: 5000, remarks: '', taxRate: 10 }],
          publishedAt: T0.toISOString(),
        });
        await s.bills.publish({ billingGroupId: 'g1', month: '2024-01', issuedOn: '2024-02-05', dueDate: '2024-02-27', items: [], publishedAt: at(MIN).toISOString() });
        await s.callRecords.import([
          callRow('k1', 'g1', 'COP00000012', '2023-12-01T00:00:00.000Z', { charge: 24 }),
          callRow('k2', 'g1', 'CAF0000000011', '2023-12-02T00:00:00.000Z', { charge: 3_000_000_000 }),
          callRow('k3', 'g1', 'CAF0000000011', '2023-12-03T00:00:00.000Z'),
          callRow('k4', 'g1', 'CAF0000000011', '2024-01-01T00:00:00.000Z'),
          callRow('k5', 'g2', 'CAF0000000021', '2023-12-01T00:00:00.000Z'),
        ]);
        const parts = await s.bills.findStatement('g1', '2023-12', T0);
        expect(parts?.bill).toEqual(published);
        expect(parts?.charges).toEqual(await s.callRecords.chargesByContract('g1', '2023-12'));
        expect(parts?.charges).toEqual([
          { contractNumber: 'CAF0000000011', count: 2, sum: 3_000_000_008 },
          { contractNumber: 'COP00000012', count: 1, sum: 24 },
        ]);
        expect(parts?.contracts).toEqual((await s.billingGroups.contractsOf('g1')).map((c) => ({ contractNumber: c.contractNumber, serviceName: c.serviceName })));
        expect(parts?.contracts.map((c) => c.contractNumber)).toEqual(['CAF0000000011', 'COP00000012']);
        // not yet published, another group's, no such month
        expect(await s.bills.findStatement('g1', '2024-01', T0)).toBeNull();
        expect((await s.bills.findStatement('g1', '2024-01', at(MIN)))?.charges).toEqual([{ contractNumber: 'CAF0000000011', count: 1, sum: 8 }]);
        expect(await s.bills.findStatement('g2', '2023-12', T0)).toBeNull();
        expect(await s.bills.findStatement('g1', '2023-10', T0)).toBeNull();
        // a bill without call records or contracts
        await s.billingGroups.create(groupRecord('g3'), []);
        await s.bills.publish({ billingGroupId: 'g3', month: '2023-12', issuedOn: '2024-01-05', dueDate: '2024-01-27', items: [], publishedAt: T0.toISOString() });
        expect(await s.bills.findStatement('g3', '2023-12', T0)).toMatchObject({ charges: [], contracts: [] });
        // several months at once (the bill list): the visible ones of those asked, newest first, each as findStatement gives it
        await s.bills.publish({ ...published, month: '2023-11', issuedOn: '2023-12-05' });
        const many = await s.bills.findStatements('g1', ['2023-11', '2024-01', '2023-10', '2023-12'], T0);
        expect(many.map((p) => p.bill.month)).toEqual(['2023-12', '2023-11']);
        expect(many).toEqual([await s.bills.findStatement('g1', '2023-12', T0), await s.bills.findStatement('g1', '2023-11', T0)]);
        expect((await s.bills.findStatements('g1', ['2024-01', '2023-12'], at(MIN))).map((p) => p.bill.month)).toEqual(['2024-01', '2023-12']);
        expect(await s.bills.findStatements('g2', ['2023-12'], T0)).toEqual([]);
        expect(await s.bills.findStatements('g1', [], T0)).toEqual([]);
      });

      it('opening notices: newest date first, visible from publishedAt, re-publishing moves publishedAt', async () => {
        const s = await seeded();
        await s.notices.publish({ contractNumber: 'CAF0000000011', date: '2023-07-01', publishedAt: T0.toISOString() });
        await s.notices.publish({ contractNumber: 'CAF0000000011', date: '2023-12-01', publishedAt: T0.toISOString() });
        expect((await s.notices.listVisible('CAF0000000011', T0)).map((n) => n.date)).toEqual(['2023-12-01', '2023-07-01']);
        await s.notices.publish({ contractNumber: 'CAF0000000011', date: '2023-07-01', publishedAt: at(MIN).toISOString() });
        expect((await s.notices.listVisible('CAF0000000011', T0)).map((n) => n.date)).toEqual(['2023-12-01']);
        expect(await s.notices.listVisible('CAF0000000021', at(MIN))).toEqual([]);
      });

      it('rendered documents are versioned, bytes kept as given', async () => {
        const s = await fresh();
        const bytes = new TextEncoder().encode('%PDF-1.4 one');
        const v1 = await s.documents.add({ kind: 'invoice', key: 'g1/2023-10', sha256: 'aa', createdAt: T0.toISOString(), bytes });
        bytes[0] = 0;
        const v2 = await s.documents.add({ kind: 'invoice', key: 'g1/2023-10', sha256: 'bb', createdAt: at(1).toISOString(), source: 'src2', bytes: new TextEncoder().encode('%PDF two') });
        expect([v1.version, v2.version]).toEqual([1, 2]);
        expect((await s.documents.latest('invoice', 'g1/2023-10'))!.source).toBe('src2');
        expect(new TextDecoder().decode((await s.documents.latest('invoice', 'g1/2023-10'))!.bytes)).toBe('%PDF two');
        expect((await s.documents.versions('invoice', 'g1/2023-10')).map((d) => [d.version, d.sha256, d.source])).toEqual([[1, 'aa', undefined], [2, 'bb', 'src2']]);
        expect(await s.documents.latest('opening-notice', 'g1/2023-10')).toBeNull();
        // an earlier version stays readable with its own bytes (db copy carries every version)
        const first = (await s.documents.version('invoice', 'g1/2023-10', 1))!;
        expect([first.version, first.sha256, new TextDecoder().decode(first.bytes)]).toEqual([1, 'aa', '%PDF-1.4 one']);
        expect(await s.documents.version('invoice', 'g1/2023-10', 3)).toBeNull();
      });
    });

    describe('call records', () => {
      const rows = () => [
        callRow('k3', 'g1', 'CAF0000000011', '2023-12-02T00:00:00.000Z', { from: '0611115555', charge: 16 }),
        callRow('k1', 'g1', 'CAF0000000011', '2023-12-01T00:00:00.000Z'),
        callRow('k2', 'g1', 'COP00000012', '2023-12-01T00:00:00.000Z', { charge: 24 }),
        callRow('k4', 'g1', 'CAF0000000011', '2024-01-01T00:00:00.000Z'),
        callRow('k5', 'g2', 'CAF0000000021', '2023-12-01T00:00:00.000Z'),
      ];
      const q = { billingGroupId: 'g1', month: '2023-12' };

      it('pages in (time, id) order after a position, with filters; counts; streams; sums per contract', async () => {
        const s = await seeded();
        await s.callRecords.import(rows());
        const first = await s.callRecords.page(q, null, 2);
        expect(first.map((r) => r.id)).toEqual(['k1', 'k2']);
        expect((await s.callRecords.page(q, first[1]!, 2)).map((r) => r.id)).toEqual(['k3']);
        expect((await s.callRecords.page({ ...q, contractNumber: 'CAF0000000011' }, null, 10)).map((r) => r.id)).toEqual(['k1', 'k3']);
        expect((await s.callRecords.page({ ...q, from: '0611115555' }, null, 10)).map((r) => r.id)).toEqual(['k3']);
        expect(await s.callRecords.count(q)).toBe(3);
        expect(await s.callRecords.count({ ...q, month: '2023-11' })).toBe(0);
        const streamed: string[] = [];
        for await (const r of s.callRecords.stream(q)) streamed.push(r.id);
        expect(streamed).toEqual(['k1', 'k2', 'k3']);
        expect(await s.callRecords.chargesByContract('g1', '2023-12')).toEqual([
          { contractNumber: 'CAF0000000011', count: 2, sum: 24 },
          { contractNumber: 'COP00000012', count: 1, sum: 24 },
        ]);
      });

      it('an import is all or nothing (a repeated id adds none); a later import keeps the order', async () => {
        const s = await seeded();
        await s.callRecords.import(rows());
        await expect(s.callRecords.import([callRow('k9', 'g1', 'CAF0000000011', '2023-12-03T00:00:00.000Z'), callRow('k1', 'g1', 'CAF0000000011', '2023-12-03T00:00:00.000Z')])).rejects.toMatchObject({
          constraint: 'call-record-id',
        });
        expect(await s.callRecords.count(q)).toBe(3);
        await s.callRecords.import([callRow('k0', 'g1', 'CAF0000000011', '2023-11-30T23:00:00.000Z'), callRow('k6', 'g1', 'CAF0000000011', '2023-12-01T12:00:00.000Z')]);
        expect((await s.callRecords.page(q, null, 10)).map((r) => r.id)).toEqual(['k1', 'k2', 'k6', 'k3']);
        expect(await s.callRecords.count({ ...q, month: '2023-11' })).toBe(1);
      });

      it('D-5: keeps the count of the characters Shift_JIS cannot write with the rows; the sum under a query equals a fresh count after loads, imports and an undone import', async () => {
        const s = await fresh();
        const data: Data = { ...emptyData(), billingGroups: [groupRecord('g1'), groupRecord('g2')], contracts: [contractRecord('CAF0000000011', 'g1'), contractRecord('COP00000012', 'g1', 'other'), contractRecord('CAF0000000021', 'g2')] };
        // loaded: 😀 (a pair, one character) and 𠮷 (outside the BMP) cannot be written; 〜 − ‖ are (Windows forms), so is ① (NEC)
        data.callRecords.push(
          callRow('u1', 'g1', 'CAF0000000011', '2023-12-01T00:00:00.000Z', { to: '😀0612345678' }),
          callRow('u2', 'g1', 'CAF0000000011', '2023-12-01T01:00:00.000Z', { from: '0611115555', to: '〜−‖①' }),
          callRow('u3', 'g1', 'COP00000012', '2023-12-01T02:00:00.000Z', { from: '0611115555', to: '𠮷野家😀😀' }),
          callRow('u4', 'g2', 'CAF0000000021', '2023-12-01T00:00:00.000Z', { to: '😀' }),
        );
        await s.load(data);
        const q = { billingGroupId: 'g1', month: '2023-12' };
        const queries = [q, { ...q, contractNumber: 'CAF0000000011' }, { ...q, contractNumber: 'COP00000012' }, { ...q, from: '0611115555' }, { ...q, from: '0611112222' }, { ...q, contractNumber: 'COP00000012', from: '0611112222' }, { ...q, month: '2023-11' }, { billingGroupId: 'g2', month: '2023-12' }];
        const expectFresh = async (expected: number[]) => {
          const got: number[] = [];
          for (const query of queries) {
            const n = await s.callRecords.unmappable(query);
            got.push(n);
            expect(n, JSON.stringify(query)).toBe(await freshUnmappable(s.callRecords.stream(query)));
          }
          expect(got).toEqual(expected);
        };
        await expectFresh([4, 1, 3, 3, 1, 0, 0, 1]);
        // imported into the same month (and a new one), in a second and a third import
        await s.callRecords.import([callRow('u5', 'g1', 'COP00000012', '2023-12-02T00:00:00.000Z', { usageType: 'PSTN・県内', to: '髙﨑😀' }), callRow('u6', 'g1', 'CAF0000000011', '2023-11-30T00:00:00.000Z', { to: '😀' })]);
        await s.callRecords.import([callRow('u7', 'g1', 'CAF0000000011', '2023-12-03T00:00:00.000Z')]);
        await expectFresh([5, 1, 4, 3, 2, 1, 1, 1]);
        // an import refused (a repeated id) or undone with its transaction leaves the counts as they were
        await expect(s.callRecords.import([callRow('u8', 'g1', 'CAF0000000011', '2023-12-04T00:00:00.000Z', { to: '😀' }), callRow('u1', 'g1', 'CAF0000000011', '2023-12-04T00:00:00.000Z')])).rejects.toMatchObject({ constraint: 'call-record-id' });
        await expect(
          s.transaction(async (tx) => {
            await tx.callRecords.import([callRow('u9', 'g1', 'CAF0000000011', '2023-12-04T00:00:00.000Z', { to: '😀😀' })]);
            throw new Error('undone');
          }),
        ).rejects.toThrow('undone');
        await expectFresh([5, 1, 4, 3, 2, 1, 1, 1]);
      });

      it('streams a large month in order', async () => {
        const s = await seeded();
        const many = Array.from({ length: 2500 }, (_, i) =>
          callRow(`m${String(i).padStart(5, '0')}`, 'g1', 'CAF0000000011', new Date(Date.UTC(2023, 11, 1) + (2500 - i) * 1000).toISOString()),
        );
        await s.callRecords.import(many);
        let last = '';
        let n = 0;
        for await (const r of s.callRecords.stream(q)) {
          expect(r.startedAt > last).toBe(true);
          last = r.startedAt;
          n++;
        }
        expect(n).toBe(2500);
      });
    });

    describe('inquiries and news', () => {
      const inquiry = (id: string, billingGroupId: string, createdAt: Date) => ({
        id,
        billingGroupId,
        accountId: 'u1',
        category: 'other',
        subject: '件名',
        body: '',
        kind: 'general' as const,
        status: 'received' as const,
        createdAt: createdAt.toISOString(),
        resolvedAt: null,
        effectiveFrom: null,
      });

      it('inquiries: the group’s newest first, the back office’s oldest first by status, updates', async () => {
        const s = await seeded();
        await s.inquiries.create(inquiry('i1', 'g1', T0));
        await s.inquiries.create(inquiry('i2', 'g1', at(1)));
        await s.inquiries.create(inquiry('i3', 'g2', at(2)));
        await expect(s.inquiries.create(inquiry('i1', 'g1', T0))).rejects.toBeInstanceOf(UniqueViolation);
        expect((await s.inquiries.listByGroup('g1')).map((i) => i.id)).toEqual(['i2', 'i1']);
        await s.inquiries.update('i2', { status: 'resolved', resolvedAt: at(3).toISOString(), effectiveFrom: '2024-02' });
        expect((await s.inquiries.list({ status: 'received' })).map((i) => i.id)).toEqual(['i1', 'i3']);
        expect((await s.inquiries.list({})).map((i) => i.id)).toEqual(['i1', 'i2', 'i3']);
        expect((await s.inquiries.get('i2'))?.effectiveFrom).toBe('2024-02');
        expect(await s.inquiries.update('nope', { status: 'resolved' })).toBeNull();
      });

      it('news: for every group and the group’s own, published by now, newest first', async () => {
        const s = await seeded();
        await s.news.create({ id: 'n1', billingGroupId: null, title: 'all', body: '', publishedAt: T0.toISOString() });
        await s.news.create({ id: 'n2', billingGroupId: 'g1', title: 'g1', body: '', publishedAt: at(1).toISOString() });
        await s.news.create({ id: 'n3', billingGroupId: 'g2', title: 'g2', body: '', publishedAt: at(1).toISOString() });
        await s.news.create({ id: 'n4', billingGroupId: null, title: 'later', body: '', publishedAt: at(MIN).toISOString() });
        expect((await s.news.listVisible('g1', at(1))).map((n) => n.id)).toEqual(['n2', 'n1']);
        await expect(s.news.create({ id: 'n1', billingGroupId: null, title: '', body: '', publishedAt: '' })).rejects.toBeInstanceOf(UniqueViolation);
      });
    });

    describe('idempotency records (D-12)', () => {
      const id = { caller: 'usr_1', key: 'key-1' };
      const response = { status: 201, body: '{"ok":true}', contentType: 'application/json' };
      const DAY = 24 * 60 * MIN;
      const LEASE = IDEMPOTENCY_LEASE_MS;

      it('reserve once, then in progress, then replay; another body is a mismatch; other callers are apart', async () => {
        const s = await fresh();
        const first = await Promise.all(Array.from({ length: 5 }, (_, i) => s.idempotency.reserve(id, 'h1', `o${i}`, T0, at(LEASE))));
        expect(first.filter((r) => r.state === 'reserved')).toHaveLength(1);
        expect(first.filter((r) => r.state === 'in-progress')).toHaveLength(4);
        const owner = `o${first.findIndex((r) => r.state === 'reserved')}`;
        expect(await s.idempotency.complete(id, owner, response, at(DAY))).toBe(true);
        expect(await s.idempotency.reserve(id, 'h1', 'o9', at(MIN), at(MIN + LEASE))).toEqual({ state: 'replay', response });
        expect(await s.idempotency.reserve(id, 'h2', 'o9', at(MIN), at(MIN + LEASE))).toEqual({ state: 'mismatch' });
        expect(await s.idempotency.reserve({ ...id, caller: 'usr_2' }, 'h2', 'o9', at(MIN), at(MIN + LEASE))).toEqual({ state: 'reserved' });
        // completed, the answer lives its day, well past the lease
        expect(await s.idempotency.reserve(id, 'h1', 'o9', at(DAY - 1), at(DAY - 1 + LEASE))).toEqual({ state: 'replay', response });
        expect(await s.idempotency.reserve(id, 'h2', 'o9', at(DAY), at(DAY + LEASE))).toEqual({ state: 'reserved' }); // expired
      });

      it('a released reservation lets a retry do the work', async () => {
        const s = await fresh();
        expect((await s.idempotency.reserve(id, 'h1', 'o1', T0, at(LEASE))).state).toBe('reserved');
        await s.idempotency.release(id, 'o1');
        expect((await s.idempotency.reserve(id, 'h1', 'o2', T0, at(LEASE))).state).toBe('reserved');
      });

      it('a reservation never completed nor released (its server died) holds the key until its lease ends, not a day; then a retry takes it over, and the first owner changes nothing', async () => {
        const s = await fresh();
        expect((await s.idempotency.reserve(id, 'h1', 'dead', T0, at(LEASE))).state).toBe('reserved');
        expect((await s.idempotency.reserve(id, 'h1', 'retry', at(LEASE - 1), at(2 * LEASE - 1))).state).toBe('in-progress');
        expect((await s.idempotency.reserve(id, 'h1', 'retry', at(LEASE), at(2 * LEASE))).state).toBe('reserved');
        // the first request, finishing late, neither stores its answer nor frees the retry's key
        expect(await s.idempotency.complete(id, 'dead', response, at(DAY))).toBe(false);
        await s.idempotency.release(id, 'dead');
        expect((await s.idempotency.reserve(id, 'h1', 'third', at(LEASE + MIN), at(2 * LEASE + MIN))).state).toBe('in-progress');
        expect(await s.idempotency.complete(id, 'retry', response, at(DAY))).toBe(true);
        expect(await s.idempotency.reserve(id, 'h1', 'third', at(2 * LEASE + MIN), at(3 * LEASE + MIN))).toEqual({ state: 'replay', response });
      });

      it('a renewed reservation (its request still running) holds the key past its first lease; only its owner renews, and not once answered', async () => {
        const s = await fresh();
        await s.idempotency.reserve(id, 'h1', 'slow', T0, at(LEASE));
        expect(await s.idempotency.renew(id, 'other', at(5 * LEASE))).toBe(false);
        expect(await s.idempotency.renew(id, 'slow', at(2 * LEASE))).toBe(true);
        expect((await s.idempotency.reserve(id, 'h1', 'retry', at(LEASE + MIN), at(2 * LEASE + MIN))).state).toBe('in-progress');
        expect((await s.idempotency.reserve(id, 'h1', 'retry', at(2 * LEASE), at(3 * LEASE))).state).toBe('reserved'); // not renewed again: its process died
        expect(await s.idempotency.renew(id, 'slow', at(4 * LEASE))).toBe(false);
        expect(await s.idempotency.complete(id, 'retry', response, at(DAY))).toBe(true);
        expect(await s.idempotency.renew(id, 'retry', at(4 * LEASE))).toBe(false);
        expect(await s.idempotency.reserve(id, 'h1', 'third', at(3 * LEASE), at(4 * LEASE))).toEqual({ state: 'replay', response });
      });

      it('a completed answer is not completed again nor released, even by its owner', async () => {
        const s = await fresh();
        await s.idempotency.reserve(id, 'h1', 'o1', T0, at(LEASE));
        expect(await s.idempotency.complete(id, 'o1', response, at(DAY))).toBe(true);
        expect(await s.idempotency.complete(id, 'o1', { ...response, status: 500 }, at(DAY))).toBe(false);
        await s.idempotency.release(id, 'o1');
        expect(await s.idempotency.reserve(id, 'h1', 'o2', at(MIN), at(MIN + LEASE))).toEqual({ state: 'replay', response });
      });
    });

    describe('transactions', () => {
      it('commit all changes, or none when the work throws', async () => {
        const s = await seeded();
        await s.transaction(async (tx) => {
          await tx.accounts.create(accountRecord('u1', 'g1'), seqAccessId);
          await tx.billingGroups.update('g1', { name: 'new' });
        });
        expect((await s.billingGroups.get('g1'))?.name).toBe('new');
        await expect(
          s.transaction(async (tx) => {
            await tx.accounts.create(accountRecord('u2', 'g1'), seqAccessId);
            await tx.billingGroups.update('g1', { name: 'newer' });
            await tx.inquiries.create({ id: 'i1', billingGroupId: 'g1', accountId: 'u2', category: 'other', subject: 's', body: '', kind: 'general', status: 'received', createdAt: T0.toISOString(), resolvedAt: null, effectiveFrom: null });
            throw new Error('rule broken');
          }),
        ).rejects.toThrow('rule broken');
        expect(await s.accounts.get('u2')).toBeNull();
        expect(await s.inquiries.get('i1')).toBeNull();
        expect((await s.billingGroups.get('g1'))?.name).toBe('new');
        // a UniqueViolation inside rolls back the earlier steps too
        await expect(
          s.transaction(async (tx) => {
            await tx.accounts.create(accountRecord('u3', 'g1'), seqAccessId);
            await tx.accounts.create(accountRecord('u4', 'g1', { email: 'u3@example.jp' }), seqAccessId);
          }),
        ).rejects.toBeInstanceOf(UniqueViolation);
        expect(await s.accounts.get('u3')).toBeNull();
      });

      it('are serialisable: concurrent read-modify-write transactions lose no update', async () => {
        const s = await seeded();
        await Promise.all(
          Array.from({ length: 20 }, () =>
            s.transaction(async (tx) => {
              const g = await tx.billingGroups.get('g1');
              await new Promise((r) => setTimeout(r, 1));
              await tx.billingGroups.update('g1', { name: `${g!.name}+` });
            }),
          ),
        );
        expect((await s.billingGroups.get('g1'))?.name).toBe(`名前 g1${'+'.repeat(20)}`);
      });

      it('reads outside a transaction do not see its uncommitted changes', async () => {
        const s = await seeded();
        let inside!: () => void;
        const reached = new Promise<void>((r) => (inside = r));
        let finish!: () => void;
        const gate = new Promise<void>((r) => (finish = r));
        const tx = s.transaction(async (t) => {
          await t.billingGroups.update('g1', { name: 'uncommitted' });
          inside();
          await gate;
          throw new Error('abort');
        });
        await reached;
        const read = s.billingGroups.get('g1');
        finish();
        await expect(tx).rejects.toThrow('abort');
        expect((await read)?.name).toBe('名前 g1');
      });
    });
  });
}
