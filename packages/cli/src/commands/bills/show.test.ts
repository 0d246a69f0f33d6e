import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Factory } from '../../factory.js';
import { apiError, BASE, billList, fakeIO, handlers, MemoryStore, runInProcess, TOKEN } from '../../testing.js';
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

describe('bills list — run (R-BILL-1, D-1)', () => {
  it('on a terminal, names only the other years under the table', async () => {
    server.use(http.get(`${BASE}/api/v1/bills`, () => HttpResponse.json({ ...billList, years: [2024, 2023], year: 2023 })));
    const r = await runInProcess(['bills', 'list', '--year', '2023'], { tty: true, store, configDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('2023-11');
    expect(r.out).toMatch(/Other years: 2024 \(use --year\)/);
  });
});
