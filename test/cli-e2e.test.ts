import { execFileSync, spawn } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, cliEnv, devOtpCommand, runCli, tempDir } from './helpers/cli.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * The built CLI against the real reference server (two real processes, real HTTP): `--json`
 * output of each command, downloads, CSV export in all three encodings, sync, exit codes.
 */

let server: RunningServer;
let configDir: string;
let work: string;
const ADMIN = { accessId: 'm95au6', password: 'mypage2023', email: 'taro@example.jp' };

/** env of a logged-in run (credentials and session in the 0600 file of configDir) */
const env = (extra: Record<string, string | undefined> = {}) => ({ MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: configDir, ...extra });
const run = (args: string[], extra: Record<string, string | undefined> = {}, input?: string) =>
  runCli(args, { env: env(extra), cwd: work, ...(input !== undefined ? { input } : {}) });

beforeAll(async () => {
  server = await startServerProcess();
  configDir = tempDir('mypage-cli-config-');
  work = tempDir('mypage-cli-work-');
  const login = await run(['--json', 'login', '--insecure-storage', '--otp-command', devOtpCommand(ADMIN.email)], {
    MYPAGE_ACCESS_ID: ADMIN.accessId,
    MYPAGE_PASSWORD: ADMIN.password,
  });
  expect(login.code, login.stderr).toBe(0);
});

