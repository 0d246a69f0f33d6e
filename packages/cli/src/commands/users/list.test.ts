import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { listRun, newListCommand, type ListOptions } from './list.js';

const server = useMsw();

describe('users list — parse', () => {
  it('takes no argument', async () => {
    await expect(parseVerb<ListOptions>(newListCommand, ['x'])).rejects.toThrow(/too many arguments/);
  });
});

describe('users list — run (R-USER-2)', () => {
  it('shows role and notification in words on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await listRun({ ...t, client: testClient() });
    expect(t.out()).toMatch(/u1.*m95au6.*taro@example\.jp.*日本 太郎.*admin.*yes.*active/);
  });

  it('in Japanese with --lang ja', async () => {
    const t = fakeTerminal({ lang: 'ja' });
    await listRun({ ...t, client: testClient() });
    expect(t.out()).toBe('u1\tm95au6\ttaro@example.jp\t日本 太郎\t管理者\tあり\t有効\n');
  });

  it('prints JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await listRun({ ...t, client: testClient() });
    expect(JSON.parse(t.out())[0]).toMatchObject({ id: 'u1', role: 'admin' });
  });

  it('a general user is refused (exit 5)', async () => {
    server.use(http.get(`${BASE}/api/v1/users`, () => apiError('FORBIDDEN')));
    expect(await failure(listRun({ ...fakeTerminal(), client: testClient() }))).toMatchObject({ code: 'FORBIDDEN', exitCode: 5 });
  });
});
