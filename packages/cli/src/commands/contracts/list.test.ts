import { describe, expect, it } from 'vitest';
import { apiError, BASE, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { http, HttpResponse } from 'msw';
import { stripVTControlCharacters } from 'node:util';
import { displayWidth } from '../../output/fit.js';
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

describe('contracts list — 80 columns and empty', () => {
  const address = { postalCode: '5340024', address1: '大阪府大阪市都島区東野田町', address2: '1丁目2番3号', building: 'メディアビル101' };
  const contract = (contractNumber: string, serviceName: string) => ({
    contractNumber, group: 'hikari', serviceName, status: '提供中', customerName: '日本　太郎', customerKana: 'ニホン　タロウ',
    startDate: '2023-12-07', registeredAddress: address, installationAddress: address,
  });

  it('contracts list fits an 80-column terminal: the contract number whole, the address cut with …', async () => {
    server.use(http.get(`${BASE}/api/v1/contracts`, () => HttpResponse.json({ items: [contract('CAF0000000001', '[100M] ファミリー'), contract('CAF0000000002', '[1G] ビジネス')] })));
    const t = fakeTerminal({ tty: true, columns: 80, lang: 'ja' });
    await listRun({ ...t, client: testClient() });
    const out = stripVTControlCharacters(t.out());
    const lines = out.trimEnd().split('\n');
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(80);
    expect(new Set(lines.map(displayWidth)).size).toBe(1);
    expect(out).toContain('CAF0000000001');
    expect(out).toContain('CAF0000000002');
    expect(out).toMatch(/大阪府大阪市[^│]*…/);
  });

  it('no contracts: said on stderr, nothing on stdout; an empty pipe and [] stay valid', async () => {
    server.use(http.get(`${BASE}/api/v1/contracts`, () => HttpResponse.json({ items: [] })));
    const t = fakeTerminal({ tty: true, lang: 'ja' });
    await listRun({ ...t, client: testClient() });
    expect(t.out()).toBe('');
    expect(t.err()).toBe('契約はありません。\n');
    const pipe = fakeTerminal();
    await listRun({ ...pipe, client: testClient() });
    expect(pipe.out()).toBe('');
    const json = fakeTerminal();
    json.io.json = true;
    await listRun({ ...json, client: testClient() });
    expect(JSON.parse(json.out())).toEqual([]);
  });
});
