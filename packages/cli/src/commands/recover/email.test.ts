import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { emailRun, newEmailCommand, type EmailOptions } from './email.js';

const server = useMsw();
const client = testClient({ withSession: false });
const who = { contract: 'CAF0000000001', postalCode: '534-0024', name: '日本 太郎' };

describe('recover email — parse', () => {
  it('takes contract, postal code and name', async () => {
    expect(await parseVerb<EmailOptions>(newEmailCommand, ['--contract', 'CAF0000000001', '--postal-code', '534-0024', '--name', '日本 太郎'])).toMatchObject(who);
  });
});

describe('recover email — run (R-LOGIN-5)', () => {
  it('shows the answer on a terminal, JSON with --json, nothing on stdout in a pipe', async () => {
    const t = fakeTerminal({ tty: true, lang: 'ja' });
    await emailRun({ ...t, client, ...who });
    expect(t.err()).toContain('ご本人確認ができました。');
    const piped = fakeTerminal();
    await emailRun({ ...piped, client, ...who });
    expect(piped.out()).toBe('');
    const json = fakeTerminal();
    json.io.json = true;
    await emailRun({ ...json, client, ...who });
    expect(JSON.parse(json.out())).toEqual({ message: 'ご本人確認ができました。' });
  });

  it('a customer the server cannot verify gets its error', async () => {
    server.use(http.post(`${BASE}/api/v1/recovery/email`, () => apiError('VALIDATION_FAILED')));
    expect(await failure(emailRun({ ...fakeTerminal(), client, ...who }))).toMatchObject({ code: 'VALIDATION_FAILED', exitCode: 1 });
  });
});
