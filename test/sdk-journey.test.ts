import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MAIL_PATTERNS,
  MAIL_SUBJECTS,
  MyPageClient,
  NotFoundError,
  SessionExpiredError,
  ValidationError,
  type CallRecord,
} from '@mypage/sdk';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * The whole journey through the SDK against the real reference server process (demo data D-7,
 * real HTTP on 127.0.0.1): register group B, complete, log in with the OTP from the dev mailbox,
 * then as the demo admin of group A read contracts, bills, PDFs, call records, send inquiries and
 * manage users.
 */

const B_EMAIL = 'sample-journey@example.jp';
const B_PASSWORD = 'sample2024';
const ADMIN = { accessId: 'm95au6', password: 'mypage2023', email: 'taro@example.jp' };

let server: RunningServer;
let dir: string;
beforeAll(async () => {
  server = await startServerProcess();
  dir = await mkdtemp(join(tmpdir(), 'sdk-journey-'));
});
afterAll(async () => {
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function newClient() {
  return new MyPageClient({ baseUrl: server.url, timeoutMs: 10_000 });
}

async function loginAs(client: MyPageClient, accessId: string, password: string, email: string) {
  return client.auth.login({
    accessId,
    password,
    otp: () => client.dev.latestOtp(email),
  });
}

describe('SDK journey: registration of group B (R-REG)', () => {
  const client = () => registrationClient;
  let registrationClient: MyPageClient;
  let accessId = '';

  it('starts registration with contract 1234567890, postal 100-0001 and name サンプル (法人格 ignored)', async () => {
    registrationClient = newClient();
    expect((await client().meta.health()).dev).toBe(true);
    const started = await client().registration.start({
      email: B_EMAIL,
      contractNumber: '1234567890',
      postalCode: '100-0001',
      customerName: 'サンプル',
      agreeToTerms: true,
    });
    expect(started.sentTo).not.toBe(B_EMAIL); // masked
  });

  it('reads the registration mail, checks the link and completes with a new password', async () => {
    const mail = await client().dev.latestMail(B_EMAIL, { subject: MAIL_SUBJECTS.registration });
    const url = MAIL_PATTERNS.registrationUrl.exec(mail.text)?.[1];
    accessId = MAIL_PATTERNS.accessId.exec(mail.text)?.[1] ?? '';
    const temporaryPassword = MAIL_PATTERNS.temporaryPassword.exec(mail.text)?.[1] ?? '';
    expect(url).toBeTruthy();
    expect(accessId).toMatch(/^[a-z0-9]{6}$/);
    const link = await client().registration.check(url!);
    expect(link.purpose).toBe('registration');
    const done = await client().registration.complete(url!, { accessId, temporaryPassword, newPassword: B_PASSWORD });
    expect(done.accessId).toBe(accessId);
    // the link is single use (R-REG-4)
    await expect(client().registration.check(url!)).rejects.toMatchObject({ code: 'REGISTRATION_LINK_INVALID', status: 410 });
  });

  it('logs in reading the OTP from the dev mailbox and sees group B', async () => {
    const session = await loginAs(client(), accessId, B_PASSWORD, B_EMAIL);
    expect(session.token).toBeTruthy();
    const me = await client().me();
    expect(me.user.accessId).toBe(accessId);
    expect(me.billingGroup.customerNumber).toBe('2N1234567890');
    const contracts = await client().contracts.list();
    expect(contracts.map((c) => c.contractNumber)).toEqual(['1234567890']);
    await client().auth.logout();
    expect(client().session).toBeNull();
    await expect(client().me()).rejects.toBeInstanceOf(SessionExpiredError);
  });
});

describe('SDK journey: the demo admin of group A', () => {
  let client: MyPageClient;

  beforeAll(async () => {
    client = newClient();
    await loginAs(client, ADMIN.accessId, ADMIN.password, ADMIN.email);
  });

  it('lists contracts by group and reads details with a 2N number', async () => {
    const all = await client.contracts.list();
    expect(all.map((c) => c.contractNumber)).toEqual(expect.arrayContaining(['CAF0000000001', 'CAF0000000002', 'COP00000001']));
    const other = await client.contracts.list({ group: 'other' });
    expect(other.map((c) => c.contractNumber)).toEqual(['COP00000001']);
    const contract = await client.contracts.get('2NCAF0000000001');
    expect(contract.accessLine?.accessKey).toBe('BUEdeJWm');
    expect(contract.openingNoticeDates).toEqual(['2023-12-01', '2023-07-01']);
    await expect(client.contracts.get('1234567890')).rejects.toBeInstanceOf(NotFoundError); // group B's line
    await expect(client.contracts.get('CAF12')).rejects.toBeInstanceOf(ValidationError);
  });

  it('reads the bill of 2023-10: mediaITサポート24 3300 → 330 → 3630 (R-BILL-2)', async () => {
    const list = await client.bills.list({ year: 2023 });
    expect(list.months.map((m) => m.month)).toContain('2023-10');
    const bill = await client.bills.get('2023/10');
    const line = bill.contracts.find((c) => c.contractNumber === 'CAF0000000001');
    expect(line?.items).toEqual([{ name: 'mediaITサポート24', amount: 3300, remarks: '', taxRate: 10 }]);
    expect(line?.taxes).toEqual([{ rate: 10, taxableTotal: 3300, tax: 330 }]);
    expect(line?.subtotal).toBe(3630);
  });

  it('downloads the invoice PDF of 2023-10 to a file (%PDF header, > 1 KB)', async () => {
    const download = await client.bills.invoice('2023-10');
    expect(download.contentType).toMatch(/application\/pdf/);
    const saved = await download.saveTo(dir);
    expect(saved.path.startsWith(dir)).toBe(true);
    expect(saved.path.endsWith('.pdf')).toBe(true);
    const bytes = await readFile(saved.path);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(bytes.length).toBeGreaterThan(1024);
    expect((await stat(saved.path)).size).toBe(saved.bytes);
    const text = execFileSync('pdftotext', ['-layout', saved.path, '-'], { encoding: 'utf8' });
    expect(text).toContain('2NCAF0000000001');
  });

  it('downloads an opening notice PDF (R-NOTICE-1)', async () => {
    const notices = await client.notices.list('CAF0000000001');
    expect(notices.map((n) => n.date)).toContain('2023-12-01');
    const pdf = await client.notices.download('CAF0000000001', '2023/12/01');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('%PDF');
  });

  it('iterates call records of 2023-12 across pages; their sum is the bill\'s call charges (D-2)', async () => {
    const records: CallRecord[] = [];
    for await (const record of client.calls.iterate({ from: '2023-12', to: '2023-12', pageSize: 7 })) records.push(record);
    expect(records.length).toBeGreaterThan(10);
    expect(records[0]).toMatchObject({ startedAt: '2023-12-01T10:19:00+09:00', usageType: 'ひかり電話・県内', from: '0611115555', to: '0638846327', durationSeconds: 34, charge: 8 });
    const bill = await client.bills.get('2023-12');
    expect(records.reduce((sum, r) => sum + r.charge, 0)).toBe(bill.callCharges);
  });

  it('iterates from before call records were enabled: the early months are skipped, not errors', async () => {
    const months = new Set<string>();
    for await (const record of client.calls.iterate({ from: '2023-07', to: '2024-01', pageSize: 500 })) months.add(record.startedAt.slice(0, 7));
    expect([...months]).toEqual(['2023-12', '2024-01']);
  });

  it('downloads the call-record CSV in Shift_JIS (D-5)', async () => {
    const csv = await client.calls.csv('2023-12', { encoding: 'sjis' });
    const bytes = Buffer.from(await csv.arrayBuffer());
    const text = new TextDecoder('shift_jis').decode(bytes);
    expect(text.split(/\r?\n/)[0]).toBe('日時,利用種類,通話元,通話先,通話時間,料金');
  });

  it('sends an inquiry and the call-record application with the guide\'s subject (R-INQ-1/3)', async () => {
    const categories = await client.inquiries.categories();
    expect(categories.map((c) => c.id)).toEqual(expect.arrayContaining(['call-records', 'other']));
    const general = await client.inquiries.send({ category: 'other', subject: 'SDKからの問い合わせ', body: 'テストです。' });
    expect(general.status).toBe('received');
    const application = await client.inquiries.requestCallRecords({ customerName: '日本 太郎', contactName: '日本 花子' });
    expect(application).toMatchObject({ category: 'call-records', subject: '通話明細記録の希望', kind: 'call-records' });
    const history = await client.inquiries.list();
    expect(history.map((i) => i.id)).toEqual(expect.arrayContaining([general.id, application.id]));
    const receipt = await client.dev.latestMail(ADMIN.email, { subject: MAIL_SUBJECTS.inquiryReceipt });
    expect(receipt.text).toContain('通話明細記録の希望');
  });

  it('creates, updates and deletes a user (R-USER-1/2)', async () => {
    const created = await client.users.create({ email: 'hanako-journey@example.jp', name: '日本 花子', role: 'general', notify: false });
    expect(created.status).toBe('pending');
    const updated = await client.users.update(created.id, { notify: true });
    expect(updated.notify).toBe(true);
    expect((await client.users.list()).map((u) => u.id)).toContain(created.id);
    await client.users.delete(created.id);
    expect((await client.users.list()).map((u) => u.id)).not.toContain(created.id);
    await expect(client.users.delete(created.id)).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('an expired session is renewed by onSessionExpired and the request retried once (D-3)', async () => {
    let relogins = 0;
    const renewing: MyPageClient = new MyPageClient({
      baseUrl: server.url,
      session: { token: 'not-a-valid-token', expiresAt: '2023-12-01T10:29:00+09:00' },
      onSessionExpired: async () => {
        relogins += 1;
        await loginAs(renewing, ADMIN.accessId, ADMIN.password, ADMIN.email);
      },
    });
    expect((await renewing.me()).user.accessId).toBe(ADMIN.accessId);
    expect(relogins).toBe(1);
    await renewing.auth.logout();
  });
});
