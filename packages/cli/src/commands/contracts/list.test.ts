import { describe, expect, it } from 'vitest';
import { apiError, BASE, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { http } from 'msw';
import { listRun, newListCommand, type ListOptions } from './list.js';

const server = useMsw();

describe('contracts list — parse', () => {
  it('passes --group through', async () => {
    const o = await parseVerb<ListOptions>(newListCommand, ['--group', 'hikari']);
    expect(o.group).toBe('hikari');
  });

  it('refuses a group that is neither hikari nor other', async () => {
    await expect(parseVerb<ListOptions>(newListCommand, ['--group', 'mobile'])).rejects.toThrow(/Allowed choices are hikari, other/);
  });
});

describe('contracts list — run (R-CON-1/2)', () => {
  it('prints a table on a terminal', async () => {
    const t = fakeTerminal({ tty: true });
    await listRun({ ...t, client: testClient() });
    expect(t.out()).toContain('┌');
    expect(t.out()).toMatch(/CAF0000000001.*hikari.*\[100M\] ファミリー/);
  });

  it('prints tab-separated rows without colour when piped', async () => {
    const t = fakeTerminal();
    await listRun({ ...t, client: testClient() });
    expect(t.out()).toBe('CAF0000000001\thikari\t[100M] ファミリー\t日本　太郎\t大阪府大阪市都島区東野田町 1-1\n');
  });

  it('prints JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await listRun({ ...t, client: testClient() });
    expect(JSON.parse(t.out())[0].contractNumber).toBe('CAF0000000001');
  });

  it('a session the server no longer knows is an error the CLI maps to exit 3', async () => {
    server.use(http.get(`${BASE}/api/v1/contracts`, () => apiError('SESSION_EXPIRED')));
    const t = fakeTerminal();
    await expect(listRun({ ...t, client: testClient() })).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(t.out()).toBe('');
  });
});
