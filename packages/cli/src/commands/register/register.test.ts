import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, scripted, testClient, useMsw } from '../../testing.js';
import { newRegisterCommand, registerRun, type RegisterOptions } from './register.js';

useMsw();
const client = testClient({ withSession: false });
const fields = { email: 'hanako@example.jp', contract: '123456789', postalCode: '060-0001', name: 'サトウ ハナコ' };
const flags = { agreeTerms: false, showTerms: false, showDesignations: false };

describe('register — parse', () => {
  it('collects the fields and the switches (off by default)', async () => {
    const o = await parseVerb<RegisterOptions>(newRegisterCommand, ['--email', 'hanako@example.jp', '--contract', '123456789', '--postal-code', '060-0001', '--name', 'サトウ ハナコ', '--agree-terms']);
    expect(o).toMatchObject({ ...fields, agreeTerms: true, showTerms: false, showDesignations: false });
  });
});

describe('register — run (R-REG-2..4)', () => {
  it('at a terminal shows the terms and asks for agreement before registering', async () => {
    const prompter = scripted({ 'Do you agree to the terms of use?': true });
    const t = fakeTerminal({ tty: true, prompter });
    await registerRun({ ...t, client, ...fields, ...flags });
    expect(t.err()).toContain('マイページ利用規約 (2023-07)');
    expect(t.err()).toContain('A mail to h***@example.jp carries a URL');
  });

  it('--show-terms prints the terms on stdout; --show-designations a table when piped', async () => {
    const terms = fakeTerminal();
    await registerRun({ ...terms, client, ...flags, showTerms: true });
    expect(terms.out()).toBe('マイページ利用規約 (2023-07)\n\n第1条（目的）…\n');
    const designations = fakeTerminal();
    await registerRun({ ...designations, client, ...flags, showDesignations: true });
    expect(designations.out()).toBe('株式会社\tカブシキガイシャ\t(株) ㈱\n');
  });

  it('prints the server\'s answer as JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await registerRun({ ...t, client, ...fields, ...flags, agreeTerms: true });
    expect(JSON.parse(t.out())).toEqual({ message: '登録用のメールを送信しました。', sentTo: 'h***@example.jp' });
  });

  it('without a terminal and without --agree-terms: exit 2, nothing sent', async () => {
    expect(await failure(registerRun({ ...fakeTerminal(), client, ...fields, ...flags }))).toMatchObject({ exitCode: 2 });
  });
});
