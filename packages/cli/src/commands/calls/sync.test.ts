import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, testClient, useMsw, useTempDir } from '../../testing.js';
import { newSyncCommand, syncRun, type SyncOptions } from './sync.js';

useMsw();
const dir = useTempDir();

describe('calls sync — parse', () => {
  it('needs --since and --dir', async () => {
    expect(await parseVerb<SyncOptions>(newSyncCommand, ['--since', '2023-10', '--dir', 'x'])).toMatchObject({ since: '2023-10', dir: 'x', encoding: 'utf8' });
    await expect(parseVerb<SyncOptions>(newSyncCommand, ['--since', '2023-10'])).rejects.toThrow(/--dir/);
  });
});

describe('calls sync — run', () => {
  it('writes one CSV per billed month and a manifest; a second run changes nothing', async () => {
    const t = fakeTerminal({ tty: true });
    await syncRun({ ...t, client: testClient(), since: '2023-10', dir: dir(), encoding: 'utf8' });
    expect(existsSync(path.join(dir(), 'calls-2023-10.csv'))).toBe(true);
    expect(existsSync(path.join(dir(), 'calls-2023-11.csv'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir(), 'manifest.json'), 'utf8'))).toBeTruthy();
    expect(t.out()).toContain('calls sync: 2 added, 0 updated, 0 unchanged, 0 skipped');
    const again = fakeTerminal();
    await syncRun({ ...again, client: testClient(), since: '2023-10', dir: dir(), encoding: 'utf8' });
    expect(again.out()).toContain('0 added, 0 updated, 2 unchanged');
  });

  it('reports the summary as JSON with --json', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    await syncRun({ ...t, client: testClient(), since: '2023-11', dir: dir(), encoding: 'sjis' });
    expect(JSON.parse(t.out())).toMatchObject({ added: ['calls-2023-11.csv'], manifestWritten: true });
  });

  it('a --since that is not a month is a usage error (exit 2)', async () => {
    const t = fakeTerminal();
    expect(await failure(syncRun({ ...t, client: testClient(), since: 'soon', dir: dir(), encoding: 'utf8' }))).toMatchObject({ exitCode: 2 });
  });
});
