import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { listRun, newListCommand, type ListOptions } from './list.js';

const server = useMsw();

describe('inquiry list — parse', () => {
  it('takes no argument', async () => {
    await expect(parseVerb<ListOptions>(newListCommand, ['x'])).rejects.toThrow(/too many arguments/);
    expect(typeof (await parseVerb<ListOptions>(newListCommand, [])).client).toBe('function');
  });
});

describe('inquiry list — run', () => {
  it('shows the sent time in Japan time and the status in words on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await listRun({ ...t, client: testClient() });
    expect(t.out()).toMatch(/i1.*2023-12-01 10:19:00.*その他.*請求書について.*received/);
  });

  it('prints tab-separated rows when piped', async () => {
    const t = fakeTerminal();
    await listRun({ ...t, client: testClient() });
    expect(t.out()).toBe('i1\t2023-12-01 10:19:00\tその他\t請求書について\treceived\t\n');
  });

  it('prints JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await listRun({ ...t, client: testClient() });
    expect(JSON.parse(t.out())[0]).toMatchObject({ id: 'i1', status: 'received' });
  });

  it('a general user who may not list them gets exit 5', async () => {
    server.use(http.get(`${BASE}/api/v1/inquiries`, () => apiError('FORBIDDEN')));
    expect(await failure(listRun({ ...fakeTerminal(), client: testClient() }))).toMatchObject({ exitCode: 5 });
  });

  it('terminal escapes in a subject from the server are printed visibly (no title change, no screen clear) — table and TSV', async () => {
    const { inquiry } = await import('@mypage/sdk/testing');
    const evil = { ...inquiry({ category: 'other', subject: '\u001b]0;pwned\u0007\u001b[2J請求書' }), categoryLabel: 'その他\u009b2J' };
    server.use(http.get(`${BASE}/api/v1/inquiries`, () => HttpResponse.json({ items: [evil] })));
    for (const tty of [true, false]) {
      const t = fakeTerminal({ tty });
      await listRun({ ...t, client: testClient() });
      expect(t.out()).not.toMatch(/\u001b\]|\u001b\[2J|[\u0007\u009b]/); // the table's own colours stay
      expect(t.out()).toContain('^[]0;pwned^G^[[2J請求書');
      expect(t.out()).toContain('その他\\u009B2J');
    }
  });

  it('an error message from the server holding escapes reaches the terminal visibly', async () => {
    const { MemoryStore, runInProcess, TOKEN } = await import('../../testing.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const configDir = mkdtempSync(os.tmpdir() + '/mypage-vis-');
    writeFileSync(configDir + '/config.json', JSON.stringify({ currentProfile: 'default', profiles: { default: { server: BASE, accessId: 'm95au6', storage: 'keychain' } } }));
    const store = new MemoryStore();
    await store.set('default', { accessId: 'm95au6', password: 'x', session: { token: TOKEN, expiresAt: '2099-01-01T00:00:00+09:00' } });
    server.use(http.get(`${BASE}/api/v1/inquiries`, () => apiError('FORBIDDEN', { message: '権限\u001b[2Jがありません', messageEn: 'Forbidden\u001b]0;x\u0007' })));
    const r = await runInProcess(['inquiry', 'list'], { configDir, store });
    expect(r.code).toBe(5);
    expect(r.err).not.toContain('\u001b');
    expect(r.err).toContain('Forbidden^[]0;x^G');
  });
});

