import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitFiles, commitFilesSync, CommittedButBroken, COMMIT_FILE, listFiles, nodeFs, nodeSyncFs, recoverFolder, type JsonFs, type JsonSyncFs } from './files.js';

/*
 * The commit protocol (files.ts), run by both runners: the asynchronous one (group commits) and the
 * synchronous one (the first write of an idle moment). A failure before the commit point leaves
 * the old files and no temporary one; a failure after it is CommittedButBroken, and the next start
 * (recoverFolder) finishes the commit.
 */

type Op = 'writeDurable' | 'rename' | 'syncDir' | 'mkdir' | 'unlink';
/** Real file operations, the `nth` call of `op` (whose first argument passes `when`) failing with EIO. */
function failing(op: Op, nth: number, when: (arg: string) => boolean = () => true) {
  let seen = 0;
  const trip = (name: Op, arg: string) => {
    if (name === op && when(arg) && ++seen === nth) throw Object.assign(new Error(`EIO: simulated ${op}`), { code: 'EIO' });
  };
  const fs: JsonFs = {
    writeDurable: async (f, t) => (trip('writeDurable', f), nodeFs.writeDurable(f, t)),
    rename: async (a, b) => (trip('rename', a), nodeFs.rename(a, b)),
    syncDir: async (d) => (trip('syncDir', d), nodeFs.syncDir(d)),
    mkdir: async (d) => (trip('mkdir', d), nodeFs.mkdir(d)),
    unlink: async (f) => (trip('unlink', f), nodeFs.unlink(f)),
  };
  const syncFs: JsonSyncFs = {
    writeDurable: (f, t) => (trip('writeDurable', f), nodeSyncFs.writeDurable(f, t)),
    rename: (a, b) => (trip('rename', a), nodeSyncFs.rename(a, b)),
    syncDir: (d) => (trip('syncDir', d), nodeSyncFs.syncDir(d)),
    mkdir: (d) => (trip('mkdir', d), nodeSyncFs.mkdir(d)),
    unlink: (f) => (trip('unlink', f), nodeSyncFs.unlink(f)),
  };
  return { fs, syncFs };
}

const runners = [
  ['commitFiles', (fs: ReturnType<typeof failing>, dir: string, files: Map<string, string>) => commitFiles(fs.fs, dir, files)],
  ['commitFilesSync', async (fs: ReturnType<typeof failing>, dir: string, files: Map<string, string>) => commitFilesSync(fs.syncFs, dir, files)],
] as const;

const read = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [path.relative(dir, f), readFileSync(f, 'utf8')]));
const folder = async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-files-'));
  await commitFiles(nodeFs, dir, new Map([['a.json', 'old a'], ['g/b.json', 'old b']]));
  return dir;
};
const change = new Map([['a.json', 'new a'], ['g/b.json', 'new b'], ['g/c.json', 'new c']]);

describe.each(runners)('%s', (_name, run) => {
  it('writes every file, leaves no temporary file and no commit record', async () => {
    const dir = await folder();
    await run(failing('unlink', 99), dir, change);
    expect(read(dir)).toEqual({ 'a.json': 'new a', 'g/b.json': 'new b', 'g/c.json': 'new c' });
  });

  it.each([
    ['the second temporary file', 'writeDurable' as Op, 2, (f: string) => f.endsWith('.tmp') && !f.includes(COMMIT_FILE)],
    ['the commit record', 'writeDurable' as Op, 1, (f: string) => f.includes(COMMIT_FILE)],
    ['the commit record’s rename', 'rename' as Op, 1, (f: string) => f.includes(COMMIT_FILE)],
  ])('a failure before the commit point (%s): the error itself, the old files, no temporary file', async (_what, op, nth, when) => {
    const dir = await folder();
    await expect(run(failing(op, nth, when), dir, change)).rejects.toMatchObject({ code: 'EIO' });
    expect(read(dir)).toEqual({ 'a.json': 'old a', 'g/b.json': 'old b' });
  });

  it('the commit point’s own fsync failing: the error, the commit record taken back, the old files, no temporary file', async () => {
    const dir = await folder();
    await expect(run(failing('syncDir', 1, (d) => d === dir), dir, change)).rejects.toMatchObject({ code: 'EIO' });
    expect(read(dir)).toEqual({ 'a.json': 'old a', 'g/b.json': 'old b' });
    recoverFolder(dir); // a start after it: nothing to roll forward
    expect(read(dir)).toEqual({ 'a.json': 'old a', 'g/b.json': 'old b' });
  });

  it('a failure after the commit point: CommittedButBroken, and the next start finishes the commit', async () => {
    const dir = await folder();
    const error = await run(failing('rename', 2, (f) => !f.includes(COMMIT_FILE)), dir, change).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommittedButBroken);
    expect(existsSync(path.join(dir, COMMIT_FILE))).toBe(true);
    recoverFolder(dir);
    expect(read(dir)).toEqual({ 'a.json': 'new a', 'g/b.json': 'new b', 'g/c.json': 'new c' });
    expect(readdirSync(dir)).not.toContain(COMMIT_FILE);
  });

  it('one file: its rename is the commit point, with no commit record', async () => {
    const dir = await folder();
    const error = await run(failing('rename', 1), dir, new Map([['a.json', 'only a']])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EIO' });
    expect(read(dir)).toEqual({ 'a.json': 'old a', 'g/b.json': 'old b' });
    await run(failing('unlink', 99), dir, new Map([['a.json', 'only a']]));
    expect(read(dir)).toEqual({ 'a.json': 'only a', 'g/b.json': 'old b' });
  });
});
