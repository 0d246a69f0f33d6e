import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveDocuments, placeNew, type ArchiveDeps, type ArchiveSource } from './archive.js';
import { AUDIT_FILE, parseAudit } from './audit.js';
import { sha256Of } from './hash.js';
import { INDEX_FILE, readIndex } from './index-book.js';
import { acquireLock, ArchiveBusyError, LOCK_FILE } from './lock.js';
import { DEFAULT_TEMPLATE } from './names.js';
import { billFields } from './testing.js';
import { verifyArchive } from './verify.js';

let dir: string;
let clock: Date;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-archive-'));
  clock = new Date('2024-07-20T03:00:00Z');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const deps = (): ArchiveDeps => ({ dir, template: DEFAULT_TEMPLATE, encoding: 'cp932', now: () => clock, actor: { osUser: 'keiri', accessId: 'm95au6' } });
const src = (month: string, amount: number, body: string, date?: string): ArchiveSource => ({ fields: billFields(month, amount, date), open: async () => Readable.from([Buffer.from(body)]) });
const audit = () => parseAudit(readFileSync(path.join(dir, AUDIT_FILE), 'utf8'));

describe('archiveDocuments (D-10)', () => {
  it('first run adds every document with its index row and an audit line; the second run only logs skips', async () => {
    const first = await archiveDocuments(deps(), [src('2023-10', 5646, 'pdf-10', '2023-11-09'), src('2023-11', 5646, 'pdf-11', '2023-12-08')]);
    expect(first.downloaded.map((r) => r.file)).toEqual(['20231109_日本メディアシステム株式会社_5646.pdf', '20231208_日本メディアシステム株式会社_5646.pdf']);
    expect(readFileSync(path.join(dir, '20231109_日本メディアシステム株式会社_5646.pdf'), 'utf8')).toBe('pdf-10');
    const { rows } = await readIndex(dir);
    expect(rows.map((r) => [r.seq, r.sha256, r.fetchedAt])).toEqual([
      [1, sha256Of('pdf-10'), '2024-07-20 12:00:00 JST'],
      [2, sha256Of('pdf-11'), '2024-07-20 12:00:00 JST'],
    ]);
    expect(audit()).toEqual([
      expect.objectContaining({ time: '2024-07-20T12:00:00+09:00', action: 'downloaded', seq: 1, sha256: sha256Of('pdf-10'), by: { osUser: 'keiri', accessId: 'm95au6' } }),
      expect.objectContaining({ action: 'downloaded', seq: 2 }),
    ]);

    const indexBefore = readFileSync(path.join(dir, INDEX_FILE));
    clock = new Date('2024-08-20T03:00:00Z');
    const second = await archiveDocuments(deps(), [src('2023-10', 5646, 'pdf-10', '2023-11-09'), src('2023-11', 5646, 'pdf-11', '2023-12-08')]);
    expect(second.downloaded).toEqual([]);
    expect(second.skipped.map((r) => r.seq)).toEqual([1, 2]);
    expect(readFileSync(path.join(dir, INDEX_FILE)).equals(indexBefore)).toBe(true);
    expect(audit().slice(2).map((e) => [e.action, e.seq, e.time])).toEqual([
      ['skipped', 1, '2024-08-20T12:00:00+09:00'],
      ['skipped', 2, '2024-08-20T12:00:00+09:00'],
    ]);
    expect(readdirSync(dir).sort()).toEqual(['20231109_日本メディアシステム株式会社_5646.pdf', '20231208_日本メディアシステム株式会社_5646.pdf', 'audit.log', '索引簿.csv']);
  });

  it('a re-issued document is added as _2 beside the original, with a correcting row; the original stays byte for byte', async () => {
    await archiveDocuments(deps(), [src('2023-10', 5646, 'pdf-10', '2023-11-09')]);
    const r = await archiveDocuments(deps(), [src('2023-10', 5646, 'pdf-10-fixed', '2023-11-09')]);
    expect(r.corrected.map((x) => [x.seq, x.file, x.corrects])).toEqual([[2, '20231109_日本メディアシステム株式会社_5646_2.pdf', 1]]);
    expect(readFileSync(path.join(dir, '20231109_日本メディアシステム株式会社_5646.pdf'), 'utf8')).toBe('pdf-10');
    expect(readFileSync(path.join(dir, '20231109_日本メディアシステム株式会社_5646_2.pdf'), 'utf8')).toBe('pdf-10-fixed');
    expect(audit()[1]).toMatchObject({ action: 'corrected', seq: 2, corrects: 1, detail: { correctsFile: '20231109_日本メディアシステム株式会社_5646.pdf' } });
    expect((await verifyArchive(dir)).ok).toBe(true);
  });

  it('a file someone put in the folder under the same name is never overwritten', async () => {
    writeFileSync(path.join(dir, '20231109_日本メディアシステム株式会社_5646.pdf'), 'mine');
    const r = await archiveDocuments(deps(), [src('2023-10', 5646, 'pdf-10', '2023-11-09')]);
    expect(r.downloaded[0]!.file).toBe('20231109_日本メディアシステム株式会社_5646_2.pdf');
    expect(readFileSync(path.join(dir, '20231109_日本メディアシステム株式会社_5646.pdf'), 'utf8')).toBe('mine');
  });

  it('a download that breaks off leaves no file, no row and no audit line; what was archived before stays', async () => {
    await archiveDocuments(deps(), [src('2023-10', 5646, 'pdf-10', '2023-11-09')]);
    const failing: ArchiveSource = {
      fields: billFields('2023-11', 5646),
      open: async () =>
        new Readable({
          read() {
            this.push(Buffer.from('part'));
            this.destroy(new Error('connection reset'));
          },
        }),
    };
    await expect(archiveDocuments(deps(), [failing])).rejects.toThrow('connection reset');
    expect(readdirSync(dir).sort()).toEqual(['20231109_日本メディアシステム株式会社_5646.pdf', 'audit.log', '索引簿.csv']);
    expect((await readIndex(dir)).rows).toHaveLength(1);
    expect(audit()).toHaveLength(1);
  });

  it('creates DIR when it does not exist yet', async () => {
    dir = path.join(dir, 'new', 'archive');
    await archiveDocuments(deps(), [src('2023-10', 5646, 'x', '2023-11-09')]);
    expect(readdirSync(dir)).toContain(INDEX_FILE);
  });
});

