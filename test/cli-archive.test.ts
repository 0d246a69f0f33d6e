import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devOtpCommand, runCli, tempDir } from './helpers/cli.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * `mypage bills archive` end to end (D-10, D-11): the built CLI against the real reference server
 * with the demo data (bills 2023-07 … 2024-06). Files, 索引簿.csv (CP932), audit.log, a re-issued
 * bill published by the back office, verify, search and export.
 */

let server: RunningServer;
let configDir: string;
let dir: string;
const ADMIN = { accessId: 'm95au6', password: 'mypage2023', email: 'taro@example.jp' };
const run = (args: string[]) => runCli(args, { env: { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: configDir }, cwd: configDir });

const P = '日本メディアシステム株式会社';
/** The demo's 12 bills: billing month, issue date, total incl. tax. */
const BILLS: [string, string, number][] = [
  ['2023-07', '2023-08-09', 5646],
  ['2023-08', '2023-09-09', 5646],
  ['2023-09', '2023-10-09', 5646],
  ['2023-10', '2023-11-09', 5646],
  ['2023-11', '2023-12-09', 5646],
  ['2023-12', '2024-01-09', 12848],
  ['2024-01', '2024-02-09', 15522],
  ['2024-02', '2024-03-09', 14976],
  ['2024-03', '2024-04-09', 15808],
  ['2024-04', '2024-05-09', 13471],
  ['2024-05', '2024-06-09', 13762],
  ['2024-06', '2024-07-09', 13885],
];
const nameOf = (date: string, amount: number) => `${date.replace(/-/g, '')}_${P}_${amount}.pdf`;
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const indexRows = () => parse(iconv.decode(readFileSync(path.join(dir, '索引簿.csv')), 'cp932')) as string[][];
const audit = () => readFileSync(path.join(dir, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
const seqsOf = (r: { stdout: string }) => (JSON.parse(r.stdout) as { seq: number }[]).map((x) => x.seq);

beforeAll(async () => {
  server = await startServerProcess();
  configDir = tempDir('mypage-archive-config-');
  dir = path.join(tempDir('mypage-archive-'), '証憑');
  const login = await runCli(['login', '--insecure-storage', '--otp-command', devOtpCommand(ADMIN.email)], {
    env: { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: configDir, MYPAGE_ACCESS_ID: ADMIN.accessId, MYPAGE_PASSWORD: ADMIN.password },
  });
  expect(login.code, login.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  for (const d of [configDir, dir && path.dirname(dir)]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('mypage bills archive (built CLI ↔ reference server, demo data)', () => {
  it('first run: 12 PDFs named {取引年月日}_{取引先}_{取引金額}.pdf, one index row each with its hash', async () => {
    const r = await run(['--json', 'bills', 'archive', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().downloaded).toHaveLength(12);
    const names = BILLS.map(([, date, amount]) => nameOf(date, amount));
    expect(names[3]).toBe('20231109_日本メディアシステム株式会社_5646.pdf');
    expect(readdirSync(dir).sort()).toEqual([...names, 'audit.log', '索引簿.csv'].sort());
    const bill = (await run(['--json', 'bills', 'show', '2023-10'])).json();
    const rows = indexRows();
    expect(rows[0]).toEqual(['連番', '取引年月日', '取引金額', '取引先', '登録番号', '書類の種類', '請求年月', 'お客様番号', 'ファイル名', 'SHA-256', '取得日時', '訂正元連番']);
    expect(rows).toHaveLength(13);
    BILLS.forEach(([month, date, amount], i) => {
      const file = nameOf(date, amount);
      expect(rows[i + 1]).toEqual([String(i + 1), date, String(amount), P, bill.issuer.registrationNumber, '請求書/口座振替案内書', month, '2NCAF0000000001', file, sha256(path.join(dir, file)), expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST$/), '']);
    });
    expect(bill.issuer).toEqual({ name: P, registrationNumber: expect.stringMatching(/^T\d{13}$/) });
    expect(audit().map((e) => [e.action, e.seq, e.by.accessId])).toEqual(BILLS.map((_, i) => ['downloaded', i + 1, 'm95au6']));
  }, 120_000);

  it('each PDF read back with pdftotext shows the amount of its name and the issuer’s T-number', () => {
    for (const [, date, amount] of BILLS) {
      const text = pdfText(path.join(dir, nameOf(date, amount)));
      expect(text, date).toContain(`次回振替TotalAmount${amount.toLocaleString('ja-JP')}円`);
      expect(text).toContain(`${P}登録番号T`);
    }
  });

  it('the CP932 index decodes and parses as CSV with the Japanese header (CRLF, no UTF-8 bytes)', () => {
    const bytes = readFileSync(path.join(dir, '索引簿.csv'));
    expect(bytes.includes(Buffer.from('連番'))).toBe(false);
    const text = iconv.decode(bytes, 'cp932');
    expect(text.startsWith('連番,取引年月日,取引金額,取引先,登録番号,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').join('')).not.toContain('\n');
    expect(parse(text, { columns: true })[3]).toMatchObject({ 連番: '4', 取引年月日: '2023-11-09', 取引金額: '5646', ファイル名: '20231109_日本メディアシステム株式会社_5646.pdf' });
  });

  it('second run changes nothing and logs a skip per document', async () => {
    const before = readFileSync(path.join(dir, '索引簿.csv'));
    const files = readdirSync(dir).sort();
    const r = await run(['bills', 'archive', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('0 added, 0 corrected, 12 unchanged');
    expect(readFileSync(path.join(dir, '索引簿.csv')).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(files);
    expect(audit().slice(12).map((e) => [e.action, e.seq])).toEqual(BILLS.map((_, i) => ['skipped', i + 1]));
  }, 120_000);

  it('a bill re-issued by the back office adds a _2 file and a correcting row; the original is kept', async () => {
    const original = path.join(dir, nameOf('2023-11-09', 5646));
    const originalHash = sha256(original);
    const res = await fetch(`${server.url}/api/v1/operator/bills`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        billingGroupId: 'bg_a',
        month: '2023-10',
        issuedOn: '2023-11-09',
        dueDate: '2023-11-27',
        items: [
          { contractNumber: 'CAF0000000001', name: 'mediaITサポート24', amount: 3300, remarks: '', taxRate: 10 },
          { contractNumber: 'COP00000001', name: 'Splashtop Business', amount: 2200, remarks: '訂正', taxRate: 10 },
        ],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const r = await run(['--json', 'bills', 'archive', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const corrected = nameOf('2023-11-09', 6050).replace('.pdf', '_2.pdf');
    expect(r.json().corrected).toEqual([expect.objectContaining({ seq: 13, file: corrected, amount: 6050, corrects: 4 })]);
    expect(sha256(original)).toBe(originalHash);
    expect(pdfText(path.join(dir, corrected))).toContain('次回振替TotalAmount6,050円');
    const rows = indexRows();
    expect(rows).toHaveLength(14);
    expect(rows[13]).toEqual(['13', '2023-11-09', '6050', P, expect.stringMatching(/^T\d{13}$/), '請求書/口座振替案内書', '2023-10', '2NCAF0000000001', corrected, sha256(path.join(dir, corrected)), expect.any(String), '4']);
    expect(audit().filter((e) => e.action === 'corrected')).toEqual([expect.objectContaining({ seq: 13, corrects: 4, file: corrected, sha256: sha256(path.join(dir, corrected)) })]);
  }, 120_000);

  it('search: a date range, an amount range and both combined return exactly the expected rows', async () => {
    const date = await run(['--json', 'bills', 'archive', 'search', '--dir', dir, '--from', '2024-01-01', '--to', '2024-03-31']);
    expect(date.code, date.stderr).toBe(0);
    expect(seqsOf(date)).toEqual([6, 7, 8]);
    const amount = await run(['--json', 'bills', 'archive', 'search', '--dir', dir, '--min', '13000', '--max', '15000']);
    expect(seqsOf(amount)).toEqual([8, 10, 11, 12]);
    const both = await run(['--json', 'bills', 'archive', 'search', '--dir', dir, '--from', '2024-01-01', '--to', '2024-05-31', '--min', '13000', '--max', '15000']);
    expect(seqsOf(both)).toEqual([8, 10]);
    const partner = await run(['--json', 'bills', 'archive', 'search', '--dir', dir, '--partner', 'メディアシステム', '--from', '2023-11-09', '--to', '2023-11-09']);
    expect(seqsOf(partner)).toEqual([4, 13]);
    const tsv = await run(['bills', 'archive', 'search', '--dir', dir, '--from', '2024-01-01', '--to', '2024-01-31']);
    expect(tsv.stdout).toBe(`6\t2024-01-09\t12848\t${P}\t${indexRows()[6]![4]}\t請求書/口座振替案内書\t2023-12\t2NCAF0000000001\t${nameOf('2024-01-09', 12848)}\t\n`);
  }, 60_000);

  it('search --export writes the matching rows as a CP932 CSV for a tax office request', async () => {
    const out = path.join(configDir, '提出用.csv');
    const r = await run(['bills', 'archive', 'search', '--dir', dir, '--min', '15000', '--export', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = parse(iconv.decode(readFileSync(out), 'cp932'), { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x['連番'], x['取引金額']])).toEqual([
      ['7', '15522'],
      ['9', '15808'],
    ]);
  }, 60_000);

  it('verify: exit 0 when intact; exit 8 naming a PDF with one changed byte and a deleted one', async () => {
    const ok = await run(['bills', 'archive', 'verify', '--dir', dir]);
    expect(ok.code, ok.stderr).toBe(0);
    const changed = path.join(dir, nameOf('2024-02-09', 15522));
    const bytes = readFileSync(changed);
    const mid = Math.floor(bytes.length / 2);
    bytes[mid] = bytes[mid]! ^ 0x01;
    writeFileSync(changed, bytes);
    rmSync(path.join(dir, nameOf('2024-03-09', 14976)));
    const bad = await run(['--json', 'bills', 'archive', 'verify', '--dir', dir]);
    expect(bad.code).toBe(8);
    const v = bad.json();
    expect(v.changed.map((c: { seq: number; file: string }) => [c.seq, c.file])).toEqual([[7, nameOf('2024-02-09', 15522)]]);
    expect(v.missing).toEqual([{ seq: 8, file: nameOf('2024-03-09', 14976) }]);
    expect(v.unlisted).toEqual([]);
    expect(bad.error()).toMatchObject({ code: 'ARCHIVE_VERIFY_FAILED', exitCode: 8 });
  }, 60_000);

  it('--notices also keeps the opening notices (no amount) under their own names', async () => {
    const other = path.join(path.dirname(dir), 'notices');
    const r = await run(['--json', 'bills', 'archive', '--dir', other, '--since', '2023-12', '--until', '2023-12', '--notices']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().downloaded.map((x: { file: string }) => x.file)).toEqual([nameOf('2024-01-09', 12848), `20231201_${P}_開通案内_CAF0000000001.pdf`]);
    const text = pdfText(path.join(other, `20231201_${P}_開通案内_CAF0000000001.pdf`));
    expect(text).toContain('ご契約内容に関する重要なお知らせです');
  }, 60_000);
});
