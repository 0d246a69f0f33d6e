import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, parseVerb, scripted, testClient, useMsw } from '../../testing.js';
import { newSendCommand, sendRun, type SendOptions } from './send.js';

const server = useMsw();

describe('inquiry send — parse', () => {
  it('collects category, subject and body', async () => {
    expect(await parseVerb<SendOptions>(newSendCommand, ['--category', 'other', '--subject', '件名', '--body', '本文'])).toMatchObject({ category: 'other', subject: '件名', body: '本文' });
  });
});

describe('inquiry send — run (R-INQ-1)', () => {
  it('at a terminal asks for category (from the server list), subject and body', async () => {
    const prompter = scripted({ Category: 'other', Subject: '請求書について', 'Body (optional)': '再発行をお願いします' });
    const t = fakeTerminal({ tty: true, prompter });
    await sendRun({ ...t, client: testClient() });
    expect(prompter.asked).toEqual(['Category', 'Subject', 'Body (optional)']);
    expect(t.err()).toContain('✓ Inquiry sent (i1: その他 / 請求書について)');
    expect(t.out()).toBe('');
  });

  it('in a pipe prints only the id', async () => {
    const t = fakeTerminal();
    await sendRun({ ...t, client: testClient(), category: 'other', subject: 's' });
    expect(t.out()).toBe('i1\n');
  });

  it('prints the inquiry as JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await sendRun({ ...t, client: testClient(), category: 'call-records', subject: 's', body: 'b' });
    expect(JSON.parse(t.out())).toMatchObject({ id: 'i1', category: 'call-records', subject: 's', body: 'b' });
  });

  it('without a terminal a missing --subject is a usage error (exit 2) naming the flag', async () => {
    const t = fakeTerminal();
    const f = await failure(sendRun({ ...t, client: testClient(), category: 'other' }));
    expect(f.exitCode).toBe(2);
    expect(f.error.message + String((f.error as { messageEn?: string }).messageEn)).toContain('--subject');
  });

  it('an unknown category is refused by the server (exit 1, nothing printed)', async () => {
    server.use(http.post(`${BASE}/api/v1/inquiries`, () => apiError('VALIDATION_FAILED')));
    const t = fakeTerminal();
    expect(await failure(sendRun({ ...t, client: testClient(), category: 'x', subject: 's' }))).toMatchObject({ code: 'VALIDATION_FAILED', exitCode: 1 });
    expect(t.out()).toBe('');
  });
});
