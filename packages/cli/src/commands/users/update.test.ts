import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { newUpdateCommand, updateRun, type UpdateOptions } from './update.js';

const server = useMsw();

describe('users update — parse', () => {
  it('builds the patch from the flags given', async () => {
    expect((await parseVerb<UpdateOptions>(newUpdateCommand, ['u1', '--role', 'general', '--no-notify'])).patch).toEqual({ role: 'general', notify: false });
  });

  it('nothing to change is a usage error (exit 2)', async () => {
    expect(await failure(parseVerb<UpdateOptions>(newUpdateCommand, ['u1']))).toMatchObject({ exitCode: 2 });
  });
});

describe('users update — run (R-USER-2)', () => {
  it('confirms on a terminal, prints the id in a pipe, the user with --json', async () => {
    const tty = fakeTerminal({ tty: true });
    await updateRun({ ...tty, client: testClient(), id: 'u1', patch: { name: '日本 次郎' } });
    expect(tty.err()).toContain('✓ User updated: 日本 次郎');
    const piped = fakeTerminal();
    await updateRun({ ...piped, client: testClient(), id: 'u1', patch: { notify: false } });
    expect(piped.out()).toBe('u1\n');
    const json = fakeTerminal();
    json.io.json = true;
    await updateRun({ ...json, client: testClient(), id: 'u1', patch: { role: 'general' } });
    expect(JSON.parse(json.out())).toMatchObject({ id: 'u1', role: 'general' });
  });

  it('an unknown user is exit 4', async () => {
    server.use(http.patch(`${BASE}/api/v1/users/:id`, () => apiError('USER_NOT_FOUND')));
    expect(await failure(updateRun({ ...fakeTerminal(), client: testClient(), id: 'nobody', patch: { notify: true } }))).toMatchObject({ exitCode: 4 });
  });
});
