import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { listRun, newListCommand, type ListOptions } from './list.js';

const server = useMsw();

describe('calls list — parse', () => {
  it('takes the month, the filters and a numeric --limit', async () => {
    const o = await parseVerb<ListOptions>(newListCommand, ['2023-12', '--contract', 'CAF0000000001', '--phone', '0611115555', '--limit', '5']);
    expect(o).toMatchObject({ month: '2023-12', contract: 'CAF0000000001', phone: '0611115555', limit: 5 });
  });
});

describe('calls list — run (R-CALL-2)', () => {
  it('prints yen charges and JST times on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await listRun({ ...t, client: testClient(), month: '2023-12' });
    expect(t.out()).toMatch(/2023-12-01 10:01:00.*ひかり電話・県内.*0611115555.*0638846327.*8円/);
  });

  it('prints bare values, tab-separated, when piped; --limit cuts the list', async () => {
    const t = fakeTerminal();
    await listRun({ ...t, client: testClient(), month: '2023/12', limit: 1 });
    expect(t.out().trim().split('\n')).toHaveLength(1);
    expect(t.out()).toMatch(/^2023-12-01 10:01:00\tひかり電話・県内\t0611115555\t0638846327\t\S+\t8\n$/);
  });

  it('prints the records as JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await listRun({ ...t, client: testClient(), month: '2023-12' });
    expect(JSON.parse(t.out()).map((r: { id: string }) => r.id)).toEqual(['2023-12-1', '2023-12-2']);
  });

  it('--limit 0 is a usage error (exit 2) before any request', async () => {
    const t = fakeTerminal();
    expect(await failure(listRun({ ...t, client: testClient(), month: '2023-12', limit: 0 }))).toMatchObject({ exitCode: 2 });
  });

  it('a billing group without call records gets the server error (exit 1)', async () => {
    server.use(http.get(`${BASE}/api/v1/bills/:month/call-records`, () => apiError('CALL_RECORDS_NOT_ENABLED')));
    const t = fakeTerminal();
    const f = await failure(listRun({ ...t, client: testClient(), month: '2023-12' }));
    expect(f.code).toBe('CALL_RECORDS_NOT_ENABLED');
  });
});
