import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, scripted, testClient, useMsw } from '../../testing.js';
import { addRun, newAddCommand, type AddOptions } from './add.js';

useMsw();

describe('users add — parse', () => {
  it('collects the fields; --no-notify is false, no flag is undefined', async () => {
    expect(await parseVerb<AddOptions>(newAddCommand, ['--email', 'h@example.jp', '--name', '花子', '--role', 'general', '--no-notify'])).toMatchObject({ email: 'h@example.jp', name: '花子', role: 'general', notify: false });
    expect((await parseVerb<AddOptions>(newAddCommand, [])).notify).toBeUndefined();
    await expect(parseVerb<AddOptions>(newAddCommand, ['--role', 'root'])).rejects.toThrow(/Allowed choices/);
  });
});

describe('users add — run (R-USER-1)', () => {
  it('at a terminal asks for the missing fields and confirms on stderr', async () => {
    const prompter = scripted({ Email: 'hanako@example.jp', Name: '日本 花子', Role: 'general', 'Mail notifications?': false });
    const t = fakeTerminal({ tty: true, prompter });
    await addRun({ ...t, client: testClient() });
    expect(prompter.asked).toEqual(['Email', 'Name', 'Role', 'Mail notifications?']);
    expect(t.err()).toContain('✓ User created: 日本 花子 <hanako@example.jp> (u2, general)');
  });

  it('in a pipe prints the new id; with --json the user', async () => {
    const piped = fakeTerminal();
    await addRun({ ...piped, client: testClient(), email: 'h@example.jp', name: 'h', role: 'general', notify: true });
    expect(piped.out()).toBe('u2\n');
    const json = fakeTerminal();
    json.io.json = true;
    await addRun({ ...json, client: testClient(), email: 'h@example.jp', name: 'h', role: 'admin', notify: false });
    expect(JSON.parse(json.out())).toMatchObject({ id: 'u2', role: 'admin', notify: false });
  });

  it('without a terminal a missing --role is a usage error (exit 2), nothing sent', async () => {
    expect(await failure(addRun({ ...fakeTerminal(), client: testClient(), email: 'h@example.jp', name: 'h', notify: true }))).toMatchObject({ exitCode: 2 });
  });
});
