import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { BASE, billList, failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { listRun, newListCommand, type ListOptions } from './list.js';

const server = useMsw();

describe('bills list — parse', () => {
  it('reads --year as a number', async () => {
    expect((await parseVerb<ListOptions>(newListCommand, ['--year', '2023'])).year).toBe(2023);
    expect((await parseVerb<ListOptions>(newListCommand, [])).year).toBeUndefined();
  });

  it('a year that is not four digits is a usage error (exit 2)', async () => {
    expect(await failure(parseVerb<ListOptions>(newListCommand, ['--year', '23']))).toMatchObject({ exitCode: 2 });
  });
});

describe('bills list — run (R-BILL-1, D-1)', () => {
  it('on a terminal prints yen amounts and names only the other years under the table', async () => {
    server.use(http.get(`${BASE}/api/v1/bills`, () => HttpResponse.json({ ...billList, years: [2024, 2023], year: 2023 })));
    const t = fakeTerminal({ tty: true });
    await listRun({ ...t, client: testClient(), year: 2023 });
    expect(t.out()).toMatch(/2023-11.*3,630円/);
    expect(t.out()).toContain('Other years: 2024 (use --year)');
  });

  it('prints bare numbers, tab-separated, when piped', async () => {
    const t = fakeTerminal();
    await listRun({ ...t, client: testClient() });
    expect(t.out()).toBe('2023-11\t3630\t2023-11-01\t2023-11-26\n2023-10\t3630\t2023-10-01\t2023-10-26\n');
  });

  it('prints the whole list (years included) with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await listRun({ ...t, client: testClient() });
    expect(JSON.parse(t.out())).toEqual(billList);
  });

  it('an expired session is exit 3', async () => {
    server.use(http.get(`${BASE}/api/v1/bills`, () => HttpResponse.json({ error: { code: 'SESSION_EXPIRED', message: 'x', messageEn: 'x', requestId: 'r' } }, { status: 401 })));
    const t = fakeTerminal();
    expect(await failure(listRun({ ...t, client: testClient() }))).toMatchObject({ code: 'SESSION_EXPIRED', exitCode: 3 });
  });
});
