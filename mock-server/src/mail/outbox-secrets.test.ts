import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MAIL_PATTERNS } from '@mypage/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { FakeClock } from '../clock.js';
import { defaultConfig } from '../config.js';
import { seedDemo, DEMO } from '../seed/demo.js';
import { MemoryEngine } from '../store/memory/engine.js';
import { emptyData } from '../store/schema.js';
import { secureDataDir } from '../security/data-dir.js';
import { acceptAllCaptcha, testHasher } from '../testing/index.js';
import { Outbox, REDACTED, type SmtpTransport } from './mailer.js';

/* Outside dev mode the outbox keeps no secret at rest (D-4; OTPs, temporary passwords, reset links). */

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'mypage-secrets-'));
  dirs.push(d);
  return d;
};

/** A production-mode app (dev off) with a file outbox; `smtp` stands in for the mail server at the network edge. */
async function productionApp(opts: { smtp?: SmtpTransport } = {}) {
  const dir = path.join(tmp(), 'outbox');
  const clock = new FakeClock('2024-01-15T10:00:00+09:00');
  const data = emptyData();
  await seedDemo(data, testHasher);
  const repos = await MemoryEngine.create(data);
  const mailer = new Outbox({ clock, dir, keepSecrets: false, ...(opts.smtp ? { smtp: opts.smtp } : {}) });
  const app = createApp({ repos, mailer, clock, captcha: acceptAllCaptcha, config: defaultConfig({ dev: false }), hasher: testHasher });
  const post = (p: string, json: unknown) => app.request(p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });
  const atRest = () => readdirSync(dir).map((n) => readFileSync(path.join(dir, n), 'utf8')).join('\n');
  return { dir, mailer, post, atRest };
}

const admin = DEMO.groupA.admin;

describe('secrets at rest in the outbox', () => {
  it('a reset link in the production outbox can no longer be read back: the file keeps it redacted', async () => {
    const t = await productionApp();
    expect((await t.post('/api/v1/recovery/password', { accessId: admin.accessId, email: admin.email })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 50)); // recovery mails are sent in the background
    const kept = t.atRest();
    expect(kept).toContain(REDACTED);
    expect(kept).not.toMatch(/\/recovery\/password\/[0-9A-F]{32}/);
    expect(kept).toContain('"kept": "redacted"');
  });

  it('the login OTP and a temporary password are not kept in clear outside dev mode', async () => {
    const t = await productionApp();
    expect((await t.post('/api/v1/auth/login', { accessId: admin.accessId, password: admin.password })).status).toBe(200);
    expect((await t.post('/api/v1/registrations', { email: 'sample@example.jp', contractNumber: DEMO.groupB.contractNumber, postalCode: DEMO.groupB.postalCode, customerName: 'サンプル', agreeToTerms: true })).status).toBe(202);
    const kept = t.atRest();
    expect(MAIL_PATTERNS.otp.exec(kept)).toBeNull();
    expect(kept).not.toMatch(/仮パスワード : [a-z0-9]{8}/);
    expect(kept).not.toMatch(/regist\/new\/[0-9A-F]{32}/);
  });

  it('once SMTP accepted a mail, the outbox keeps only its headers, while the customer got the whole text', async () => {
    const delivered: { to: string; text: string }[] = [];
    const t = await productionApp({ smtp: { sendMail: async (m) => delivered.push(m) } });
    expect((await t.post('/api/v1/auth/login', { accessId: admin.accessId, password: admin.password })).status).toBe(200);
    const otp = MAIL_PATTERNS.otp.exec(delivered[0]!.text)?.[1];
    expect(otp).toMatch(/^\d{6}$/);
    const file = JSON.parse(t.atRest());
    expect(file).toMatchObject({ to: admin.email, text: '', kept: 'headers-only' });
    expect(t.atRest()).not.toContain(otp);
  });

  it('dev mode keeps the whole text (the dev mailbox shows it)', async () => {
    const dir = path.join(tmp(), 'outbox');
    const outbox = new Outbox({ clock: new FakeClock(), dir, keepSecrets: true });
    await outbox.send({ to: 'a@example.jp', subject: 's', text: 'コード 123456', secrets: ['123456'] });
    expect(readFileSync(path.join(dir, 'mail-000001.json'), 'utf8')).toContain('123456');
    expect(outbox.list()[0]!.text).toBe('コード 123456');
  });
});

describe('data folder permissions', () => {
  it('a data folder made 0755 with 0644 files (older versions, umask 022) is tightened to 0700 / 0600 at start', () => {
    const dir = path.join(tmp(), 'data');
    mkdirSync(path.join(dir, 'outbox'), { recursive: true });
    writeFileSync(path.join(dir, 'mypage.json'), '{}');
    writeFileSync(path.join(dir, 'outbox', 'mail-000001.json'), '{}');
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'outbox'), 0o755);
    chmodSync(path.join(dir, 'mypage.json'), 0o644);
    chmodSync(path.join(dir, 'outbox', 'mail-000001.json'), 0o644);
    secureDataDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'outbox')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'mypage.json')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, 'outbox', 'mail-000001.json')).mode & 0o777).toBe(0o600);
  });

  it('a new data folder is created 0700', () => {
    const dir = path.join(tmp(), 'new', 'data');
    secureDataDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
