import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Factory } from '../../factory.js';
import { apiError, BASE, bill, billList, fakeIO, handlers, MemoryStore, runInProcess, TOKEN } from '../../testing.js';
import { newShowCommand, type ShowOptions } from './show.js';

const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let configDir: string;
let store: MemoryStore;
beforeEach(async () => {
  configDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-cli-unit-'));
  writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentProfile: 'default', profiles: { default: { server: BASE, accessId: 'm95au6', storage: 'keychain' } } }));
  store = new MemoryStore();
  await store.set('default', { accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2023-12-01T10:29:00+09:00' } });
});
afterEach(() => rmSync(configDir, { recursive: true, force: true }));

describe('bills show — parse', () => {
  it('passes the month argument through to the run function', async () => {
    const { io } = fakeIO();
    const f = new Factory({ io, env: {} });
    let got: ShowOptions | undefined;
    const cmd = newShowCommand(f, async (o) => {
      got = o;
    });
    await cmd.parseAsync(['2023/10'], { from: 'user' });
    expect(got?.month).toBe('2023/10');
  });

  it('leaves the month out when none is given (the run picks the latest)', async () => {
    const { io } = fakeIO();
    const f = new Factory({ io, env: {} });
    let got: ShowOptions | undefined;
    await newShowCommand(f, async (o) => {
      got = o;
    }).parseAsync([], { from: 'user' });
    expect(got).toBeDefined();
    expect(got!.month).toBeUndefined();
  });
});

