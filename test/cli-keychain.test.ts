import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, cliEnv, devOtpCommand, runCli, tempDir } from './helpers/cli.js';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

/*
 * Credentials in a real Secret Service (gnome-keyring inside its own `dbus-run-session`, with a
 * fresh keyring folder so no existing login keyring — whose password we do not know — gets in the
 * way), and the fallback when there is no Secret Service at all.
 * The tools come from scripts/setup-test-env.sh; this test installs nothing.
 */

const run = promisify(execFile);
let server: RunningServer;
const dirs: string[] = [];
const ADMIN = { accessId: 'm95au6', password: 'mypage2023', email: 'taro@example.jp' };

beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(async () => {
  await server?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const dir = (prefix: string) => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};

/** Runs `steps` (name → shell command) inside one D-Bus session with an unlocked gnome-keyring. */
async function inSecretService(steps: [string, string][], env: Record<string, string>): Promise<Record<string, { code: number; out: string; err: string }>> {
  const out = dir('mypage-keychain-out-');
  const script = [
    'echo -n mypage-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
    ...steps.map(([name, cmd]) => `( ${cmd} ) >"${out}/${name}.out" 2>"${out}/${name}.err"; echo $? >"${out}/${name}.code"`),
  ].join('\n');
  const base = cliEnv({ ...env, DBUS_SESSION_BUS_ADDRESS: undefined, XDG_DATA_HOME: dir('mypage-keyrings-'), HOME: dir('mypage-home-') });
  await run('dbus-run-session', ['--', 'bash', '-c', script], { env: base, timeout: 90_000 });
  const results: Record<string, { code: number; out: string; err: string }> = {};
  for (const [name] of steps) {
    results[name] = {
      code: Number(readFileSync(path.join(out, `${name}.code`), 'utf8').trim()),
      out: readFileSync(path.join(out, `${name}.out`), 'utf8'),
      err: readFileSync(path.join(out, `${name}.err`), 'utf8'),
    };
  }
  return results;
}

const cli = (args: string) => `"${process.execPath}" "${CLI_BIN}" ${args}`;

describe('credentials in the OS keychain (real Secret Service)', () => {
  it('login stores access ID, password and session under service "mypage", account <profile>; later commands reuse the session', async () => {
    const configDir = dir('mypage-keychain-config-');
    const mailsBefore = (await server.mailbox(ADMIN.email)).length;
    const r = await inSecretService(
      [
        ['login', `MYPAGE_ACCESS_ID=${ADMIN.accessId} MYPAGE_PASSWORD=${ADMIN.password} ${cli(`--json login --otp-command '${devOtpCommand(ADMIN.email)}'`)}`],
        ['lookup', 'secret-tool lookup service mypage username default'],
        ['whoami', cli('--json whoami')],
        ['contracts', cli('--json contracts list')],
        ['logout', cli('--json logout')],
        ['after', 'secret-tool search --all service mypage; echo "found=$(secret-tool lookup service mypage username default | wc -c)"'],
      ],
      { MYPAGE_SERVER: server.url, MYPAGE_CONFIG_DIR: configDir },
    );
    expect(r.login!.code, r.login!.err).toBe(0);
    expect(JSON.parse(r.login!.out)).toMatchObject({ storage: 'keychain', accessId: 'm95au6' });

    // what the keychain holds (read back through secret-tool, the Secret Service's own client)
    expect(r.lookup!.code).toBe(0);
    const stored = JSON.parse(r.lookup!.out);
    expect(stored.accessId).toBe('m95au6');
    expect(stored.password === ADMIN.password).toBe(true);
    expect(typeof stored.session.token).toBe('string');
    // nothing secret in the config folder
    expect(existsSync(path.join(configDir, 'credentials.json'))).toBe(false);
    expect(readFileSync(path.join(configDir, 'config.json'), 'utf8')).not.toContain(ADMIN.password);

    const who = JSON.parse(r.whoami!.out);
    expect(who).toMatchObject({ storage: 'keychain', storedIn: 'OS keychain (Secret Service)', session: { active: true } });
    expect(r.contracts!.code, r.contracts!.err).toBe(0);
    expect(JSON.parse(r.contracts!.out)).toHaveLength(3);
    // one login = one OTP mail: whoami and contracts used the stored session
    expect((await server.mailbox(ADMIN.email)).length).toBe(mailsBefore + 1);

    expect(JSON.parse(r.logout!.out)).toMatchObject({ sessionEnded: true, credentialsForgotten: true });
    expect(r.after!.out).toContain('found=0');
  });
});

describe('no keychain (headless Linux, containers)', () => {
  const noBus = (configDir: string, extra: Record<string, string> = {}) => ({
    MYPAGE_SERVER: server.url,
    MYPAGE_CONFIG_DIR: configDir,
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mypage-test-bus',
    ...extra,
  });

  it('login says there is no keychain and stops before any OTP is sent', async () => {
    const configDir = dir('mypage-nokeychain-');
    const mailsBefore = (await server.mailbox(ADMIN.email)).length;
    const r = await runCli(['login', '--access-id', ADMIN.accessId, '--password-stdin', '--otp-command', devOtpCommand(ADMIN.email)], {
      env: noBus(configDir),
      input: `${ADMIN.password}\n`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Couldn't access platform storage");
    expect(r.stderr).toContain('--insecure-storage');
    expect(r.stderr).toContain('MYPAGE_ACCESS_ID');
    expect(r.stderr).not.toContain(ADMIN.password);
    expect(existsSync(path.join(configDir, 'credentials.json'))).toBe(false);
    expect((await server.mailbox(ADMIN.email)).length).toBe(mailsBefore);
  });

  it('--insecure-storage keeps them in a 0600 file, with a warning', async () => {
    const configDir = dir('mypage-nokeychain-');
    const r = await runCli(['login', '--insecure-storage', '--access-id', ADMIN.accessId, '--password-stdin', '--otp-command', devOtpCommand(ADMIN.email)], {
      env: noBus(configDir),
      input: `${ADMIN.password}\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: storing credentials unencrypted/);
    const file = path.join(configDir, 'credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const who = await runCli(['--json', 'whoami'], { env: noBus(configDir) });
    expect(who.json()).toMatchObject({ storage: 'file', storedIn: file, session: { active: true } });
  });

  it('credentials from the environment work without any storage (CI)', async () => {
    const configDir = dir('mypage-nokeychain-');
    const env = noBus(configDir, { MYPAGE_ACCESS_ID: ADMIN.accessId, MYPAGE_PASSWORD: ADMIN.password, MYPAGE_OTP_COMMAND: devOtpCommand(ADMIN.email) });
    const login = await runCli(['--json', 'login'], { env });
    expect(login.code, login.stderr).toBe(0);
    expect(login.json()).toMatchObject({ storage: 'env' });
    expect(login.stderr).toContain('no keychain');
    // no stored session: the next command logs in again by itself through the OTP command
    const bills = await runCli(['--json', 'bills', 'list'], { env });
    expect(bills.code, bills.stderr).toBe(0);
    expect(bills.json().years).toContain(2023);
    expect(existsSync(path.join(configDir, 'credentials.json'))).toBe(false);
  });
});
