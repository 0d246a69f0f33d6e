import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { newStopPaperMailCommand, stopPaperMailRun, type StopPaperMailOptions } from './stop-paper-mail.js';

useMsw();

describe('inquiry stop-paper-mail — parse', () => {
  it('takes the kind and refuses others', async () => {
    expect((await parseVerb<StopPaperMailOptions>(newStopPaperMailCommand, ['direct-debit'])).kind).toBe('direct-debit');
    await expect(parseVerb<StopPaperMailOptions>(newStopPaperMailCommand, ['invoice'])).rejects.toThrow(/Allowed choices/);
  });
});

describe('inquiry stop-paper-mail — run (R-INQ-2)', () => {
  it('sends the guide\'s subject for opening notices and confirms on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await stopPaperMailRun({ ...t, client: testClient(), kind: 'opening-notice' });
    expect(t.err()).toContain('開通案内の紙発送停止希望');
  });

  it('prints the id when piped and the inquiry with --json', async () => {
    const piped = fakeTerminal();
    await stopPaperMailRun({ ...piped, client: testClient(), kind: 'direct-debit' });
    expect(piped.out()).toBe('i1\n');
    const json = fakeTerminal();
    json.io.json = true;
    await stopPaperMailRun({ ...json, client: testClient(), kind: 'direct-debit', customerName: '日本 太郎' });
    expect(JSON.parse(json.out()).subject).toBe('口座振替案内書の紙発送停止希望');
  });

  it('without a session it fails with exit 3', async () => {
    expect(await failure(stopPaperMailRun({ ...fakeTerminal(), client: testClient({ withSession: false }), kind: 'direct-debit' }))).toMatchObject({ code: 'AUTH_REQUIRED', exitCode: 3 });
  });
});
