import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { newPasswordCommand, passwordRun, type PasswordOptions } from './password.js';

useMsw();
const client = testClient({ withSession: false });

describe('recover password — parse', () => {
  it('takes --access-id and --email', async () => {
    expect(await parseVerb<PasswordOptions>(newPasswordCommand, ['--access-id', 'm95au6', '--email', 'taro@example.jp'])).toMatchObject({ accessId: 'm95au6', email: 'taro@example.jp' });
  });
});

describe('recover password — run (R-LOGIN-5)', () => {
  it('confirms on a terminal; JSON with --json', async () => {
    const t = fakeTerminal({ tty: true, lang: 'ja' });
    await passwordRun({ ...t, client, accessId: 'm95au6', email: 'taro@example.jp' });
    expect(t.err()).toContain('パスワード再設定用のメールを送信しました。');
    const json = fakeTerminal();
    json.io.json = true;
    await passwordRun({ ...json, client, accessId: 'm95au6', email: 'taro@example.jp' });
    expect(JSON.parse(json.out()).message).toContain('パスワード再設定');
  });

  it('in a pipe stdout stays empty; a missing --access-id is exit 2', async () => {
    const piped = fakeTerminal();
    await passwordRun({ ...piped, client, accessId: 'm95au6', email: 'taro@example.jp' });
    expect(piped.out()).toBe('');
    expect(await failure(passwordRun({ ...fakeTerminal(), client, email: 'taro@example.jp' }))).toMatchObject({ exitCode: 2 });
  });
});
