import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, scripted, testClient, useMsw } from '../../testing.js';
import { newResetCommand, resetRun, type ResetOptions } from './reset.js';

useMsw();
const client = testClient({ withSession: false });
const link = 'http://127.0.0.1:8787/regist/password/0123456789ABCDEF0123456789ABCDEF';

describe('recover reset — parse', () => {
  it('takes the link, --access-id and --password-stdin', async () => {
    expect(await parseVerb<ResetOptions>(newResetCommand, [link, '--access-id', 'm95au6', '--password-stdin'])).toMatchObject({ link, accessId: 'm95au6', passwordStdin: true });
  });
});

describe('recover reset — run (R-LOGIN-5, R-FMT-2)', () => {
  it('at a terminal asks for the new password twice and confirms', async () => {
    const prompter = scripted({ 'New password': 'newpass2024' });
    const t = fakeTerminal({ tty: true, prompter });
    await resetRun({ ...t, client, env: {}, link, accessId: 'm95au6', passwordStdin: false });
    expect(prompter.asked).toEqual(['New password', 'New password (again)']);
    expect(t.err()).toContain('✓ Your password has been reset. Log in with the new password.');
    expect(t.err()).not.toContain('パスワードを変更しました');
  });

  it('takes MYPAGE_NEW_PASSWORD without a terminal; JSON with --json', async () => {
    const json = fakeTerminal();
    json.io.json = true;
    await resetRun({ ...json, client, env: { MYPAGE_NEW_PASSWORD: 'newpass2024' }, link, accessId: 'm95au6', passwordStdin: false });
    expect(JSON.parse(json.out())).toEqual({ message: 'パスワードを変更しました。' });
  });

  it('without a terminal and without a new password: exit 2 naming the variable', async () => {
    const f = await failure(resetRun({ ...fakeTerminal(), client, env: {}, link, accessId: 'm95au6', passwordStdin: false }));
    expect(f.exitCode).toBe(2);
    expect((f.error as { messageEn?: string }).messageEn).toContain('MYPAGE_NEW_PASSWORD');
  });
});
