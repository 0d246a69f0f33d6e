import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Factory } from '../../factory.js';
import { closeClients, fakeIO, fakeTerminal, handlers, MemoryStore, runInProcess, scripted, testClient, TOKEN } from '../../testing.js';
import { newRemoveCommand, removeRun, type RemoveOptions } from './remove.js';

const server = setupServer(...handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  server.resetHandlers();
  await closeClients();
});
afterAll(() => server.close());

let configDir: string;
beforeEach(() => {
  configDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-cli-users-'));
});
afterEach(() => rmSync(configDir, { recursive: true, force: true }));

describe('users remove — confirmation', () => {
  it('parse: --yes skips the question', async () => {
    let got: RemoveOptions | undefined;
    const f = new Factory({ io: fakeIO().io, env: {} });
    await newRemoveCommand(f, async (o) => {
      got = o;
    }).parseAsync(['usr_1', '--yes'], { from: 'user' });
    expect(got).toMatchObject({ id: 'usr_1', yes: true });
  });

  it('asks at a terminal and does nothing when the answer is no', async () => {
    const store = new MemoryStore();
    await store.set('default', { accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2023-12-01T10:29:00+09:00' } });
    const prompter = scripted({ 'Delete user usr_1?': false });
    const r = await runInProcess(['users', 'remove', 'usr_1'], { tty: true, store, configDir, prompter });
    expect(r.code).toBe(1);
    expect(r.err).toContain('Cancelled.');
    expect(prompter.asked).toEqual(['Delete user usr_1?']);
  });

  it('without a terminal demands --yes (exit 2)', async () => {
    const r = await runInProcess(['users', 'remove', 'usr_1'], { store: new MemoryStore(), configDir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--yes');
  });
});

describe('users remove — run (R-USER-2)', () => {
  it('with --yes deletes and confirms; --json prints what was removed', async () => {
    const tty = fakeTerminal({ tty: true });
    await removeRun({ ...tty, client: testClient(), id: 'u1', yes: true });
    expect(tty.err()).toContain('✓ Removed user u1');
    const json = fakeTerminal();
    json.io.json = true;
    await removeRun({ ...json, client: testClient(), id: 'u1', yes: true });
    expect(JSON.parse(json.out())).toEqual({ removed: 'u1' });
  });
});