describe('bills show — run (R-BILL-2)', () => {
  it('prints a table on a terminal with the tax lines of the guide (3300 → 330 → 3630)', async () => {
    const r = await runInProcess(['bills', 'show', '2023-10'], { tty: true, store, configDir });
    expect(r.code).toBe(0);
    expect(r.out).toContain('┌');
    expect(r.out).toMatch(/mediaITサポート24.*3,300円/);
    expect(r.out).toMatch(/消費税（10%）.*330円/);
    expect(r.out).toMatch(/小計.*3,630円/);
  });

  it('prints tab-separated rows without borders or colour when stdout is not a terminal', async () => {
    const r = await runInProcess(['bills', 'show', '202310'], { store, configDir });
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('┌');
    expect(r.out).not.toMatch(/\u001b\[/);
    expect(r.out).toContain('CAF0000000001\tmediaITサポート24\t3300\t');
    expect(r.out).toContain('Total\t3630');
  });

  it('prints the bill as JSON with --json', async () => {
    const r = await runInProcess(['--json', 'bills', 'show', '2023-10'], { store, configDir });
    expect(r.code).toBe(0);
    const bill = JSON.parse(r.out);
    expect(bill.month).toBe('2023-10');
    expect(bill.contracts[0].subtotal).toBe(3630);
  });

  it('shows the latest month when none is given', async () => {
    const r = await runInProcess(['--json', 'bills', 'show'], { store, configDir });
    expect(JSON.parse(r.out).month).toBe('2023-11');
  });

  it('exits 4 with both messages for a month without a bill', async () => {
    const r = await runInProcess(['bills', 'show', '2099-01'], { store, configDir });
    expect(r.code).toBe(4);
    expect(r.err).toContain('指定の請求月のご請求はありません。');
    expect(r.err).toContain('No bill for that month.');
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 for a month that is not a month, before any request', async () => {
    const r = await runInProcess(['bills', 'show', '2023-13'], { store, configDir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('Invalid month: 2023-13');
  });

  it('exits 3 and says the session expired (kind session-expired) when it cannot log in again', async () => {
    server.use(http.get(`${BASE}/api/v1/bills/:month`, () => apiError('SESSION_EXPIRED')));
    const r = await runInProcess(['--json', 'bills', 'show', '2023-10'], { store, configDir });
    expect(r.code).toBe(3);
    expect(r.out).toBe('');
    const e = JSON.parse(r.err).error;
    expect(e.code).toBe('SESSION_EXPIRED');
    expect(e.kind).toBe('session-expired');
  });

  it('exits 3 with kind auth-required when there are no credentials at all', async () => {
    const empty = new MemoryStore();
    const r = await runInProcess(['--json', 'bills', 'show', '2023-10'], { store: empty, configDir });
    expect(r.code).toBe(3);
    const e = JSON.parse(r.err).error;
    expect(e.code).toBe('AUTH_REQUIRED');
    expect(e.kind).toBe('auth-required');
    expect(e.hint).toMatch(/mypage (--server \S+ )?login/);
  });

  it('orders the messages by --lang', async () => {
    const ja = await runInProcess(['--lang', 'ja', 'bills', 'show', '2099-01'], { store, configDir });
    expect(ja.err.split('\n')[0]).toMatch(/^エラー: 指定の請求月/);
    const en = await runInProcess(['--lang', 'en', 'bills', 'show', '2099-01'], { store, configDir });
    expect(en.err.split('\n')[0]).toMatch(/^error: No bill/);
  });
});

/** Two contracts of 105円 at 10%: 10円 tax each (10.5 rounded down), 21円 on the invoice → 端数調整 1円. */
function billWithAdjustment() {
  const b = bill('2023-12');
  const c = (n: string) => ({ contractNumber: n, serviceName: '[100M] ファミリー', items: [{ name: '基本料', amount: 105, remarks: '', taxRate: 10 }], taxes: [{ rate: 10, taxableTotal: 105, tax: 10 }], subtotal: 115 });
  return { ...b, contracts: [c('CAF0000000001'), c('CAF0000000002')], taxes: [{ rate: 10, taxableTotal: 210, tax: 21 }], roundingAdjustment: 1, total: 231 };
}

/** Rows of the two tables on a terminal: the breakdown has 4 columns, the invoice summary 3. */
export function tableRows(out: string) {
  return out
    .replace(/\u001b\[[0-9;]*m/g, '') // the table's own colours
    .split('\n')
    .map((l) => l.split('│').slice(1, -1).map((c) => c.trim()))
    .filter((c) => (c.length === 4 || c.length === 3) && /^[\d,]+円$/.test(c[c.length - 2]!))
    .map((c) => ({ invoice: c.length === 3, item: c[c.length - 3]!, amount: Number(c[c.length - 2]!.replace(/[,円]/g, '')) }));
}

/** What a reader sums: Σ 小計 + 端数調整, and Σ over the per-rate lines, against 合計. */
function sums(lines: { invoice: boolean; item: string; amount: number }[]) {
  const get = (item: string) => lines.filter((l) => l.item === item).reduce((s, l) => s + l.amount, 0);
  const perRate = lines.filter((l) => l.invoice && /^\d+%対象計$|^消費税（\d+%）$/.test(l.item)).reduce((s, l) => s + l.amount, 0);
  return { subtotals: get('小計'), adjustment: get('端数調整'), perRate, total: get('合計（税込）') };
}

describe('bills show — what is printed adds up (R-FMT-9: 税率ごとの合計, 端数調整)', () => {
  it('bill with a 端数調整: the TSV rows hold the tax per rate, the adjustment and the total, and they add up', async () => {
    server.use(http.get(`${BASE}/api/v1/bills/:month`, () => HttpResponse.json(billWithAdjustment())));
    const r = await runInProcess(['bills', 'show', '2023-12'], { store, configDir });
    expect(r.code, r.err).toBe(0);
    const rows = r.out.split('\n').map((l) => l.split('\t')).filter((c) => c.length === 4).map(([contract, item, amount]) => ({ invoice: contract === '', item: item!, amount: Number(amount) }));
    expect(r.out).toContain('\t10%対象計\t210\t10%');
    expect(r.out).toContain('\t消費税（10%）\t21\t10%');
    expect(r.out).toMatch(/\t端数調整\t1\t/);
    const s = sums(rows);
    expect(s).toMatchObject({ subtotals: 230, adjustment: 1, total: 231, perRate: 231 });
  });

  it('bill with a 端数調整: the terminal table shows 税率ごとの合計 and the lines add up to the total', async () => {
    server.use(http.get(`${BASE}/api/v1/bills/:month`, () => HttpResponse.json(billWithAdjustment())));
    const r = await runInProcess(['bills', 'show', '2023-12'], { tty: true, store, configDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('税率ごとの合計（適格請求書）');
    const rows = tableRows(r.out);
    expect(sums(rows)).toMatchObject({ subtotals: 230, adjustment: 1, total: 231, perRate: 231 });
  });

  it('a bill without adjustment prints no 端数調整 line', async () => {
    const r = await runInProcess(['bills', 'show', '2023-10'], { store, configDir });
    expect(r.out).not.toContain('端数調整');
    expect(r.out).toContain('\t合計（税込）\t3630\t');
  });
});

describe('bills list — run (R-BILL-1, D-1)', () => {
  it('on a terminal, names only the other years under the table', async () => {
    server.use(http.get(`${BASE}/api/v1/bills`, () => HttpResponse.json({ ...billList, years: [2024, 2023], year: 2023 })));
    const r = await runInProcess(['bills', 'list', '--year', '2023'], { tty: true, store, configDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('2023-11');
    expect(r.out).toMatch(/Other years: 2024 \(use --year\)/);
  });
});
