import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, scripted, testClient, useMsw } from '../../testing.js';
import { completeRun, newCompleteCommand, type CompleteOptions } from './complete.js';

useMsw();
const client = testClient({ withSession: false });
const link = 'http://127.0.0.1:8787/regist/new/0123456789ABCDEF0123456789ABCDEF';

describe('register complete — parse', () => {
  it('takes the link and the flags', async () => {
    const o = await parseVerb<CompleteOptions>(newCompleteCommand, [link, '--access-id', 'ab12cd', '--temporary-password', '533ne4p3']);
    expect(o).toMatchObject({ link, accessId: 'ab12cd', temporaryPassword: '533ne4p3', passwordStdin: false });
  });
});

describe('register complete — run (R-REG-5)', () => {
  it('at a terminal asks for what is missing and names the next command', async () => {
    const prompter = scripted({ 'Access ID': 'ab12cd', 'Temporary password': '533ne4p3', 'New password': 'newpass2024' });
    const t = fakeTerminal({ tty: true, prompter });
    await completeRun({ ...t, client, env: {}, link, passwordStdin: false });
    expect(prompter.asked).toEqual(['Access ID', 'Temporary password', 'New password', 'New password (again)']);
    expect(t.err()).toContain('Next: mypage login --access-id ab12cd');
  });

  it('takes the passwords from the environment; JSON with --json; stdout empty otherwise', async () => {
    const env = { MYPAGE_TEMPORARY_PASSWORD: '533ne4p3', MYPAGE_NEW_PASSWORD: 'newpass2024' };
    const json = fakeTerminal();
    json.io.json = true;
    await completeRun({ ...json, client, env, link, accessId: 'ab12cd', passwordStdin: false });
    expect(JSON.parse(json.out())).toEqual({ accessId: 'ab12cd', message: '登録が完了しました。', linkExpiresAt: '2023-12-11T10:19:00+09:00' });
    const piped = fakeTerminal();
    await completeRun({ ...piped, client, env, link, accessId: 'ab12cd', passwordStdin: false });
    expect(piped.out()).toBe('');
  });

  it('without a terminal a missing temporary password is exit 2 naming the variable', async () => {
    const f = await failure(completeRun({ ...fakeTerminal(), client, env: {}, link, accessId: 'ab12cd', passwordStdin: false }));
    expect(f.exitCode).toBe(2);
    expect((f.error as { messageEn?: string }).messageEn).toContain('MYPAGE_TEMPORARY_PASSWORD');
  });

  it('register complete checks the access ID, the temporary password and the new password as they are typed, and asks again', async () => {
    const prompter = scripted({
      'Access ID': ['ab12c', 'ab12cd'],
      'Temporary password': ['533ne4p', '533ne4p3'],
      'New password': ['533ne4p3', 'Newpass2024', 'newpass', 'newpass2024'],
      'New password (again)': 'newpass2024',
    });
    const t = fakeTerminal({ tty: true, prompter });
    await completeRun({ ...t, client, env: {}, link, passwordStdin: false });
    expect(prompter.refused).toEqual([
      'Access ID=ab12c: Access ID is 6 lowercase letters and digits (e.g. m95au6) (アクセスIDは半角英小文字と数字の6文字です（例: m95au6）。)',
      'Temporary password=533ne4p: The temporary password is the 8 letters and digits from the mail (仮パスワードはメールに記載の半角英数字8文字です。)',
      'New password=533ne4p3: Choose a password other than the temporary one (仮パスワードと異なるパスワードを設定してください。)',
      'New password=Newpass2024: Only lowercase letters a–z and digits 0–9 (パスワードに使用できるのは半角英小文字と数字のみです。)',
      'New password=newpass: Must be 8–32 characters (パスワードは半角8文字以上32文字以下で入力してください。)',
    ]);
    expect(t.err()).toContain('Next: mypage login --access-id ab12cd');
  });

  it('an access ID or temporary password that cannot be right, given as a flag or variable, is exit 2 — the secret is not repeated', async () => {
    const id = await failure(completeRun({ ...fakeTerminal(), client, env: { MYPAGE_TEMPORARY_PASSWORD: '533ne4p3' }, link, accessId: 'ab-12', passwordStdin: false }));
    expect(id).toMatchObject({ exitCode: 2 });
    expect(id.error.message).toContain('--access-id ab-12: access ID is 6 lowercase letters and digits');
    const tmp = await failure(completeRun({ ...fakeTerminal(), client, env: { MYPAGE_TEMPORARY_PASSWORD: 'secret-9' }, link, accessId: 'ab12cd', passwordStdin: false }));
    expect(tmp).toMatchObject({ exitCode: 2 });
    expect(tmp.error.message).toBe('MYPAGE_TEMPORARY_PASSWORD: the temporary password is the 8 letters and digits from the mail');
  });
});
