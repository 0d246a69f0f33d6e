import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, scripted, testClient, useMsw } from '../../testing.js';
import { newStopPaperMailCommand, stopPaperMailRun, type StopPaperMailOptions } from './stop-paper-mail.js';

const server = useMsw();
const names = { customerName: '日本 太郎', contactName: '日本 花子' };

describe('inquiry stop-paper-mail — parse', () => {
  it('takes the kind and refuses others', async () => {
    expect((await parseVerb<StopPaperMailOptions>(newStopPaperMailCommand, ['direct-debit'])).kind).toBe('direct-debit');
    await expect(parseVerb<StopPaperMailOptions>(newStopPaperMailCommand, ['invoice'])).rejects.toThrow(/Allowed choices/);
  });
});

describe('inquiry stop-paper-mail — run (R-INQ-2)', () => {
  it('sends the guide\'s subject for opening notices and confirms on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await stopPaperMailRun({ ...t, client: testClient(), kind: 'opening-notice', ...names });
    expect(t.err()).toContain('開通案内の紙発送停止希望');
  });

  it('prints the id when piped and the inquiry with --json', async () => {
    const piped = fakeTerminal();
    await stopPaperMailRun({ ...piped, client: testClient(), kind: 'direct-debit', ...names });
    expect(piped.out()).toBe('i1\n');
    const json = fakeTerminal();
    json.io.json = true;
    await stopPaperMailRun({ ...json, client: testClient(), kind: 'direct-debit', ...names });
    expect(JSON.parse(json.out()).subject).toBe('口座振替案内書の紙発送停止希望');
  });

  it('without a session it fails with exit 3', async () => {
    expect(await failure(stopPaperMailRun({ ...fakeTerminal(), client: testClient({ withSession: false }), kind: 'direct-debit', ...names }))).toMatchObject({ code: 'AUTH_REQUIRED', exitCode: 3 });
  });

  it('at a terminal asks for お客様名 and ご担当者名 and sends them (it sent an empty body)', async () => {
    let sent = '';
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST') sent += await request.clone().text();
    });
    const prompter = scripted({ 'Customer name': '日本 太郎', 'Contact name': '日本 花子' });
    await stopPaperMailRun({ ...fakeTerminal({ tty: true, prompter }), client: testClient(), kind: 'opening-notice' });
    expect(prompter.asked).toEqual(['Customer name', 'Contact name']);
    server.events.removeAllListeners();
    expect(sent).toContain('日本 太郎');
    expect(sent).toContain('日本 花子');
  });

  it('without a terminal and without the names: exit 2, nothing sent', async () => {
    expect(await failure(stopPaperMailRun({ ...fakeTerminal(), client: testClient(), kind: 'direct-debit' }))).toMatchObject({ exitCode: 2 });
  });
});

