import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyPageClient } from '@mypage/sdk';
import { CLI_BIN, devOtpCommand, runCli, tempDir } from './helpers/cli.js';
import { killSessions, tmux, waitForScreen } from './helpers/terminal.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * Bookkeeping end to end (built CLI ↔ reference server with the demo bills): journal files for
 * freee, マネーフォワード and 弥生 read back and checked against the vendors' column sets and the
 * bills' totals (R-FMT-9), costs per line and per phone number reconciled, the chart drawn in a
 * real terminal (tmux) at two widths, and the bill-shock alarm (exit code 7, D-11) before and
 * after the back office publishes a month whose line doubles.
 */

let server: RunningServer;
let configDir: string;
let work: string;
const sessions: string[] = [];
const ADMIN = { accessId: 'm95au6', password: 'mypage2023', email: 'taro@example.jp' };
const DEMO = { from: '2023-07', to: '2024-06' };
/** the demo bills as the server serves them (what `bills show --json` prints), read once */
let demo: Bill[] = [];
/**
 * The oracle: the server's own answers, read over HTTP by the SDK in this process on the session
 * the CLI's login saved, instead of one more CLI process per month (`bills show`, `calls list`
 * have their own end-to-end tests in cli-e2e.test.ts).
 */
let oracle: MyPageClient;
const SLOW = 180_000; // each step spawns several CLI processes on a shared machine

const env = () => ({ MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: configDir, MYPAGE_ACCESS_ID: ADMIN.accessId, MYPAGE_PASSWORD: ADMIN.password, MYPAGE_OTP_COMMAND: devOtpCommand(ADMIN.email) });
const run = (args: string[]) => runCli(args, { env: env(), cwd: work });

interface Bill {
  month: string;
  total: number;
  roundingAdjustment: number;
  taxes: { rate: number; taxableTotal: number; tax: number }[];
  contracts: { contractNumber: string; subtotal: number }[];
  callCharges: number;
}
async function bills(from: string, to: string): Promise<Bill[]> {
  const out: Bill[] = [];
  for (const year of new Set([from.slice(0, 4), to.slice(0, 4)])) {
    const list = await oracle.bills.list({ year: Number(year) });
    for (const m of list.months as { month: string }[]) {
      if (m.month < from || m.month > to) continue;
      out.push((await oracle.bills.get(m.month)) as unknown as Bill);
    }
  }
  return out.sort((a, b) => a.month.localeCompare(b.month));
}

