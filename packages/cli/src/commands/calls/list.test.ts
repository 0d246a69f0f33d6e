import { http, HttpResponse } from 'msw';
import { stripVTControlCharacters } from 'node:util';
import { displayWidth } from '../../output/fit.js';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { callsFooter, listRun, newListCommand, type ListOptions } from './list.js';

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

describe('calls list — 80 columns, the total line, empty months', () => {
  it('calls list fits an 80-column terminal without cutting a number, date or amount', async () => {
    const t = fakeTerminal({ tty: true, columns: 80 });
    await listRun({ ...t, client: testClient(), month: '2023-12' });
    const out = stripVTControlCharacters(t.out());
    for (const l of out.trimEnd().split('\n')) expect(displayWidth(l)).toBeLessThanOrEqual(80);
    expect(out).toMatch(/2023-12-01 10:01:00│ひかり電話・県内│0611115555│0638846327│/);
  });

  it('calls list ends with the count and the total (57件 / 2,024円) on a terminal', async () => {
    const ja = fakeTerminal({ tty: true, lang: 'ja' });
    await listRun({ ...ja, client: testClient(), month: '2023-12' });
    const records = await (await testClient()()).calls.page('2023-12');
    const total = records.items.reduce((s, r) => s + r.charge, 0);
    expect(ja.out().trimEnd().split('\n').at(-1)).toBe(`2件 / ${total.toLocaleString('ja-JP')}円`);
    const en = fakeTerminal({ tty: true });
    await listRun({ ...en, client: testClient(), month: '2023-12' });
    expect(en.out().trimEnd().split('\n').at(-1)).toBe(`2 calls / ${total.toLocaleString('ja-JP')}円`);
  });

  it('the count and total line: thousands separated, one call in the singular', () => {
    const r = { id: 'x', contractNumber: 'CAF0000000001', startedAt: '2023-12-01T10:00:00+09:00', usageType: '移動体', from: '0611112222', to: '09030606544', durationSeconds: 5 };
    const many = Array.from({ length: 1234 }, () => ({ ...r, charge: 16 }));
    expect(callsFooter(many, (ja) => ja)).toBe('1,234件 / 19,744円');
    expect(callsFooter([{ ...r, charge: 16 }], (_ja, en) => en)).toBe('1 call / 16円');
  });

  it('a pipe and --json get no total line: rows only, and the JSON array as before', async () => {
    const pipe = fakeTerminal();
    await listRun({ ...pipe, client: testClient(), month: '2023-12' });
    expect(pipe.out().trim().split('\n').every((l) => l.split('\t').length === 6)).toBe(true);
    const json = fakeTerminal({ tty: true });
    json.io.json = true;
    await listRun({ ...json, client: testClient(), month: '2023-12' });
    expect(Array.isArray(JSON.parse(json.out()))).toBe(true);
  });

  it('a month without calls says so instead of a bare header', async () => {
    server.use(http.get(`${BASE}/api/v1/bills/:month/call-records`, ({ params }) => HttpResponse.json({ month: String(params.month), items: [], nextCursor: null })));
    const t = fakeTerminal({ tty: true, lang: 'ja' });
    await listRun({ ...t, client: testClient(), month: '2024-01' });
    expect(t.out()).toBe('');
    expect(t.err()).toBe('2024-01 の通話明細はありません。\n');
    const pipe = fakeTerminal();
    await listRun({ ...pipe, client: testClient(), month: '2024-01' });
    expect(pipe.out()).toBe('');
  });
});
