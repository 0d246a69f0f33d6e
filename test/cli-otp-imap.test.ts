import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_SUBJECTS } from '@mypage/api';
import { runCli } from './helpers/cli.js';
import { startDovecot, type RunningDovecot } from './helpers/dovecot.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * The unattended monthly pull of a CI job (D-14, D-11), end to end with no terminal: the built CLI,
 * the real reference server mailing the OTP by SMTP (--smtp-url), a real Dovecot receiving it by
 * LMTP, and the CLI reading it by IMAP. Credentials, mailbox and session file from the environment.
 */

const ADMIN = { accessId: 'm95au6', password: 'mypage2023', email: 'taro@example.jp' };
const MAILBOX_PASSWORD = 'imap-ci-secret-9';
const OTHER = { user: 'someone-else@example.jp', password: 'oauth-token-for-other-box' };

let dovecot: RunningDovecot;
let server: RunningServer;
let work: string;

beforeAll(async () => {
  dovecot = await startDovecot({ users: [{ user: ADMIN.email, password: MAILBOX_PASSWORD }, OTHER] });
  server = await startServerProcess({ args: ['--smtp-url', dovecot.smtpUrl] });
  work = mkdtempSync(path.join(os.tmpdir(), 'mypage-otp-imap-'));
});
afterAll(async () => {
  await server?.stop();
  await dovecot?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The environment of a CI job: nothing but variables (no keychain, no profile, no stdin). */
function ciEnv(extra: Record<string, string> = {}) {
  const config = mkdtempSync(path.join(work, 'config-'));
  return {
    MYPAGE_SERVER: server.url,
    MYPAGE_CONFIG_DIR: config,
    MYPAGE_ACCESS_ID: ADMIN.accessId,
    MYPAGE_PASSWORD: ADMIN.password,
    MYPAGE_OTP_IMAP: dovecot.imapUrl(ADMIN.email),
    MYPAGE_IMAP_PASSWORD: MAILBOX_PASSWORD,
    MYPAGE_OTP_IMAP_TIMEOUT: '30',
    ...extra,
  };
}

const otpMailsSent = async () => (await server.mailbox(ADMIN.email)).filter((m) => m.subject === MAIL_SUBJECTS.otp).length;

function noSecretIn(text: string) {
  for (const secret of [ADMIN.password, MAILBOX_PASSWORD, OTHER.password]) expect(text).not.toContain(secret);
}

describe('CI job with --otp-imap and MYPAGE_SESSION_FILE (D-14)', () => {
  it('calls sync then bills sync (then contracts list): the files, and exactly one OTP mail for the job', async () => {
    const sessionFile = path.join(work, 'job-session.json');
    const env = ciEnv({ MYPAGE_SESSION_FILE: sessionFile });
    const sentBefore = await otpMailsSent();
    const deliveredBefore = dovecot.deliveries.length;

    const calls = await runCli(['--json', 'calls', 'sync', '--since', '2024-05', '--dir', path.join(work, 'out', 'calls')], { env, timeoutMs: 60_000 });
    expect(calls.code, calls.stderr).toBe(0);
    expect(calls.json().added).toEqual(['calls-2024-05.csv', 'calls-2024-06.csv']);
    noSecretIn(calls.stdout + calls.stderr);

    // the session of the first command is kept for the next ones: mode 0600, no password
    expect(statSync(sessionFile).mode & 0o777).toBe(0o600);
    const kept = readFileSync(sessionFile, 'utf8');
    expect(JSON.parse(kept)).toMatchObject({ accessId: ADMIN.accessId, server: server.url });
    noSecretIn(kept);

    const bills = await runCli(['--json', 'bills', 'sync', '--since', '2024-06', '--dir', path.join(work, 'out', 'bills')], { env, timeoutMs: 60_000 });
    expect(bills.code, bills.stderr).toBe(0);
    expect(bills.json().added).toEqual(['bill-2024-06.json', 'invoice-2024-06.pdf']);
    const contracts = await runCli(['--json', 'contracts', 'list'], { env });
    expect(contracts.code, contracts.stderr).toBe(0);

    expect(readdirSync(path.join(work, 'out', 'calls')).sort()).toEqual(['calls-2024-05.csv', 'calls-2024-06.csv', 'manifest.json']);
    expect(existsSync(path.join(work, 'out', 'bills', 'invoice-2024-06.pdf'))).toBe(true);
    expect((await otpMailsSent()) - sentBefore).toBe(1);
    expect(dovecot.deliveries.length - deliveredBefore).toBe(1);
    expect(dovecot.count(ADMIN.email).unseen).toBe(0); // the one mail was read and marked seen

    // the job's last step ends the session and removes the file
    const logout = await runCli(['--json', 'logout'], { env });
    expect(logout.code, logout.stderr).toBe(0);
    expect(logout.json()).toMatchObject({ sessionEnded: true });
    expect(existsSync(sessionFile)).toBe(false);
  }, 120_000);

  it('a wrong mailbox password fails fast with IMAP_AUTH_FAILED (exit 3), before any OTP mail is sent', async () => {
    const sentBefore = await otpMailsSent();
    const r = await runCli(['--json', 'contracts', 'list'], { env: ciEnv({ MYPAGE_IMAP_PASSWORD: 'not-the-mailbox-pw' }) });
    expect(r.code, r.stderr).toBe(3);
    expect(r.error()).toMatchObject({ code: 'IMAP_AUTH_FAILED' });
    expect(r.error().hint).toContain('MYPAGE_IMAP_PASSWORD');
    expect(r.stdout + r.stderr).not.toContain('not-the-mailbox-pw');
    noSecretIn(r.stdout + r.stderr);
    expect(await otpMailsSent()).toBe(sentBefore);
  });

  it('no OTP mail within the timeout fails with IMAP_OTP_TIMEOUT (exit 3), not a hang', async () => {
    // a mailbox the portal does not mail to (its registered address is another): signed in by XOAUTH2
    const r = await runCli(['--json', 'contracts', 'list'], {
      env: ciEnv({ MYPAGE_OTP_IMAP: dovecot.imapUrl(OTHER.user), MYPAGE_IMAP_PASSWORD: '', MYPAGE_IMAP_ACCESS_TOKEN: OTHER.password, MYPAGE_OTP_IMAP_TIMEOUT: '3' }),
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(3);
    expect(r.error()).toMatchObject({ code: 'IMAP_OTP_TIMEOUT' });
    expect(r.error().messageEn).toContain('3 s');
    noSecretIn(r.stdout + r.stderr);
    // the code that did arrive (in the other mailbox) is never printed
    const otp = await server.latestOtp(ADMIN.email);
    expect(r.stdout + r.stderr).not.toContain(otp);
  });

  it('a mailbox nobody listens on fails with IMAP_UNREACHABLE (exit 1)', async () => {
    const r = await runCli(['--json', 'contracts', 'list'], { env: ciEnv({ MYPAGE_OTP_IMAP: `imap://${encodeURIComponent(ADMIN.email)}@127.0.0.1:1/INBOX` }) });
    expect(r.code, r.stderr).toBe(1);
    expect(r.error()).toMatchObject({ code: 'IMAP_UNREACHABLE' });
  });

  it('no OTP source and no terminal: exit 6 at once, naming --otp, --otp-command and --otp-imap, no OTP mail sent (D-11)', async () => {
    const sentBefore = await otpMailsSent();
    const env = ciEnv();
    delete (env as Record<string, string>).MYPAGE_OTP_IMAP;
    const r = await runCli(['--json', 'calls', 'sync', '--since', '2024-06', '--dir', path.join(work, 'never')], { env });
    expect(r.code, r.stderr).toBe(6);
    expect(r.error()).toMatchObject({ code: 'INTERACTIVE_LOGIN_REQUIRED', exitCode: 6 });
    for (const way of ['--otp ', '--otp-command', '--otp-imap']) expect(r.error().messageEn).toContain(way);
    expect(await otpMailsSent()).toBe(sentBefore);
  });
});