async function publish(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${server.url}/api/v1/operator/bills`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.operatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

/** Where each format keeps an entry's number and the amounts (0-based columns). */
const LAYOUT = {
  freee: { header: true, columns: 18, entry: 1, debit: 5, debitTax: 6, credit: 12, taxName: 4, first: ['日付', '伝票番号'], ten: '課対仕入10%', eight: '課対仕入8%(軽)' },
  moneyforward: { header: true, columns: 27, entry: 0, debit: 8, debitTax: 9, credit: 16, taxName: 6, first: ['取引No', '取引日'], ten: '課税仕入 10%', eight: '課税仕入 (軽)8%' },
  yayoi: { header: false, columns: 25, entry: -1, debit: 8, debitTax: 9, credit: 14, taxName: 7, first: [], ten: '課対仕入内10%適格', eight: '課対仕入内軽減8%適格' },
} as const;
type Format = keyof typeof LAYOUT;

async function exportRows(format: Format, from: string, to: string, extra: string[] = []): Promise<{ bytes: Buffer; rows: string[][] }> {
  const file = path.join(work, `${format}-${from}-${to}.csv`);
  const r = await run(['bills', 'export', '--format', format, '--from', from, '--to', to, '-o', file, ...extra]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.trim()).toBe(file);
  const bytes = readFileSync(file);
  const text = extra.includes('utf8') ? bytes.toString('utf8') : iconv.decode(bytes, 'cp932');
  return { bytes, rows: parse(text, { record_delimiter: '\r\n' }) as string[][] };
}

/** Entries of a file: yayoi by 識別フラグ (2000 alone, 2110 … 2101), the others by their number. */
function entriesOf(format: Format, body: string[][]): string[][][] {
  const entries: string[][][] = [];
  for (const row of body) {
    const l = LAYOUT[format];
    const starts = l.entry === -1 ? row[0] === '2000' || row[0] === '2110' : entries.length === 0 || entries.at(-1)![0]![l.entry] !== row[l.entry];
    if (starts) entries.push([row]);
    else entries.at(-1)!.push(row);
  }
  return entries;
}

beforeAll(async () => {
  server = await startServerProcess();
  configDir = tempDir('mypage-bookkeeping-config-');
  work = tempDir('mypage-bookkeeping-work-');
  const login = await run(['--json', 'login', '--insecure-storage']);
  expect(login.code, login.stderr).toBe(0);
  const saved = JSON.parse(readFileSync(path.join(configDir, 'credentials.json'), 'utf8')).default.session as { token: string; expiresAt: string };
  oracle = new MyPageClient({ baseUrl: server.url, timeoutMs: 10_000, session: saved });
  demo = await bills(DEMO.from, DEMO.to);
}, SLOW);

afterAll(async () => {
  await oracle?.close();
  killSessions(sessions);
  await server?.stop();
  for (const d of [configDir, work]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('bookkeeping on the demo bills (sequential: the back office publishes new months on the way)', () => {
  it.each(['freee', 'moneyforward', 'yayoi'] as const)('%s: columns per spec, CP932 + CRLF, one balanced entry per bill, sums = bill totals to the yen (R-FMT-9)', async (format) => {
    expect(demo).toHaveLength(12);
    const { bytes, rows } = await exportRows(format, DEMO.from, DEMO.to);
    const l = LAYOUT[format];
    expect(bytes.toString('latin1').split('\r\n').at(-1)).toBe(''); // every line ends with CRLF
    expect(bytes.includes(iconv.encode('通信費', 'cp932'))).toBe(true); // CP932, not UTF-8
    expect(bytes.includes(Buffer.from('通信費', 'utf8'))).toBe(false);
    for (const r of rows) expect(r).toHaveLength(l.columns);
    if (l.header) expect(rows[0]!.slice(0, 2)).toEqual(l.first);
    else expect(rows[0]![0]).toBe('2000'); // 弥生: no header row, the first line is an entry
    const body = l.header ? rows.slice(1) : rows;
    const entries = entriesOf(format, body);
    expect(entries).toHaveLength(demo.length);
    entries.forEach((entry, i) => {
      const debit = entry.reduce((s, r) => s + Number(r[l.debit]), 0);
      const credit = entry.reduce((s, r) => s + Number(r[l.credit]), 0);
      expect(debit).toBe(credit);
      expect(debit).toBe(demo[i]!.total);
      expect(entry.reduce((s, r) => s + Number(r[l.debitTax] || 0), 0)).toBe(demo[i]!.taxes.reduce((s, t) => s + t.tax, 0));
    });
    expect(new Set(body.map((r) => r[l.taxName]))).toEqual(new Set(format === 'yayoi' ? ['課対仕入内10%', l.ten] : [l.ten]));
  }, SLOW);

  it('--encoding utf8, --credit 普通預金 and --date due', async () => {
    const { rows } = await exportRows('moneyforward', '2023-10', '2023-10', ['--encoding', 'utf8', '--credit', '普通預金', '--date', 'due']);
    expect(rows[1]!.slice(0, 3)).toEqual(['1', '2023/11/27', '通信費']);
    expect(rows[1]!.slice(8, 11)).toEqual(['5646', '513', '普通預金']);
  }, SLOW);

  it('bills summary: contracts × months (+ 端数調整) add up to every bill\'s total; the grand total to their sum', async () => {
    const r = await run(['--json', 'bills', 'summary', '--from', DEMO.from, '--to', DEMO.to]);
    expect(r.code, r.stderr).toBe(0);
    const s = r.json();
    expect(s.months).toEqual(demo.map((b) => b.month));
    for (const b of demo) {
      expect(s.totals[b.month]).toBe(b.total);
      expect(s.rows.reduce((t: number, row: { byMonth: Record<string, number> }) => t + row.byMonth[b.month]!, 0)).toBe(b.total);
      for (const c of b.contracts) expect(s.rows.find((row: { key: string }) => row.key === c.contractNumber).byMonth[b.month]).toBe(c.subtotal);
    }
    expect(s.grandTotal).toBe(demo.reduce((t, b) => t + b.total, 0));
    // the pipe form: key, month, yen — the same numbers
    const tsv = await run(['bills', 'summary', '--from', DEMO.from, '--to', DEMO.to]);
    const lines = tsv.stdout.trim().split('\n').map((x) => x.split('\t'));
    expect(lines.reduce((t, x) => t + Number(x[2]), 0)).toBe(s.grandTotal);
    expect(tsv.stdout).not.toContain('█'); // no chart on a pipe unless asked
  }, SLOW);

  it('calls summary: per phone number the sum of its call records (D-2)', async () => {
    const r = await run(['--json', 'calls', 'summary', '--from', '2023-11', '--to', '2024-02']);
    expect(r.code, r.stderr).toBe(0);
    const s = r.json();
    expect(s.skipped).toEqual(['2023-11']); // records from 2023-12 on
    const want = new Map<string, { calls: number; seconds: number; charge: number }>();
    for await (const c of oracle.calls.iterate({ from: '2023-12', to: '2024-02' })) {
      const w = want.get(c.from) ?? { calls: 0, seconds: 0, charge: 0 };
      w.calls += 1;
      w.seconds += c.durationSeconds;
      w.charge += c.charge;
      want.set(c.from, w);
    }
    expect(s.rows.map((x: { key: string; calls: number; durationSeconds: number; charge: number }) => [x.key, x.calls, x.durationSeconds, x.charge])).toEqual(
      [...want].sort(([a], [b]) => a.localeCompare(b)).map(([k, w]) => [k, w.calls, w.seconds, w.charge]),
    );
    const months = demo.filter((b) => b.month >= '2023-12' && b.month <= '2024-02');
    expect(s.total.charge).toBe(months.reduce((t, b) => t + b.callCharges, 0));
  }, SLOW);

  it('the chart of monthly totals fits a real terminal at 60 and at 110 columns (tmux)', async () => {
    const bars: number[] = [];
    for (const width of [60, 110]) {
      const s = `mypage-chart-${width}-${process.pid}`;
      const vars = Object.entries({ ...env(), LANG: 'C.UTF-8', NO_COLOR: '1', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mypage-test-bus' }).map(([k, v]) => `${k}='${v}'`);
      const command = `env ${vars.join(' ')} '${process.execPath}' '${CLI_BIN}' bills summary --from 2024-01 --to 2024-06 --by month; echo EXIT=$?; sleep 120`;
      tmux('-u', 'new-session', '-d', '-s', s, '-x', String(width), '-y', '50', command);
      sessions.push(s);
      const screen = await waitForScreen(s, /EXIT=\d+/);
      expect(screen).toContain('EXIT=0');
      const chart = screen.split('\n').filter((x) => /^2024-0\d │/.test(x));
      expect(chart).toHaveLength(6);
      for (const line of chart) expect(columns(line)).toBeLessThanOrEqual(width);
      expect(chart.every((x) => /[█▏▎▍▌▋▊▉]/.test(x))).toBe(true);
      bars.push(Math.max(...chart.map((x) => [...x].filter((c) => c === '█').length)));
    }
    expect(bars[1]).toBeGreaterThan(bars[0]! + 40); // the wider terminal draws longer bars
  }, SLOW);

  it('bills watch exits 0 on the demo data (nothing rose past 20%)', async () => {
    const r = await run(['--json', 'bills', 'watch']);
    expect(r.code, r.stderr).toBe(0);
    const w = r.json();
    expect(w.month).toBe('2024-06');
    expect(w.risen).toEqual([]);
    expect(w.items.map((i: { kind: string; key: string }) => `${i.kind}:${i.key}`)).toEqual(['contract:CAF0000000001', 'contract:COP00000001', 'phone:0611112222', 'phone:0611115555']);
  }, SLOW);

  it('a reduced-rate (8%) item: every format books it on its own line with its own tax category; sums = the bill', async () => {
    await publish({
      billingGroupId: 'bg_a', month: '2024-07', issuedOn: '2024-08-09', dueDate: '2024-08-27',
      items: [
        { contractNumber: 'CAF0000000001', name: '[100M] ファミリー 月額基本料', amount: 4950, remarks: '', taxRate: 10 },
        { contractNumber: 'CAF0000000001', name: 'mediaITサポート24', amount: 3300, remarks: '', taxRate: 10 },
        { contractNumber: 'CAF0000000001', name: '飲料（軽減税率）', amount: 999, remarks: '', taxRate: 8 },
        { contractNumber: 'COP00000001', name: 'Splashtop Business', amount: 1833, remarks: '', taxRate: 10 },
        { contractNumber: 'COP00000001', name: '食品（軽減税率）', amount: 100, remarks: '', taxRate: 8 },
      ],
    });
    const bill = (await run(['--json', 'bills', 'show', '2024-07'])).json() as Bill;
    expect(bill!.taxes.map((t) => t.rate)).toEqual([10, 8]);
    for (const format of ['freee', 'moneyforward', 'yayoi'] as const) {
      const l = LAYOUT[format];
      const { rows } = await exportRows(format, '2024-07', '2024-07');
      const body = l.header ? rows.slice(1) : rows;
      expect(body.map((r) => r[l.taxName])).toEqual([l.ten, l.eight]);
      expect(body.map((r) => Number(r[l.debit]))).toEqual(bill!.taxes.map((t) => t.taxableTotal + t.tax));
      expect(body.map((r) => Number(r[l.debitTax]))).toEqual(bill!.taxes.map((t) => t.tax));
      expect(body.reduce((s, r) => s + Number(r[l.credit]), 0)).toBe(bill!.total);
      if (format === 'yayoi') expect(body.map((r) => r[0])).toEqual(['2110', '2101']);
      else expect(new Set(body.map((r) => r[l.entry]))).toEqual(new Set(['1']));
    }
    const summary = (await run(['--json', 'bills', 'summary', '--from', '2024-07'])).json();
    expect(summary.totals['2024-07']).toBe(bill!.total);
    const watch = await run(['bills', 'watch']);
    expect(watch.code, watch.stdout + watch.stderr).toBe(0);
  }, SLOW);

  it('bills watch exits 7 (D-11) after the back office publishes a month whose line doubles', async () => {
    await publish({
      billingGroupId: 'bg_a', month: '2024-08', issuedOn: '2024-09-09', dueDate: '2024-09-27',
      items: [
        { contractNumber: 'CAF0000000001', name: '[100M] ファミリー 月額基本料', amount: 9900, remarks: '', taxRate: 10 },
        { contractNumber: 'CAF0000000001', name: 'mediaITサポート24', amount: 6600, remarks: '', taxRate: 10 },
        { contractNumber: 'CAF0000000001', name: 'ひかり電話 基本料（0611112222）', amount: 1100, remarks: '', taxRate: 10 },
        { contractNumber: 'CAF0000000001', name: 'ひかり電話 追加番号利用料（0611115555）', amount: 220, remarks: '', taxRate: 10 },
        { contractNumber: 'COP00000001', name: 'Splashtop Business', amount: 1833, remarks: '', taxRate: 10 },
      ],
    });
    const r = await run(['--json', 'bills', 'watch']);
    expect(r.code, r.stderr).toBe(7);
    const w = r.json();
    expect(w.month).toBe('2024-08');
    expect(w.risen.map((i: { key: string }) => i.key)).toEqual(['CAF0000000001']);
    expect(r.error()).toMatchObject({ code: 'BILL_RISE', exitCode: 7, kind: 'alarm' });
    const plain = await run(['bills', 'watch', '--threshold', '100%']);
    expect(plain.code).toBe(0); // +74% is under a 100% threshold
    const text = await run(['bills', 'watch']);
    expect(text.code).toBe(7);
    expect(text.stdout).toMatch(/^contract\tCAF0000000001\t\d+\t19602\t\+\d+\.\d%\trisen$/m);
    expect(text.stderr).toContain('BILL_RISE');
  }, SLOW);
});

/** display width: East Asian wide / full-width characters take two columns */
function columns(line: string): number {
  let w = 0;
  for (const ch of line) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
