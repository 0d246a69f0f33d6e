import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { newRequestCallRecordsCommand, requestCallRecordsRun, type RequestCallRecordsOptions } from './request-call-records.js';

useMsw();
const names = { customerName: '日本 太郎', contactName: '日本 花子' };

describe('inquiry request-call-records — parse', () => {
  it('collects the names and the note', async () => {
    const o = await parseVerb<RequestCallRecordsOptions>(newRequestCallRecordsCommand, ['--customer-name', '日本 太郎', '--contact-name', '日本 花子', '--note', 'n']);
    expect(o).toMatchObject({ ...names, note: 'n' });
  });
});

describe('inquiry request-call-records — run (R-INQ-3)', () => {
  it('sends the guide\'s subject 通話明細記録の希望 and confirms on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await requestCallRecordsRun({ ...t, client: testClient(), ...names });
    expect(t.err()).toContain('通話明細記録の希望');
  });

  it('prints the id when piped and the inquiry with --json', async () => {
    const piped = fakeTerminal();
    await requestCallRecordsRun({ ...piped, client: testClient(), ...names });
    expect(piped.out()).toBe('i1\n');
    const json = fakeTerminal();
    json.io.json = true;
    await requestCallRecordsRun({ ...json, client: testClient(), ...names });
    expect(JSON.parse(json.out())).toMatchObject({ category: 'call-records', subject: '通話明細記録の希望' });
    expect(JSON.parse(json.out()).body).toContain('日本 花子');
  });

  it('without a terminal a missing name is a usage error (exit 2)', async () => {
    expect(await failure(requestCallRecordsRun({ ...fakeTerminal(), client: testClient(), customerName: 'x' }))).toMatchObject({ exitCode: 2 });
  });
});
