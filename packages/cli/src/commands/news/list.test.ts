import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { listRun, newListCommand, type ListOptions } from './list.js';

const server = useMsw();

describe('news list — parse', () => {
  it('takes no argument', async () => {
    const o = await parseVerb<ListOptions>(newListCommand, []);
    expect(typeof o.client).toBe('function');
    await expect(parseVerb<ListOptions>(newListCommand, ['extra'])).rejects.toThrow(/too many arguments/);
  });
});

describe('news list — run (R-HOME-1)', () => {
  it('shows the publication time in Japan time on a terminal (R-FMT-10)', async () => {
    const t = fakeTerminal({ tty: true });
    await listRun({ ...t, client: testClient() });
    expect(t.out()).toMatch(/2023-12-01 09:00.*メンテナンスのお知らせ/);
  });

  it('prints tab-separated rows when piped', async () => {
    const t = fakeTerminal();
    await listRun({ ...t, client: testClient() });
    expect(t.out()).toBe('2023-12-01 09:00:00\tメンテナンスのお知らせ\t12月10日 2:00〜5:00\n');
  });

  it('prints the items as JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await listRun({ ...t, client: testClient() });
    expect(JSON.parse(t.out())).toEqual([expect.objectContaining({ id: 'n1', publishedAt: '2023-12-01T09:00:00+09:00' })]);
  });

  it('without a session the server answers AUTH_REQUIRED and nothing is printed', async () => {
    server.use(http.get(`${BASE}/api/v1/news`, () => apiError('AUTH_REQUIRED')));
    const t = fakeTerminal();
    await expect(listRun({ ...t, client: testClient() })).rejects.toMatchObject({ code: 'AUTH_REQUIRED' });
    expect(t.out()).toBe('');
  });
});
