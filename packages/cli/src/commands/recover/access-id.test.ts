import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, parseVerb, scripted, testClient, useMsw } from '../../testing.js';
import { accessIdRun, newAccessIdCommand, type AccessIdOptions } from './access-id.js';

const server = useMsw();
const client = testClient({ withSession: false });

describe('recover access-id — parse', () => {
  it('takes --email', async () => {
    expect((await parseVerb<AccessIdOptions>(newAccessIdCommand, ['--email', 'taro@example.jp'])).email).toBe('taro@example.jp');
  });
});

describe('recover access-id — run (R-LOGIN-5)', () => {
  it('at a terminal asks for the address and shows the portal\'s message', async () => {
    const prompter = scripted({ 'Registered email': 'taro@example.jp' });
    const t = fakeTerminal({ tty: true, prompter });
    await accessIdRun({ ...t, client });
    expect(t.err()).toContain('✓ If this email address is registered, your access ID has been sent to it.');
  });

  it('the confirmation is English under --lang en (it stayed Japanese) and the portal\'s Japanese under ja', async () => {
    const ja = fakeTerminal({ tty: true, lang: 'ja' });
    await accessIdRun({ ...ja, client, email: 'taro@example.jp' });
    expect(ja.err()).toContain('✓ アクセスIDをメールで送信しました。');
    expect(ja.err()).not.toContain('If this email');
  });

  it('prints nothing on stdout when piped; the message as JSON with --json', async () => {
    const piped = fakeTerminal();
    await accessIdRun({ ...piped, client, email: 'taro@example.jp' });
    expect(piped.out()).toBe('');
    const json = fakeTerminal();
    json.io.json = true;
    await accessIdRun({ ...json, client, email: 'taro@example.jp' });
    expect(JSON.parse(json.out())).toEqual({ message: 'アクセスIDをメールで送信しました。' });
  });

  it('without a terminal a missing --email is exit 2; a throttled server is an error', async () => {
    expect(await failure(accessIdRun({ ...fakeTerminal(), client }))).toMatchObject({ exitCode: 2 });
    server.use(http.post(`${BASE}/api/v1/recovery/access-id`, () => apiError('RATE_LIMITED', {}, { 'Retry-After': '0' })));
    expect((await failure(accessIdRun({ ...fakeTerminal(), client: testClient({ withSession: false }), email: 'x@example.jp' }))).code).toBe('RATE_LIMITED');
  });
});
