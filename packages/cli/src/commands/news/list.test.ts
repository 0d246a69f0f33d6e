import { stripVTControlCharacters } from 'node:util';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, fakeTerminal, parseVerb, testClient, useMsw } from '../../testing.js';
import { displayWidth } from '../../output/fit.js';
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

describe('news list — 80 columns and empty', () => {
  it('news list fits an 80-column terminal: a long body is cut with …, the date stays whole', async () => {
    const body = '12月10日 2:00〜5:00 の間、設備メンテナンスのためマイページをご利用いただけません。ご不便をおかけしますが、ご理解のほどよろしくお願いいたします。';
    server.use(http.get(`${BASE}/api/v1/news`, () => HttpResponse.json({ items: [{ id: 'n1', title: 'メンテナンスのお知らせ', body, publishedAt: '2023-12-01T09:00:00+09:00' }] })));
    const t = fakeTerminal({ tty: true, columns: 80 });
    await listRun({ ...t, client: testClient() });
    const out = stripVTControlCharacters(t.out());
    for (const l of out.trimEnd().split('\n')) expect(displayWidth(l)).toBeLessThanOrEqual(80);
    expect(out).toContain('2023-12-01 09:00:00');
    expect(out).toContain('メンテナンスのお知らせ');
    expect(out).toMatch(/12月10日[^│]*…/);
  });

  it('no news: said on stderr (Japanese or English), nothing on stdout; [] with --json', async () => {
    server.use(http.get(`${BASE}/api/v1/news`, () => HttpResponse.json({ items: [] })));
    const ja = fakeTerminal({ tty: true, lang: 'ja' });
    await listRun({ ...ja, client: testClient() });
    expect(ja.out()).toBe('');
    expect(ja.err()).toBe('お知らせはありません。\n');
    const en = fakeTerminal({ tty: true });
    await listRun({ ...en, client: testClient() });
    expect(en.err()).toBe('No news.\n');
    const json = fakeTerminal();
    json.io.json = true;
    await listRun({ ...json, client: testClient() });
    expect(JSON.parse(json.out())).toEqual([]);
  });
});