describe('verifyArchive (D-10, D-11)', () => {
  beforeEach(async () => {
    await archiveDocuments(deps(), [src('2023-10', 5646, 'pdf-10', '2023-11-09'), src('2023-11', 5646, 'pdf-11', '2023-12-08')]);
  });

  it('an untouched archive is ok', async () => {
    expect(await verifyArchive(dir)).toEqual({ dir, ok: true, checked: 2, missing: [], changed: [], unlisted: [] });
  });

  it('finds a changed byte, a deleted file and a file the index does not list; dot-files and folders are not documents', async () => {
    appendFileSync(path.join(dir, '20231109_日本メディアシステム株式会社_5646.pdf'), ' ');
    rmSync(path.join(dir, '20231208_日本メディアシステム株式会社_5646.pdf'));
    writeFileSync(path.join(dir, 'extra.pdf'), 'x');
    writeFileSync(path.join(dir, '.DS_Store'), 'x');
    mkdirSync(path.join(dir, 'exports'));
    const v = await verifyArchive(dir);
    expect(v.ok).toBe(false);
    expect(v.changed).toEqual([{ seq: 1, file: '20231109_日本メディアシステム株式会社_5646.pdf', expected: sha256Of('pdf-10'), actual: sha256Of('pdf-10 ') }]);
    expect(v.missing).toEqual([{ seq: 2, file: '20231208_日本メディアシステム株式会社_5646.pdf' }]);
    expect(v.unlisted).toEqual(['extra.pdf']);
  });

  it('a folder without an index checks nothing and lists what is there', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'mypage-archive-empty-'));
    try {
      writeFileSync(path.join(empty, 'a.pdf'), 'x');
      expect(await verifyArchive(empty)).toMatchObject({ ok: false, checked: 0, unlisted: ['a.pdf'] });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('placeNew (never replaces a file)', () => {
  it('refuses an existing name (EEXIST), with hard links or without', async () => {
    writeFileSync(path.join(dir, 'tmp'), 'new');
    writeFileSync(path.join(dir, 'a.pdf'), 'old');
    await expect(placeNew(path.join(dir, 'tmp'), path.join(dir, 'a.pdf'))).rejects.toMatchObject({ code: 'EEXIST' });
    const noLinks = async () => {
      throw Object.assign(new Error('operation not supported'), { code: 'ENOTSUP' });
    };
    await expect(placeNew(path.join(dir, 'tmp'), path.join(dir, 'a.pdf'), noLinks)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path.join(dir, 'a.pdf'), 'utf8')).toBe('old');
  });

  it('on a file system without hard links (a mounted drive) it copies instead', async () => {
    writeFileSync(path.join(dir, 'tmp'), 'new');
    const noLinks = async () => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    };
    await placeNew(path.join(dir, 'tmp'), path.join(dir, 'b.pdf'), noLinks);
    expect(readFileSync(path.join(dir, 'b.pdf'), 'utf8')).toBe('new');
  });
});

describe('one archive run at a time per folder', () => {
  it('a second run while one holds the folder is refused; nothing is written; the lock goes with the run', async () => {
    const release = await acquireLock(dir);
    await expect(archiveDocuments(deps(), [src('2023-10', 5646, 'x', '2023-11-09')])).rejects.toBeInstanceOf(ArchiveBusyError);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    await release();
    await archiveDocuments(deps(), [src('2023-10', 5646, 'x', '2023-11-09')]);
    expect(readdirSync(dir)).not.toContain(LOCK_FILE);
  });

  it('a lock left by a process that no longer runs (killed) is taken over', async () => {
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname() }));
    const r = await archiveDocuments(deps(), [src('2023-10', 5646, 'x', '2023-11-09')]);
    expect(r.downloaded).toHaveLength(1);
  });

  it('a lock of another machine is respected', async () => {
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: 1, host: 'other-host' }));
    await expect(acquireLock(dir)).rejects.toThrow('other-host pid 1');
  });
});
