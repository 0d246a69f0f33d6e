import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth as stringWidth } from '../packages/cli/src/output/fit.js';
import { CLI_BIN, devOtpCommand, tempDir } from './helpers/cli.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';
import { killSessions, tmux, waitForScreen } from './helpers/terminal.js';

/*
 * Tables in a real terminal (tmux) of 80 columns: the built CLI against the real server, logged in
 * from the environment (the OTP read from the dev mailbox). Then a terminal that reports 0
 * columns, where a spinner used to write megabytes of escapes.
 */

let server: RunningServer;
let work: string;
const sessions: string[] = [];

/** The whole pane, history included, wrapped lines joined (a line longer than the pane shows as one). */
const waitFor = (s: string, pattern: RegExp) => waitForScreen(s, pattern, { timeoutMs: 30_000, history: true });

/** Runs `mypage …args` in a new terminal `columns` wide (after `before`, a shell command), then prints EXIT=<code>. */
function startInTerminal(name: string, args: string[], opts: { columns?: number; before?: string } = {}): string {
  const s = `${name}-${process.pid}`;
  const env = [
    'LANG=C.UTF-8',
    `MYPAGE_CONFIG_DIR=${path.join(work, name)}`,
    `MYPAGE_SERVER=${server.url}`,
    'MYPAGE_ACCESS_ID=m95au6',
    'MYPAGE_PASSWORD=mypage2023',
    `MYPAGE_SESSION_FILE=${path.join(work, `${name}-session.json`)}`,
    'DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/mypage-test-bus',
    'NO_COLOR=1',
  ];
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const otp = devOtpCommand('taro@example.jp').replace(/'/g, `'\\''`);
  const command = `${opts.before ?? 'true'}; env ${env.join(' ')} MYPAGE_OTP_COMMAND='${otp}' '${process.execPath}' '${CLI_BIN}' ${quoted}; echo EXIT=$?; sleep 120`;
  tmux('-u', 'new-session', '-d', '-s', s, '-x', String(opts.columns ?? 80), '-y', '50', command);
  sessions.push(s);
  return s;
}

beforeAll(async () => {
  server = await startServerProcess();
  work = tempDir('mypage-cli-width-');
});

afterAll(async () => {
  killSessions(sessions);
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The table's lines on the screen (borders drawn by cli-table3). */
const tableLines = (screen: string) => screen.split('\n').filter((l) => /^[┌│├└]/.test(l));

describe('tables in an 80-column terminal (tmux)', () => {
  it('calls list fits 80 columns: numbers, dates and charges whole, then 件数 / 合計', async () => {
    const s = startInTerminal('width-calls', ['calls', 'list', '2023-12', '--limit', '30']);
    const screen = await waitFor(s, /EXIT=\d+/);
    expect(screen).toContain('EXIT=0');
    const table = tableLines(screen);
    expect(table.length).toBe(30 + 4);
    for (const l of table) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    expect(new Set(table.map(stringWidth)).size).toBe(1);
    expect(screen).toMatch(/│2023-12-01 10:19:00│ひかり電話・県内│0611115555│0638846327 *│00:00:34│ *8円│/);
    expect(screen).toMatch(/^30 calls \/ [\d,]+円$/m);
  });

  it('contracts list fits 80 columns: contract numbers whole, the address cut with …', async () => {
    const s = startInTerminal('width-contracts', ['contracts', 'list']);
    const screen = await waitFor(s, /EXIT=\d+/);
    expect(screen).toContain('EXIT=0');
    const table = tableLines(screen);
    expect(table.length).toBe(3 + 4);
    for (const l of table) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    expect(new Set(table.map(stringWidth)).size).toBe(1);
    for (const no of ['CAF0000000001', 'CAF0000000002', 'COP00000001']) expect(screen).toContain(no);
    expect(screen).toMatch(/大阪府大阪市[^│]*…/);
  });

  it('news list fits 80 columns', async () => {
    const s = startInTerminal('width-news', ['news', 'list']);
    const screen = await waitFor(s, /EXIT=\d+/);
    expect(screen).toContain('EXIT=0');
    const table = tableLines(screen);
    expect(table.length).toBeGreaterThanOrEqual(5);
    for (const l of table) expect(stringWidth(l)).toBeLessThanOrEqual(80);
    expect(new Set(table.map(stringWidth)).size).toBe(1);
    expect(screen).toMatch(/│ ?\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} ?│/);
  });

  it('a terminal of 0 columns: no spinner writing escapes, the table as wide as its cells', async () => {
    const s = startInTerminal('width-zero', ['contracts', 'list'], { columns: 80, before: 'stty cols 0; sleep 1' });
    // everything the CLI writes to the terminal, escapes included
    const log = path.join(work, 'zero.log');
    tmux('pipe-pane', '-o', '-t', s, `cat >> '${log}'`);
    const screen = await waitFor(s, /EXIT=\d+/);
    expect(screen).toContain('EXIT=0');
    expect(screen).toContain('大阪府大阪市都島区東野田町 1丁目2番3号 メディアビル101');
    expect(statSync(log).size).toBeLessThan(16 * 1024);
    // no spinner: ora hides the cursor and draws braille frames
    const written = readFileSync(log, 'utf8');
    expect(written).not.toContain('\u001b[?25l');
    expect(written).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  });
});
