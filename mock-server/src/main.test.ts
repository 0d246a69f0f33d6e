import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDataDir, parseServerArgs, startServer, UsageError } from './main.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'mypage-main-'));
  dirs.push(d);
  return d;
};

describe('mypage-server flags', () => {
  it('defaults: port 8787 on 127.0.0.1, per-user data folder; --dev picks captcha none and a random operator token', () => {
    const o = parseServerArgs(['--dev'], { HOME: '/home/u', XDG_DATA_HOME: '/home/u/.data' })!;
    expect(o).toMatchObject({ port: 8787, host: '127.0.0.1', dev: true, demo: false, captcha: { mode: 'none' }, dataDir: '/home/u/.data/mypage-server' });
    expect(o.operatorToken.length).toBeGreaterThanOrEqual(20);
    expect(parseServerArgs(['--dev'], {})!.operatorToken).not.toBe(o.operatorToken);
  });

  it('R-LOGIN-6: outside --dev the robot check must be test or recaptcha; none is refused', () => {
    const env = { MYPAGE_OPERATOR_TOKEN: 'op' };
    expect(() => parseServerArgs([], env)).toThrow(UsageError);
    expect(() => parseServerArgs(['--captcha', 'none'], env)).toThrow(/only with --dev/);
    expect(() => parseServerArgs(['--captcha', 'test'], env)).toThrow(/--captcha-token/);
    expect(parseServerArgs(['--captcha', 'test', '--captcha-token', 'tok'], env)!.captcha).toEqual({ mode: 'test', token: 'tok' });
    expect(parseServerArgs(['--captcha', 'test'], { ...env, MYPAGE_CAPTCHA_TOKEN: 'tok2' })!.captcha).toEqual({ mode: 'test', token: 'tok2' });
    expect(() => parseServerArgs(['--captcha', 'recaptcha', '--recaptcha-secret', 's'], env)).toThrow(/site-key/);
    expect(
      parseServerArgs(['--captcha', 'recaptcha', '--recaptcha-secret', 's', '--recaptcha-site-key', 'k', '--recaptcha-verify-url', 'http://127.0.0.1:9/v'], env)!.captcha,
    ).toEqual({ mode: 'recaptcha', secret: 's', siteKey: 'k', verifyUrl: 'http://127.0.0.1:9/v' });
    expect(() => parseServerArgs(['--captcha', 'magic', '--dev'], env)).toThrow(/one of none, test, recaptcha/);
  });

  it('outside --dev the operator token must be given (flag or MYPAGE_OPERATOR_TOKEN)', () => {
    expect(() => parseServerArgs(['--captcha', 'test', '--captcha-token', 't'], {})).toThrow(/operator-token/);
    expect(parseServerArgs(['--captcha', 'test', '--captcha-token', 't', '--operator-token', 'abc'], {})!.operatorToken).toBe('abc');
  });

  it('bad flags are usage errors', () => {
    for (const args of [['--port', 'abc'], ['--port', '70000'], ['--port', '-1'], ['--bogus'], ['positional'], ['--smtp-url', 'http://x'], ['--public-url', 'ftp://x'], ['--port']]) {
      expect(() => parseServerArgs([...args, '--dev'], {}), args.join(' ')).toThrow(UsageError);
    }
    expect(parseServerArgs(['--help'], {})).toBeNull();
    expect(parseServerArgs(['--dev', '--port', '0', '--public-url', 'https://portal.example.jp/'], {})).toMatchObject({ port: 0, publicUrl: 'https://portal.example.jp' });
  });

  it('the per-user data folder follows the platform', () => {
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.local/share/mypage-server');
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/mypage-server');
    expect(defaultDataDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u')).toBe('/home/u/.local/share/mypage-server');
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/mypage-server');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toContain('mypage-server');
  });
});

describe('startServer (programmatic)', () => {
  it('listens on a free port, seeds the demo once, keeps data in the folder, and closes', async () => {
    const dataDir = tmp();
    const quiet = { info: () => undefined, error: () => undefined };
    // a lower scrypt cost than production's, so the test does not pay 128 MiB hashes
    const options = parseServerArgs(['--dev', '--demo', '--port', '0', '--data', dataDir, '--scrypt-n', '16384'], {})!;
    expect(options.security?.scryptN).toBe(16384);
    const s = await startServer({ ...options, logger: quiet });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const login = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessId: 'm95au6', password: 'mypage2023' }) });
    expect(login.status).toBe(200);
    const mailbox = (await (await fetch(`${s.url}/api/v1/dev/mailbox?to=taro@example.jp`)).json()) as { items: unknown[] };
    expect(mailbox.items).toHaveLength(1);
    await s.close();
    await expect(fetch(`${s.url}/api/v1/health`)).rejects.toThrow();

    // Restart on the same folder: no second seeding; the outbox is still there (D-4).
    const again = await startServer({ ...options, logger: quiet });
    const data = JSON.parse(readFileSync(path.join(dataDir, 'groups', 'bg_a.json'), 'utf8'));
    expect(data.accounts.filter((a: { accessId: string }) => a.accessId === 'm95au6')).toHaveLength(1);
    // One writer per folder (D-13): a second server on it refuses to start.
    await expect(startServer({ ...options, logger: quiet })).rejects.toThrow(`the data folder ${dataDir} is in use by another mypage-server (pid ${process.pid})`);
    const kept = (await (await fetch(`${again.url}/api/v1/dev/mailbox`)).json()) as { items: unknown[] };
    expect(kept.items).toHaveLength(1);
    await again.close();
  });

  it('without --dev the dev mailbox does not exist', async () => {
    const options = parseServerArgs(['--port', '0', '--data', tmp(), '--captcha', 'test', '--captcha-token', 't', '--operator-token', 'op'], {})!;
    const s = await startServer({ ...options, logger: { info: () => undefined, error: () => undefined } });
    const res = await fetch(`${s.url}/api/v1/dev/mailbox`);
    expect(res.status).toBe(404);
    await s.close();
  });
});