afterAll(async () => {
  await server?.stop();
  for (const d of [configDir, work]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('mypage CLI end to end (built bin/mypage.js ↔ reference server)', () => {
  it('login kept credentials and session in a file only the user can read (--insecure-storage)', async () => {
    const file = path.join(configDir, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')).default;
    expect(saved.accessId).toBe('m95au6');
    expect(saved.session.token).toEqual(expect.any(String));
    const config = JSON.parse(readFileSync(path.join(configDir, 'config.json'), 'utf8'));
    expect(config.profiles.default).toMatchObject({ accessId: 'm95au6', storage: 'file', server: server.url });
    expect(JSON.stringify(config)).not.toContain('mypage2023');
  });

  it('whoami --json: profile, where credentials are stored, session time left (no new OTP)', async () => {
    const otpMailsBefore = (await server.mailbox(ADMIN.email)).length;
    const r = await run(['--json', 'whoami']);
    expect(r.code, r.stderr).toBe(0);
    const w = r.json();
    expect(w).toMatchObject({ profile: 'default', accessId: 'm95au6', storage: 'file', user: { email: ADMIN.email, role: 'admin' } });
    expect(w.storedIn).toContain('credentials.json');
    expect(w.session.active).toBe(true);
    expect(w.session.remainingSeconds).toBeGreaterThan(500);
    expect(w.session.remainingSeconds).toBeLessThanOrEqual(600);
    expect((await server.mailbox(ADMIN.email)).length).toBe(otpMailsBefore);
  });

  it('whoami on a terminal-less run shows JST times', async () => {
    const r = await run(['whoami']);
    expect(r.stdout).toMatch(/Session\tactive until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST/);
  });

  it('contracts list --json and contracts show with the 2N customer number (R-CON, R-FMT-4)', async () => {
    const list = await run(['--json', 'contracts', 'list']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.json().map((c: { contractNumber: string }) => c.contractNumber)).toEqual(['CAF0000000001', 'CAF0000000002', 'COP00000001']);
    const other = await run(['--json', 'contracts', 'list', '--group', 'other']);
    expect(other.json().map((c: { contractNumber: string }) => c.contractNumber)).toEqual(['COP00000001']);
    const show = await run(['--json', 'contracts', 'show', '2NCAF0000000001']);
    expect(show.json()).toMatchObject({ contractNumber: 'CAF0000000001', accessLine: { accessKey: 'BUEdeJWm', serviceName: '[100M] ファミリー' } });
  });

  it('news list --json (お知らせ, R-HOME-1) and the registered 法人格 list', async () => {
    const news = await run(['--json', 'news', 'list']);
    expect(news.code, news.stderr).toBe(0);
    expect(news.json().length).toBeGreaterThan(0);
    expect(news.json()[0]).toEqual(expect.objectContaining({ title: expect.any(String), publishedAt: expect.stringMatching(/\+09:00$/) }));
    const designations = await run(['--json', 'register', '--show-designations']);
    expect(designations.json().map((d: { kanji: string }) => d.kanji)).toContain('株式会社');
  });

  it('contracts list without a terminal prints tab-separated rows', async () => {
    const r = await run(['contracts', 'list']);
    expect(r.stdout.split('\n')[0]).toMatch(/^CAF0000000001\thikari\t\[100M\] ファミリー\t/);
  });

  it('bills list / show --json: the guide’s 2023-10 breakdown (3300 → 330 → 3630, R-BILL-2)', async () => {
    const list = await run(['--json', 'bills', 'list', '--year', '2023']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.json().months[0].month).toBe('2023-12');
    const show = await run(['--json', 'bills', 'show', '2023/10']);
    const bill = show.json();
    const caf1 = bill.contracts.find((c: { contractNumber: string }) => c.contractNumber === 'CAF0000000001');
    expect(caf1.items).toContainEqual(expect.objectContaining({ name: 'mediaITサポート24', amount: 3300 }));
    expect(caf1.taxes).toContainEqual({ rate: 10, taxableTotal: 3300, tax: 330 });
    expect(caf1.subtotal).toBe(3630);
  });

  it('bills download writes invoice-2023-10.pdf (a real PDF) and says where it went', async () => {
    const r = await run(['--json', 'bills', 'download', '2023-10']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ path: 'invoice-2023-10.pdf', contentType: 'application/pdf', month: '2023-10' });
    const file = path.join(work, 'invoice-2023-10.pdf');
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('2NCAF0000000001');
    const plain = await run(['bills', 'download', '2023-11', '-o', 'sub-invoice.pdf']);
    expect(plain.stdout.trim()).toBe('sub-invoice.pdf');
    expect(readFileSync(path.join(work, 'sub-invoice.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('notices list / download: opening-notice-CAF0000000001-2023-12-01.pdf (R-NOTICE-1)', async () => {
    const list = await run(['--json', 'notices', 'list', 'CAF0000000001']);
    expect(list.json().map((n: { date: string }) => n.date)).toEqual(['2023-12-01', '2023-07-01']);
    const dl = await run(['--json', 'notices', 'download', 'CAF0000000001', '2023年12月01日分']);
    expect(dl.code, dl.stderr).toBe(0);
    expect(dl.json().path).toBe('opening-notice-CAF0000000001-2023-12-01.pdf');
    expect(readFileSync(path.join(work, 'opening-notice-CAF0000000001-2023-12-01.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('notices download refuses to overwrite an existing file; the list names the file it saves', async () => {
    const list = await run(['--json', 'notices', 'list', 'CAF0000000001']);
    const newest = list.json()[0] as { date: string; fileName: string };
    writeFileSync(path.join(work, newest.fileName), 'mine');
    const again = await run(['notices', 'download', 'CAF0000000001']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${newest.fileName} already exists: pass --clobber`);
    expect(readFileSync(path.join(work, newest.fileName), 'utf8')).toBe('mine');
    const forced = await run(['notices', 'download', 'CAF0000000001', '--clobber']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout.trim()).toBe(newest.fileName);
    expect(readFileSync(path.join(work, newest.fileName)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('calls list --json holds the guide’s first sample row (R-CALL-2, D-2)', async () => {
    const r = await run(['--json', 'calls', 'list', '2023-12']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.json();
    expect(rows).toContainEqual(
      expect.objectContaining({ usageType: 'ひかり電話・県内', from: '0611115555', to: '0638846327', durationSeconds: 34, charge: 8, startedAt: '2023-12-01T10:19:00+09:00' }),
    );
  });

  it('calls export: one CSV for a range in utf8, utf8-bom and sjis — same rows, one header, one BOM (D-5)', async () => {
    const expected: string[] = [];
    for (const month of ['2023-12', '2024-01']) {
      const l = await run(['--json', 'calls', 'list', month]);
      expected.push(...l.json().map((c: { from: string; to: string }) => `${c.from},${c.to}`));
    }
    const decoded: Record<string, string> = {};
    for (const encoding of ['utf8', 'utf8-bom', 'sjis']) {
      const out = `calls-${encoding}.csv`;
      const r = await run(['--json', 'calls', 'export', '--from', '2023-11', '--to', '2024-01', '--encoding', encoding, '-o', out]);
      expect(r.code, r.stderr).toBe(0);
      const report = r.json();
      expect(report.months).toEqual(['2023-12', '2024-01']);
      expect(report.skipped).toEqual([{ month: '2023-11', code: 'CALL_RECORDS_NOT_ENABLED' }]);
      const bytes = readFileSync(path.join(work, out));
      const bom = Buffer.from([0xef, 0xbb, 0xbf]);
      expect(bytes.subarray(0, 3).equals(bom)).toBe(encoding === 'utf8-bom');
      expect(bytes.indexOf(bom, 3)).toBe(-1);
      const text = encoding === 'sjis' ? iconv.decode(bytes, 'CP932') : iconv.decode(bytes, 'utf8'); // iconv-lite strips a leading BOM
      decoded[encoding] = text;
      const lines = text.split(/\r?\n/).filter(Boolean);
      // every contract of the group: which one each call belongs to, after the six columns of D-5
      expect(lines[0]).toBe('日時,利用種類,通話元,通話先,通話時間,料金,契約番号');
      expect(lines.slice(1).every((l) => /,CAF\d{10}$/.test(l))).toBe(true);
      expect(lines.filter((l) => l.startsWith('日時,')).length).toBe(1);
      expect(lines.length - 1).toBe(expected.length);
      expect(report.records).toBe(expected.length);
      expect(lines.slice(1).map((l) => l.split(',').slice(2, 4).join(','))).toEqual(expected);
    }
    expect(decoded['utf8-bom']).toBe(decoded.utf8);
    expect(decoded.sjis).toBe(decoded.utf8);
  });

  it('calls export of a single month defaults to calls-2023-12.csv', async () => {
    const r = await run(['calls', 'export', '--from', '2023-12']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('calls-2023-12.csv');
    expect(existsSync(path.join(work, 'calls-2023-12.csv'))).toBe(true);
  });

  it('-o naming a folder writes the usual file name inside it (bills download, notices download, calls export)', async () => {
    const dir = path.join(work, 'out-folder');
    mkdirSync(dir);
    const bill = await run(['--json', 'bills', 'download', '2023-10', '-o', dir]);
    expect(bill.code, bill.stderr).toBe(0);
    expect(bill.json().path).toBe(path.join(dir, 'invoice-2023-10.pdf'));
    const notice = await run(['notices', 'download', 'CAF0000000001', '2023-12-01', '-o', 'out-folder/']);
    expect(notice.code, notice.stderr).toBe(0);
    expect(notice.stdout.trim()).toBe(path.join('out-folder', 'opening-notice-CAF0000000001-2023-12-01.pdf'));
    const csv = await run(['--json', 'calls', 'export', '--from', '2023-12', '--to', '2024-01', '-o', dir]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.json().path).toBe(path.join(dir, 'calls-2023-12_2024-01.csv'));
    expect(readdirSync(dir).sort()).toEqual(['calls-2023-12_2024-01.csv', 'invoice-2023-10.pdf', 'opening-notice-CAF0000000001-2023-12-01.pdf']);
    expect(readFileSync(path.join(dir, 'invoice-2023-10.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('-o naming a named pipe (like /dev/null) writes into it, never replaces it (calls export, bills download)', async () => {
    for (const args of [['calls', 'export', '--from', '2023-12', '--to', '2024-01'], ['bills', 'download', '2023-10']]) {
      const fifo = path.join(work, `out-${args[0]}.pipe`);
      execFileSync('mkfifo', [fifo]);
      const read = new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        createReadStream(fifo)
          .on('data', (c) => chunks.push(c as Buffer))
          .on('end', () => resolve(Buffer.concat(chunks)))
          .on('error', reject);
      });
      const r = await run([...args, '-o', fifo]);
      expect(r.code, r.stderr).toBe(0);
      const bytes = await read;
      if (args[0] === 'calls') expect(bytes.toString('utf8')).toMatch(/^日時,利用種類,通話元,通話先,通話時間,料金,契約番号\r\n/);
      else expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(statSync(fifo).isFIFO()).toBe(true);
      expect(readdirSync(work).filter((n) => n.includes('.tmp') || n.includes('.part'))).toEqual([]);
      rmSync(fifo);
    }
  });

  it('a full disk fails the export and the download (exit 1, FILE_ENOSPC), never a success', async () => {
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    for (const args of [['calls', 'export', '--from', '2023-12', '--to', '2024-01'], ['bills', 'download', '2023-10']]) {
      const r = await run(['--json', ...args, '-o', '/dev/full']);
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.error()).toMatchObject({ code: 'FILE_ENOSPC', messageEn: 'No space left on the device.' });
    }
    // stdout redirected to a full disk: `mypage bills list > file`
    for (const args of [['bills', 'list'], ['--json', 'bills', 'list']]) {
      const out = openSync('/dev/full', 'w');
      const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: work, env: cliEnv(env()), stdio: ['ignore', out, 'pipe'] });
      closeSync(out);
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, `${args.join(' ')}: ${stderr}`).toBe(1);
      expect(stderr).toContain('No space left on the device.');
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('a reader that stops early (`| head`) ends the command quietly: exit 0, no stack trace, no EPIPE error', async () => {
    for (const args of [['calls', 'list', '2023-12'], ['--json', 'calls', 'list', '2023-12'], ['calls', 'export', '--from', '2023-12', '--to', '2024-06', '-o', '-']]) {
      const child = spawn(process.execPath, [CLI_BIN, ...args], { cwd: work, env: cliEnv(env()), stdio: ['ignore', 'pipe', 'pipe'] });
      // the reader is gone before the first row is written
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr, args.join(' ')).not.toMatch(/EPIPE|\n\s+at |Unhandled/);
      expect(code, `${args.join(' ')}\n${stderr}`).toBe(0);
    }
  });

  it('calls sync twice: the second run changes nothing; the manifest holds sha256 per file', async () => {
    const dir = path.join(work, 'calls-sync');
    const first = await run(['--json', 'calls', 'sync', '--since', '2024-03', '--dir', dir]);
    expect(first.code, first.stderr).toBe(0);
    const s1 = first.json();
    expect(s1.added).toEqual(['calls-2024-03.csv', 'calls-2024-04.csv', 'calls-2024-05.csv', 'calls-2024-06.csv']);
    expect(s1.manifestWritten).toBe(true);
    const mtimes = readdirSync(dir).map((n) => statSync(path.join(dir, n)).mtimeMs);
    const second = await run(['--json', 'calls', 'sync', '--since', '2024-03', '--dir', dir]);
    const s2 = second.json();
    expect(s2).toMatchObject({ added: [], updated: [], skipped: [], manifestWritten: false });
    expect(s2.unchanged).toEqual(s1.added);
    expect(readdirSync(dir).map((n) => statSync(path.join(dir, n)).mtimeMs)).toEqual(mtimes);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const { createHash } = await import('node:crypto');
    for (const name of s1.added) {
      expect(manifest.files[name].sha256).toBe(createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex'));
    }
  });

  it('bills sync twice: bill JSON + invoice PDF per month, second run unchanged', async () => {
    const dir = path.join(work, 'bills-sync');
    const first = (await run(['--json', 'bills', 'sync', '--since', '2024-05', '--dir', dir])).json();
    expect(first.added).toEqual(['bill-2024-05.json', 'invoice-2024-05.pdf', 'bill-2024-06.json', 'invoice-2024-06.pdf']);
    const second = (await run(['--json', 'bills', 'sync', '--since', '2024-05', '--dir', dir])).json();
    expect(second).toMatchObject({ added: [], updated: [], manifestWritten: false });
    expect(second.unchanged).toHaveLength(4);
  });

  it('inquiry request-call-records / stop-paper-mail / list (R-INQ-2, R-INQ-3)', async () => {
    const req = await run(['--json', 'inquiry', 'request-call-records', '--customer-name', '日本 太郎', '--contact-name', '日本 花子']);
    expect(req.code, req.stderr).toBe(0);
    expect(req.json()).toMatchObject({ subject: '通話明細記録の希望', categoryLabel: '通話明細記録について', kind: 'call-records' });
    const stop = await run(['--json', 'inquiry', 'stop-paper-mail', 'direct-debit', '--customer-name', '日本 太郎', '--contact-name', '日本 花子']);
    expect(stop.json()).toMatchObject({ subject: '口座振替案内書の紙発送停止希望', kind: 'paper-stop-direct-debit', body: 'お客様名：日本 太郎\n担当者名：日本 花子' });
    const send = await run(['--json', 'inquiry', 'send', '--category', 'other', '--subject', '住所変更について', '--body', '引っ越します。']);
    expect(send.json()).toMatchObject({ subject: '住所変更について', body: '引っ越します。' });
    const list = (await run(['--json', 'inquiry', 'list'])).json();
    expect(list.map((i: { subject: string }) => i.subject)).toEqual(expect.arrayContaining(['通話明細記録の希望', '口座振替案内書の紙発送停止希望', '住所変更について']));
  });

  it('users add → register complete → login as a general user → users list is forbidden (exit 5, R-USER-3)', async () => {
    const email = 'hanako@example.jp';
    const add = await run(['--json', 'users', 'add', '--email', email, '--name', '日本 花子', '--role', 'general', '--no-notify']);
    expect(add.code, add.stderr).toBe(0);
    const user = add.json();
    expect(user).toMatchObject({ email, role: 'general', notify: false, status: 'pending' });
    const { MAIL_PATTERNS } = await import('@mypage/api');
    const mail = (await server.mailbox(email)).at(-1)!;
    const url = MAIL_PATTERNS.registrationUrl.exec(mail.text)![1]!;
    const temporaryPassword = MAIL_PATTERNS.temporaryPassword.exec(mail.text)![1]!;
    const complete = await run(['--json', 'register', 'complete', url, '--access-id', user.accessId, '--password-stdin'], { MYPAGE_TEMPORARY_PASSWORD: temporaryPassword }, 'hanako2024\n');
    expect(complete.code, complete.stderr).toBe(0);
    expect(complete.json().accessId).toBe(user.accessId);

    const general = { MYPAGE_PROFILE: 'hanako', MYPAGE_ACCESS_ID: user.accessId, MYPAGE_PASSWORD: 'hanako2024', MYPAGE_OTP_COMMAND: devOtpCommand(email) };
    const users = await run(['--json', 'users', 'list'], general);
    expect(users.code).toBe(5);
    expect(users.error()).toMatchObject({ code: 'ADMIN_ONLY', kind: 'forbidden', message: 'ユーザ管理は管理者のみ利用できます。' });

    const update = await run(['--json', 'users', 'update', user.id, '--notify']);
    expect(update.json()).toMatchObject({ id: user.id, notify: true });
    const listed = (await run(['--json', 'users', 'list'])).json();
    expect(listed.map((u: { email: string }) => u.email)).toContain(email);
    const refuse = await run(['users', 'remove', user.id]);
    expect(refuse.code).toBe(2);
    expect(refuse.stderr).toContain('--yes');
    const removed = await run(['--json', 'users', 'remove', user.id, '--yes']);
    expect(removed.code, removed.stderr).toBe(0);
    expect((await run(['--json', 'users', 'list'])).json().map((u: { id: string }) => u.id)).not.toContain(user.id);
  }, 120_000); // nine CLI processes in turn: more than the default 30 s on a machine loaded several times over

  it('register (group C) through the CLI: start, then the mail, then complete (R-REG-2..5)', async () => {
    const email = 'hanako.sato@example.jp';
    const start = await run(['--json', 'register', '--email', email, '--contract', '123456789', '--postal-code', '060-0001', '--name', 'サトウ ハナコ', '--agree-terms']);
    expect(start.code, start.stderr).toBe(0);
    expect(start.json().sentTo).toEqual(expect.any(String));
    const noTerms = await run(['register', '--email', email, '--contract', '123456789', '--postal-code', '0600001', '--name', 'サトウ ハナコ']);
    expect(noTerms.code).toBe(2);
    expect(noTerms.stderr).toContain('--agree-terms');
    const wrong = await run(['--json', 'register', '--email', 'x@example.jp', '--contract', '123456789', '--postal-code', '0600001', '--name', 'ヤマダ', '--agree-terms']);
    expect(wrong.code).toBe(1);
    expect(wrong.error()).toMatchObject({ code: 'CUSTOMER_NOT_FOUND', message: '指定の顧客は存在しません。' });
  });

  describe('exit codes and messages', () => {
    it('2 for usage errors (unknown command, bad flag value, bad month)', async () => {
      expect((await run(['bogus'])).code).toBe(2);
      expect((await run(['contracts', 'list', '--group', 'mobile'])).code).toBe(2);
      const month = await run(['--json', 'calls', 'list', '2023-13']);
      expect(month.code).toBe(2);
      expect(month.error()).toMatchObject({ kind: 'usage' });
    });

    it('4 for not found (bill, contract)', async () => {
      const bill = await run(['--json', 'bills', 'show', '2099-01']);
      expect(bill.code).toBe(4);
      expect(bill.error()).toMatchObject({ code: 'BILL_NOT_FOUND', kind: 'not-found', message: expect.stringMatching(/請求/) });
      const contract = await run(['contracts', 'show', 'CAF9999999999']);
      expect(contract.code).toBe(4);
      expect(contract.stderr).toContain('指定の契約は存在しません。');
      expect(contract.stderr).not.toMatch(/\n\s+at /);
    });

    it('5 for call records of a month before they were enabled (CALL_RECORDS_NOT_ENABLED), naming the first month — not "apply" (they are enabled)', async () => {
      const r = await run(['calls', 'list', '2023-10']);
      expect(r.code).toBe(5);
      expect(r.stderr).toContain('`mypage calls list 2023-12`');
      expect(r.stderr).not.toContain('request-call-records');
    });

    it('3 with kind auth-required when nobody is logged in, naming what to set', async () => {
      const fresh = tempDir('mypage-cli-fresh-');
      const r = await runCli(['--json', 'contracts', 'list'], { env: { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: fresh } });
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.error()).toMatchObject({ code: 'AUTH_REQUIRED', kind: 'auth-required' });
      expect(r.error().hint).toContain('MYPAGE_ACCESS_ID');
      rmSync(fresh, { recursive: true, force: true });
    });

    it('login without a terminal fails fast naming the flag and variable that is missing', async () => {
      const fresh = tempDir('mypage-cli-fresh-');
      const r = await runCli(['login', '--insecure-storage'], { env: { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: fresh } });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('--access-id');
      expect(r.stderr).toContain('MYPAGE_ACCESS_ID');
      const noPassword = await runCli(['login', '--insecure-storage', '--access-id', 'm95au6'], { env: { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: fresh } });
      expect(noPassword.code).toBe(3);
      expect(noPassword.stderr).toContain('MYPAGE_PASSWORD');
      const noOtp = await runCli(['login', '--insecure-storage'], { env: { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: fresh, MYPAGE_ACCESS_ID: 'm95au6', MYPAGE_PASSWORD: 'mypage2023' } });
      expect(noOtp.code).toBe(6); // D-11: a login needs a person
      expect(noOtp.stderr).toContain('MYPAGE_OTP_COMMAND');
      expect(noOtp.stderr).toContain('--otp-imap');
      expect(noOtp.stderr).not.toContain('mypage2023');
      rmSync(fresh, { recursive: true, force: true });
    });

    it('3 for a wrong password, without echoing it', async () => {
      const fresh = tempDir('mypage-cli-fresh-');
      const r = await runCli(['--json', 'login', '--insecure-storage'], {
        env: { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: fresh, MYPAGE_ACCESS_ID: 'm95au6', MYPAGE_PASSWORD: 'wrongpass1', MYPAGE_OTP: '000000' },
      });
      expect(r.code).toBe(3);
      expect(r.error()).toMatchObject({ code: 'INVALID_CREDENTIALS', kind: 'auth-failed' });
      expect(r.stdout + r.stderr).not.toContain('wrongpass1');
      rmSync(fresh, { recursive: true, force: true });
    });
  });

  describe('session expiry (D-3)', () => {
    async function endSavedSession(dir: string, profile: string) {
      const token = JSON.parse(readFileSync(path.join(dir, 'credentials.json'), 'utf8'))[profile].session.token as string;
      const res = await fetch(`${server.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(204);
      return token;
    }

    it('3 with kind session-expired when the saved session is gone and no OTP source exists', async () => {
      const dir = tempDir('mypage-cli-expiry-');
      const login = await runCli(['login', '--insecure-storage', '--otp-command', devOtpCommand(ADMIN.email)], {
        env: { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: dir, MYPAGE_ACCESS_ID: ADMIN.accessId, MYPAGE_PASSWORD: ADMIN.password },
      });
      expect(login.code, login.stderr).toBe(0);
      await endSavedSession(dir, 'default');
      const r = await runCli(['--json', 'contracts', 'list'], { env: { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: dir } });
      expect(r.code).toBe(3);
      expect(r.error()).toMatchObject({ code: 'SESSION_EXPIRED', kind: 'session-expired' });

      // with an OTP command, the CLI logs in again by itself and keeps the new session
      const again = await runCli(['--json', 'contracts', 'list'], { env: { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: dir, MYPAGE_OTP_COMMAND: devOtpCommand(ADMIN.email) } });
      expect(again.code, again.stderr).toBe(0);
      expect(again.json()).toHaveLength(3);
      const after = await runCli(['--json', 'whoami'], { env: { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: dir } });
      expect(after.json().session.active).toBe(true);
      rmSync(dir, { recursive: true, force: true });
    });
  });

  it('profiles list / use / remove', async () => {
    const list = (await run(['--json', 'profiles', 'list'])).json();
    expect(list).toContainEqual(expect.objectContaining({ name: 'default', current: true, accessId: 'm95au6', storage: 'file' }));
    expect((await run(['profiles', 'use', 'nope'])).code).toBe(4);
    const dir = tempDir('mypage-cli-profiles-');
    const e = { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: dir, MYPAGE_ACCESS_ID: ADMIN.accessId, MYPAGE_PASSWORD: ADMIN.password, MYPAGE_OTP_COMMAND: devOtpCommand(ADMIN.email) };
    expect((await runCli(['--profile', 'office', 'login', '--insecure-storage'], { env: e })).code).toBe(0);
    expect((await runCli(['profiles', 'use', 'office'], { env: { MYPAGE_CONFIG_DIR: dir } })).code).toBe(0);
    const removed = await runCli(['--json', 'profiles', 'remove', 'office'], { env: { MYPAGE_CONFIG_DIR: dir } });
    expect(removed.json()).toEqual({ removed: 'office', credentialsRemoved: true });
    expect(JSON.parse(readFileSync(path.join(dir, 'credentials.json'), 'utf8'))).toEqual({});
    rmSync(dir, { recursive: true, force: true });
  });

  it('logout ends the session on the server and forgets the credentials', async () => {
    const token = JSON.parse(readFileSync(path.join(configDir, 'credentials.json'), 'utf8')).default.session.token as string;
    const r = await run(['--json', 'logout']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ sessionEnded: true, credentialsForgotten: true });
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
    expect(JSON.parse(readFileSync(path.join(configDir, 'credentials.json'), 'utf8'))).toEqual({});
  });
});
