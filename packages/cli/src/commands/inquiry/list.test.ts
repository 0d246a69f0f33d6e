import { http } from 'msw';
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
});
