import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { user as taro } from '@mypage/sdk/testing';
import { apiError, BASE, failure, fakeTerminal, parseVerb, scripted, testClient, useMsw } from '../../testing.js';
import { newUpdateCommand, updateRun, type UpdateOptions } from './update.js';

const server = useMsw();
const hanako = { ...taro, id: 'usr_2', accessId: 'hn42kq', email: 'Hanako@example.jp', name: '日本 花子', role: 'general' as const, notify: false };

/** The group's list holds taro and hanako; PATCHes are recorded. */
function twoUsers(): { id: string; body: unknown }[] {
  const patched: { id: string; body: unknown }[] = [];
  server.use(
    http.get(`${BASE}/api/v1/users`, () => HttpResponse.json({ items: [taro, hanako] })),
    http.patch(`${BASE}/api/v1/users/:id`, async ({ request, params }) => {
      const body = (await request.json()) as object;
      patched.push({ id: String(params.id), body });
      const base = params.id === hanako.id ? hanako : taro;
      return HttpResponse.json({ ...base, ...body });
    }),
  );
  return patched;
}

describe('users update — parse', () => {
  it('builds the patch from the flags given; no flag is an empty patch (the run decides)', async () => {
    expect(await parseVerb<UpdateOptions>(newUpdateCommand, ['u1', '--role', 'general', '--no-notify'])).toMatchObject({ user: 'u1', patch: { role: 'general', notify: false } });
    expect((await parseVerb<UpdateOptions>(newUpdateCommand, ['hanako@example.jp'])).patch).toEqual({});
  });
});

describe('users update — run (R-USER-2)', () => {
  it('confirms on a terminal, prints the id in a pipe, the user with --json', async () => {
    const tty = fakeTerminal({ tty: true });
    await updateRun({ ...tty, client: testClient(), user: 'u1', patch: { name: '日本 次郎' } });
    expect(tty.err()).toContain('✓ User updated: 日本 次郎');
    const piped = fakeTerminal();
    await updateRun({ ...piped, client: testClient(), user: 'u1', patch: { notify: false } });
    expect(piped.out()).toBe('u1\n');
    const json = fakeTerminal();
    json.io.json = true;
    await updateRun({ ...json, client: testClient(), user: 'u1', patch: { role: 'general' } });
    expect(JSON.parse(json.out())).toMatchObject({ id: 'u1', role: 'general' });
  });

  it('users update names a user by ID, by email (any case) or by access ID', async () => {
    const patched = twoUsers();
    for (const name of ['usr_2', 'hanako@EXAMPLE.jp', ' hanako@example.jp ', 'hn42kq', 'ｈｎ４２ｋｑ']) {
      await updateRun({ ...fakeTerminal(), client: testClient(), user: name, patch: { notify: true } });
    }
    expect(patched.map((p) => p.id)).toEqual(['usr_2', 'usr_2', 'usr_2', 'usr_2', 'usr_2']);
  });

  it('an unknown user is exit 4 naming what was asked, nothing changed; the server\'s USER_NOT_FOUND too', async () => {
    const patched = twoUsers();
    const f = await failure(updateRun({ ...fakeTerminal(), client: testClient(), user: 'jiro@example.jp', patch: { notify: true } }));
    expect(f).toMatchObject({ code: 'USER_NOT_FOUND', exitCode: 4 });
    expect(f.error.message).toBe('No such user: jiro@example.jp (name a user by ID, email or access ID)');
    expect(patched).toEqual([]);
    server.use(http.patch(`${BASE}/api/v1/users/:id`, () => apiError('USER_NOT_FOUND')));
    expect(await failure(updateRun({ ...fakeTerminal(), client: testClient(), user: 'usr_2', patch: { notify: true } }))).toMatchObject({ exitCode: 4 });
  });

  it('a name that fits two users is a usage error (exit 2) listing them, nothing changed', async () => {
    const patched = twoUsers();
    // an ID that is another user's access ID: never guessed
    server.use(http.get(`${BASE}/api/v1/users`, () => HttpResponse.json({ items: [taro, { ...hanako, id: 'm95au6' }] })));
    const f = await failure(updateRun({ ...fakeTerminal(), client: testClient(), user: 'm95au6', patch: { notify: true } }));
    expect(f).toMatchObject({ exitCode: 2 });
    expect(f.error.message).toContain('"m95au6" matches 2 users; name one by ID:');
    expect(f.error.message).toContain('u1  日本 太郎 <taro@example.jp> (admin, access ID m95au6)');
    expect(patched).toEqual([]);
  });

  it('users update with no flags asks at a terminal what to change (current values as defaults) and sends only the changes', async () => {
    const patched = twoUsers();
    const prompter = scripted({ Email: 'hanako@example.jp', Name: ['  ', '日本 はなこ'], Role: 'admin', 'Mail notifications?': false });
    const t = fakeTerminal({ tty: true, prompter });
    await updateRun({ ...t, client: testClient(), user: 'hn42kq', patch: {} });
    expect(prompter.asked).toEqual(['Email', 'Name', 'Role', 'Mail notifications?']);
    expect(prompter.refused).toEqual(['Name=  : Name is required (ユーザ名を入力してください。)']);
    // the email differs only in case from the stored one: sent (the server compares it)
    expect(patched).toEqual([{ id: 'usr_2', body: { email: 'hanako@example.jp', name: '日本 はなこ', role: 'admin' } }]);
    expect(t.err()).toContain('日本 花子 <Hanako@example.jp> (general, access ID hn42kq) — press Enter to keep a value.');
    expect(t.err()).toContain('✓ User updated: 日本 はなこ');
  });

  it('at a terminal, keeping every value sends nothing and says so', async () => {
    const patched = twoUsers();
    const prompter = scripted({ Email: '', Name: '', Role: 'general', 'Mail notifications?': false });
    const t = fakeTerminal({ tty: true, prompter });
    await updateRun({ ...t, client: testClient(), user: 'usr_2', patch: {} });
    expect(patched).toEqual([]);
    expect(t.err()).toContain('Nothing changed: 日本 花子 <Hanako@example.jp>');
  });

  it('users update with no flags and no terminal is a usage error (exit 2) naming the flags, before any request', async () => {
    let made = false;
    const f = await failure(updateRun({ ...fakeTerminal(), client: async () => ((made = true), testClient()()) as never, user: 'usr_2', patch: {} }));
    expect(f).toMatchObject({ exitCode: 2 });
    expect(f.error.message).toBe('Nothing to change: pass --email, --name, --role general|admin, --notify / --no-notify (no terminal to ask on).');
    expect(made).toBe(false);
  });
});
