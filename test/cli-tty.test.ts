import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, tempDir } from './helpers/cli.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';
import { killSessions, tmux, waitForScreen } from './helpers/terminal.js';

/*
 * The interactive login in a real terminal (tmux): the CLI prompts for access ID, password
 * (masked) and OTP, and a person types them. Then a table in the same kind of terminal, with
 * Japanese columns aligned.
 */

let server: RunningServer;
let configDir: string;
const sessions: string[] = [];

const waitFor = (s: string, pattern: RegExp) => waitForScreen(s, pattern);

function startInTerminal(name: string, args: string[]): string {
  const s = `${name}-${process.pid}`;
  const env = [
    'LANG=C.UTF-8',
    `MYPAGE_CONFIG_DIR=${configDir}`,
    `MYPAGE_SERVER=${server.url}`,
    // no Secret Service in this terminal: credentials go to the 0600 file (--insecure-storage)
    'DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/mypage-test-bus',
    'NO_COLOR=1',
  ];
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const command = `env ${env.join(' ')} '${process.execPath}' '${CLI_BIN}' ${quoted}; echo EXIT=$?; sleep 120`;
  tmux('-u', 'new-session', '-d', '-s', s, '-x', '120', '-y', '40', command);
  sessions.push(s);
  return s;
}

/** display width: East Asian wide / full-width characters take two columns */
function width(line: string): number {
  let w = 0;
  for (const ch of line) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

beforeAll(async () => {
  server = await startServerProcess();
  configDir = tempDir('mypage-cli-tty-');
});

afterAll(async () => {
  killSessions(sessions);
  await server?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

describe('interactive login in a real terminal (tmux)', () => {
  it('prompts for access ID, masked password and OTP, then logs in (R-LOGIN-1/2)', async () => {
    const s = startInTerminal('mypage-login', ['login', '--insecure-storage']);
    await waitFor(s, /\? Access ID/);
    tmux('send-keys', '-t', s, 'm95au6', 'Enter');
    await waitFor(s, /\? Password/);
    tmux('send-keys', '-t', s, 'mypage2023', 'Enter');
    const otpScreen = await waitFor(s, /\? One-time password \(mailed to t\*+@example\.jp\)/);
    expect(otpScreen).toContain('✔ Access ID m95au6');
    expect(otpScreen).not.toContain('mypage2023');
    expect(otpScreen).toMatch(/Password \*{10}/);
    const otp = await server.latestOtp('taro@example.jp');
    tmux('send-keys', '-t', s, otp, 'Enter');
    const done = await waitFor(s, /EXIT=\d+/);
    expect(done).toContain('EXIT=0');
    expect(done).toMatch(/Logged in as m95au6 \(profile default/);
    expect(done).not.toContain(otp);
    expect(done).not.toContain('mypage2023');
    const file = path.join(configDir, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).default.accessId).toBe('m95au6');
  });

  it('a wrong OTP at the prompt may be typed again', async () => {
    const s = startInTerminal('mypage-relogin', ['login', '--insecure-storage', '--access-id', 'm95au6']);
    await waitFor(s, /\? Password/);
    tmux('send-keys', '-t', s, 'mypage2023', 'Enter');
    await waitFor(s, /\? One-time password/);
    const otp = await server.latestOtp('taro@example.jp');
    const wrong = otp === '000000' ? '111111' : '000000';
    tmux('send-keys', '-t', s, wrong, 'Enter');
    await waitFor(s, /Wrong one-time password \(\d+ tries left\)[\s\S]*\? One-time password/);
    tmux('send-keys', '-t', s, otp, 'Enter');
    const done = await waitFor(s, /EXIT=\d+/);
    expect(done).toContain('EXIT=0');
  });

  it('Ctrl-C at a prompt exits 130 (it exited 1 with CANCELLED)', async () => {
    const s = startInTerminal('mypage-ctrlc', ['login', '--insecure-storage', '--access-id', 'm95au6']);
    await waitFor(s, /\? Password/);
    tmux('send-keys', '-t', s, 'C-c');
    const done = await waitFor(s, /EXIT=\d+/);
    expect(done).toContain('EXIT=130');
    expect(done).toContain('Cancelled.');
  });

  it('register asks for every field and for agreement to the terms (R-REG-2)', async () => {
    const s = startInTerminal('mypage-register', ['register']);
    await waitFor(s, /\? Email/);
    tmux('send-keys', '-t', s, 'sample@example.jp', 'Enter');
    await waitFor(s, /\? Contract number/);
    tmux('send-keys', '-t', s, '1234567890', 'Enter');
    await waitFor(s, /\? Postal code/);
    tmux('send-keys', '-t', s, '100-0001', 'Enter');
    await waitFor(s, /\? Customer name/);
    // `-l` types the katakana literally; the 法人格 (カブシキガイシャ) may be left out (R-FMT-6)
    tmux('send-keys', '-t', s, '-l', 'サンプル');
    tmux('send-keys', '-t', s, 'Enter');
    await waitFor(s, /\? Do you agree to the terms of use\?/);
    tmux('send-keys', '-t', s, 'y', 'Enter');
    const done = await waitFor(s, /EXIT=\d+/);
    expect(done).toContain('EXIT=0');
    const mails = await server.mailbox('sample@example.jp');
    expect(mails.at(-1)?.text).toMatch(/\/regist\/new\/[0-9A-F]{32}/);
  });

  it('register checks each answer as it is typed — the portal\'s message, then the same prompt again — before the terms', async () => {
    const s = startInTerminal('mypage-register-typos', ['register']);
    /** types `bad`, expects `message` under the prompt, clears the line (Ctrl-U) and types `good` */
    const retype = async (prompt: RegExp, bad: string, message: RegExp, good: string) => {
      await waitFor(s, prompt);
      tmux('send-keys', '-t', s, '-l', bad);
      tmux('send-keys', '-t', s, 'Enter');
      await waitFor(s, message);
      tmux('send-keys', '-t', s, 'C-u');
      tmux('send-keys', '-t', s, '-l', good);
      tmux('send-keys', '-t', s, 'Enter');
    };
    await retype(/\? Email/, 'hanako@', /Email must be an address such as taro@example\.jp[\s\S]*\(メールアドレスの形式が正しくありません/, 'hanako@example.jp');
    await retype(/\? Contract number/, '12345', /Contract number must be one of: [\s\S]*\(契約番号の形式が正しくありません/, '123456789');
    await retype(/\? Postal code/, '12', /Postal code must be 7 digits [\s\S]*\(郵便番号は7桁の数字で入力してください。\)/, '060-0001');
    await retype(/\? Customer name/, 'ア'.repeat(101), /Customer name must be at most 100 characters[\s\S]*\(お客様名は100文字以内で入力してください。\)/, 'サトウ ハナコ');
    const terms = await waitFor(s, /\? Do you agree to the terms of use\?/);
    // nothing was sent before the last field was accepted: no registration mail yet
    expect(await server.mailbox('hanako@example.jp')).toEqual([]);
    expect(terms).not.toContain('EXIT=');
    tmux('send-keys', '-t', s, 'y', 'Enter');
    const done = await waitFor(s, /EXIT=\d+/);
    expect(done).toContain('EXIT=0');
    expect((await server.mailbox('hanako@example.jp')).at(-1)?.text).toMatch(/\/regist\/new\/[0-9A-F]{32}/);
  });

  it('draws tables with Japanese columns aligned (full-width characters count double)', async () => {
    const s = startInTerminal('mypage-table', ['contracts', 'list']);
    const screen = await waitFor(s, /EXIT=\d+/);
    expect(screen).toContain('EXIT=0');
    const table = screen.split('\n').filter((l) => /^[┌│├└]/.test(l));
    expect(table.length).toBeGreaterThanOrEqual(7);
    expect(table.join('\n')).toContain('日本　太郎');
    expect(new Set(table.map(width)).size).toBe(1);
  });
});
