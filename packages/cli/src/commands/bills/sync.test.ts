import { existsSync } from 'node:fs';
import path from 'node:path';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, failure, fakeTerminal, parseVerb, testClient, useMsw, useTempDir } from '../../testing.js';
import { newSyncCommand, syncRun, type SyncOptions } from './sync.js';

const server = useMsw();
const dir = useTempDir();

describe('bills sync — parse', () => {
  it('takes --since, --until and --dir', async () => {
    expect(await parseVerb<SyncOptions>(newSyncCommand, ['--since', '2023-10', '--until', '2023-11', '--dir', 'b'])).toMatchObject({ since: '2023-10', until: '2023-11', dir: 'b' });
  });
});

describe('bills sync — run', () => {
  it('keeps each billed month as JSON and PDF, then reports what it added', async () => {
    const t = fakeTerminal({ tty: true });
    await syncRun({ ...t, client: testClient(), since: '2023-10', dir: dir() });
    const files = ['bill-2023-10.json', 'invoice-2023-10.pdf', 'bill-2023-11.json', 'invoice-2023-11.pdf'];
    for (const f of files) expect(existsSync(path.join(dir(), f)), f).toBe(true);
    expect(t.out()).toContain('bills sync: 4 added');
  });

  it('reports the same summary as JSON with --json (piped)', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await syncRun({ ...t, client: testClient(), since: '2023-11', dir: dir() });
    expect(JSON.parse(t.out()).added).toEqual(['bill-2023-11.json', 'invoice-2023-11.pdf']);
  });

  it('a server that refuses the listing fails the sync (exit 5) and writes no manifest', async () => {
    server.use(http.get(`${BASE}/api/v1/bills`, () => apiError('FORBIDDEN')));
    const t = fakeTerminal();
    expect(await failure(syncRun({ ...t, client: testClient(), since: '2023-10', dir: dir() }))).toMatchObject({ exitCode: 5 });
    expect(existsSync(path.join(dir(), 'manifest.json'))).toBe(false);
  });
});
