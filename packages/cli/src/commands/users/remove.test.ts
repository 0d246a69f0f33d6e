import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Factory } from '../../factory.js';
import { BASE, closeClients, failure, fakeIO, fakeTerminal, handlers, MemoryStore, runInProcess, scripted, testClient, TOKEN } from '../../testing.js';
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
    }).parseAsync(['hanako@example.jp', '--yes'], { from: 'user' });
    expect(got).toMatchObject({ user: 'hanako@example.jp', yes: true });
  });

  it('asks at a terminal and does nothing when the answer is no', async () => {
    writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ currentProfile: 'default', profiles: { default: { server: BASE, accessId: 'm95au6', storage: 'keychain' } } }));
    const store = new MemoryStore();
    await store.set('default', { accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2099-01-01T00:00:00+09:00' } });
    const prompter = scripted({ 'Delete user': false });
    const r = await runInProcess(['users', 'remove', 'u1'], { tty: true, store, configDir, prompter });
    expect(r.code).toBe(1);
    expect(r.err).toContain('Cancelled.');
    expect(prompter.asked).toEqual(['Delete user 日本 太郎 <taro@example.jp> (admin, access ID m95au6)?']);
  });

  it('without a terminal demands --yes (exit 2)', async () => {
    const r = await runInProcess(['users', 'remove', 'u1'], { store: new MemoryStore(), configDir });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--yes');
  });
});

describe('users remove — run (R-USER-2)', () => {
  it('with --yes deletes and confirms; --json prints what was removed', async () => {
    const tty = fakeTerminal({ tty: true });
    await removeRun({ ...tty, client: testClient(), user: 'u1', yes: true });
    expect(tty.err()).toContain('✓ Removed user 日本 太郎 <taro@example.jp> (admin, access ID m95au6)');
    const json = fakeTerminal();
    json.io.json = true;
    await removeRun({ ...json, client: testClient(), user: 'u1', yes: true });
    expect(JSON.parse(json.out())).toEqual({ removed: 'u1' });
  });

  it('users remove names a user by email or access ID and deletes that user\'s ID', async () => {
    const deleted: string[] = [];
    server.use(http.delete(`${BASE}/api/v1/users/:id`, ({ params }) => (deleted.push(String(params.id)), new HttpResponse(null, { status: 204 }))));
    await removeRun({ ...fakeTerminal(), client: testClient(), user: 'TARO@example.jp', yes: true });
    await removeRun({ ...fakeTerminal(), client: testClient(), user: 'm95au6', yes: true });
    expect(deleted).toEqual(['u1', 'u1']);
  });

  it('the delete confirmation names the user (email, name, role), in Japanese too', async () => {
    const prompter = scripted({ ユーザ: true });
    const t = fakeTerminal({ tty: true, prompter, lang: 'ja' });
    await removeRun({ ...t, client: testClient(), user: 'taro@example.jp', yes: false });
    expect(prompter.asked).toEqual(['ユーザ 日本 太郎 <taro@example.jp>（管理者、アクセスID m95au6） を削除しますか？']);
    expect(t.err()).toContain('✓ ユーザを削除しました: 日本 太郎 <taro@example.jp>（管理者、アクセスID m95au6）');
  });

  it('an unknown user is exit 4 and nothing is deleted, even with --yes', async () => {
    const deleted: string[] = [];
    server.use(http.delete(`${BASE}/api/v1/users/:id`, ({ params }) => (deleted.push(String(params.id)), new HttpResponse(null, { status: 204 }))));
    const f = await failure(removeRun({ ...fakeTerminal(), client: testClient(), user: 'usr_404', yes: true }));
    expect(f).toMatchObject({ code: 'USER_NOT_FOUND', exitCode: 4 });
    expect(deleted).toEqual([]);
  });
});
