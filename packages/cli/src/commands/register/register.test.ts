import { describe, expect, it } from 'vitest';
import type { Prompter } from '../../iostreams.js';
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

  it('a contract number or postal code of the wrong shape given as a flag exits 2 (usage) before anything is sent', async () => {
    const bad = await failure(registerRun({ ...fakeTerminal(), client, ...fields, contract: '12345', ...flags, agreeTerms: true }));
    expect(bad).toMatchObject({ exitCode: 2 });
    expect(bad.error.message).toContain('Invalid contract number: 12345');
    const zip = await failure(registerRun({ ...fakeTerminal(), client, ...fields, postalCode: '12', ...flags, agreeTerms: true }));
    expect(zip).toMatchObject({ exitCode: 2 });
    expect(zip.error.message).toContain('Invalid postal code: 12');
  });

  it('at a terminal, 12345 as a contract number and 12 as a postal code are refused as they are typed, before the terms are agreed', async () => {
    const order: string[] = [];
    const typed: Record<string, string[]> = { Email: ['hanako@example.jp'], 'Contract number': ['12345', '123456789'], 'Postal code': ['12', '060-0001'], 'Customer name': ['サトウ ハナコ'] };
    const prompter: Prompter = {
      input: async (o) => {
        for (const v of typed[o.message] ?? []) {
          const ok = o.validate ? o.validate(v) : true;
          order.push(`${o.message}=${v}:${ok === true ? 'ok' : ok}`);
          if (ok === true) return v;
        }
        throw new Error(`no acceptable answer for ${o.message}`);
      },
      password: async () => '',
      confirm: async (o) => (order.push(`confirm ${o.message}`), true),
      select: async () => '' as never,
    };
    await registerRun({ ...fakeTerminal({ tty: true, prompter }), client, ...flags });
    expect(order).toEqual([
      'Email=hanako@example.jp:ok',
      expect.stringMatching(/^Contract number=12345:Invalid contract number: 12345/),
      'Contract number=123456789:ok',
      expect.stringMatching(/^Postal code=12:Invalid postal code: 12/),
      'Postal code=060-0001:ok',
      'Customer name=サトウ ハナコ:ok',
      'confirm Do you agree to the terms of use?',
    ]);
  });
});

