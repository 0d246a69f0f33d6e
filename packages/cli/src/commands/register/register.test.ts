import { describe, expect, it } from 'vitest';
import type { Prompter } from '../../iostreams.js';
import { failure, fakeTerminal, parseVerb, scripted, testClient, useMsw } from '../../testing.js';
import { newRegisterCommand, registerRun, type RegisterOptions } from './register.js';

const server = useMsw();
const client = testClient({ withSession: false });
const fields = { email: 'hanako@example.jp', contract: '123456789', postalCode: '060-0001', name: 'サトウ ハナコ' };
const flags = { agreeTerms: false, showTerms: false, showDesignations: false };

/** `METHOD path body` of each request the run makes (msw sees them all). */
function recordRequests(): string[] {
  const seen: string[] = [];
  server.events.removeAllListeners();
  server.events.on('request:start', async ({ request }) => {
    const body = request.method === 'GET' ? '' : await request.clone().text();
    seen.push(`${request.method} ${new URL(request.url).pathname} ${body}`.trim());
  });
  return seen;
}

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
    expect(bad.error.message).toContain('--contract 12345: contract number must be one of');
    const zip = await failure(registerRun({ ...fakeTerminal(), client, ...fields, postalCode: '12', ...flags, agreeTerms: true }));
    expect(zip).toMatchObject({ exitCode: 2 });
    expect(zip.error.message).toContain('--postal-code 12: postal code must be 7 digits');
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
      expect.stringMatching(/^Contract number=12345:Contract number must be one of: .* \(契約番号の形式が正しくありません（CAF\+10桁/),
      'Contract number=123456789:ok',
      expect.stringMatching(/^Postal code=12:Postal code must be 7 digits .*\(郵便番号は7桁の数字で入力してください。\)$/),
      'Postal code=060-0001:ok',
      'Customer name=サトウ ハナコ:ok',
      'confirm Do you agree to the terms of use?',
    ]);
  });

  it('registration prompts check each answer as it is typed (email, contract number, postal code, customer name) with the portal\'s messages, and ask again — all before the terms', async () => {
    const requests = recordRequests();
    const prompter = scripted({
      メールアドレス: ['hanako@', 'hanako example.jp', 'hanako@example.jp'],
      契約番号: ['12345', 'CAF123', '2NCAF0000000001'],
      郵便番号: ['12', '534-00245', '534-0024'],
      お客様名: ['サトウ\u001b[2Jハナコ', 'ア'.repeat(101), 'サトウ ハナコ'],
      利用規約に同意しますか: true,
    });
    const t = fakeTerminal({ tty: true, prompter, lang: 'ja' });
    await registerRun({ ...t, client, ...flags });
    expect(prompter.asked.at(-1)).toBe('利用規約に同意しますか？');
    expect(prompter.refused).toEqual([
      'メールアドレス=hanako@: メールアドレスの形式が正しくありません（例: taro@example.jp）。 (Email must be an address such as taro@example.jp)',
      'メールアドレス=hanako example.jp: メールアドレスの形式が正しくありません（例: taro@example.jp）。 (Email must be an address such as taro@example.jp)',
      expect.stringMatching(/^契約番号=12345: 契約番号の形式が正しくありません（CAF\+10桁, COP\+8桁, 数字10桁, 数字9桁）。 \(Contract number must be one of/),
      expect.stringMatching(/^契約番号=CAF123: 契約番号の形式が正しくありません/),
      '郵便番号=12: 郵便番号は7桁の数字で入力してください。 (Postal code must be 7 digits (534-0024 is accepted))',
      '郵便番号=534-00245: 郵便番号は7桁の数字で入力してください。 (Postal code must be 7 digits (534-0024 is accepted))',
      'お客様名=サトウ\u001b[2Jハナコ: お客様名に使用できない文字（制御文字など）が含まれています。 (Customer name must not contain control characters)',
      `お客様名=${'ア'.repeat(101)}: お客様名は100文字以内で入力してください。 (Customer name must be at most 100 characters)`,
    ]);
    // nothing was sent before every field was accepted: then the terms, then the registration
    expect(requests.map((r) => r.split(' ')[0])).toEqual(['GET', 'POST']);
    expect(requests[1]).toContain('/registrations {"email":"hanako@example.jp","contractNumber":"CAF0000000001","postalCode":"5340024","customerName":"サトウ ハナコ"');
  });

  it('an email or customer name the server would refuse, given as a flag, is a usage error (exit 2) before anything is sent', async () => {
    const requests = recordRequests();
    const counting = client;
    const email = await failure(registerRun({ ...fakeTerminal(), client: counting, ...fields, email: 'hanako@', ...flags, agreeTerms: true }));
    expect(email).toMatchObject({ exitCode: 2 });
    expect(email.error.message).toContain('--email hanako@: email must be an address');
    const name = await failure(registerRun({ ...fakeTerminal({ lang: 'ja' }), client: counting, ...fields, name: 'a'.repeat(101), ...flags, agreeTerms: true }));
    expect(name).toMatchObject({ exitCode: 2 });
    expect((name.error as { messageJa?: string }).messageJa).toContain('お客様名は100文字以内で入力してください。');
    expect(requests).toEqual([]);
  });
});
