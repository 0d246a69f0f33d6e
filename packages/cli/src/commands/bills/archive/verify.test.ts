import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { archiveDocuments } from '../../../archive/archive.js';
import { DEFAULT_TEMPLATE } from '../../../archive/names.js';
import { billFields } from '../../../archive/testing.js';
import { Command } from 'commander';
import { Factory } from '../../../factory.js';
import { failure, fakeIO, fakeTerminal, parseVerb, useTempDir } from '../../../testing.js';
import { archiveVerifyRun, newArchiveVerifyCommand, type ArchiveVerifyOptions } from './verify.js';

/* `bills archive verify` (D-10, D-11): parse test and run tests on a real folder. */

const tmp = useTempDir('mypage-cli-verify-');
const A = '20231009_日本メディアシステム株式会社_3630.pdf';
const B = '20231109_日本メディアシステム株式会社_3630.pdf';
beforeEach(async () => {
  const actor = { osUser: 'keiri', accessId: 'm95au6' };
  const src = (month: string) => ({ fields: billFields(month, 3630), open: async () => Readable.from([Buffer.from(`pdf ${month}`)]) });
  await archiveDocuments({ dir: tmp(), template: DEFAULT_TEMPLATE, encoding: 'cp932', now: () => new Date('2024-07-20T03:00:00Z'), actor }, [src('2023-10'), src('2023-11')]);
});

function options(tty = false) {
  const term = fakeTerminal({ tty });
  const o: ArchiveVerifyOptions = { ...term, now: () => new Date('2024-08-01T00:00:00Z'), actor: async () => ({ osUser: 'keiri', accessId: 'm95au6' }), dir: tmp() };
  return { o, out: term.out, err: term.err };
}

describe('bills archive verify — parse', () => {
  it('takes --dir', async () => {
    expect((await parseVerb(newArchiveVerifyCommand, ['--dir', 'X'])).dir).toBe('X');
  });

  it('`archive verify --dir X` reaches verify although archive has a --dir of its own', async () => {
    let got: ArchiveVerifyOptions | undefined;
    const parent = new Command('archive').option('--dir <dir>');
    parent.addCommand(newArchiveVerifyCommand(new Factory({ io: fakeIO().io, env: {} }), async (o) => void (got = o)));
    await parent.parseAsync(['verify', '--dir', 'X'], { from: 'user' });
    expect(got?.dir).toBe('X');
  });
});

describe('bills archive verify — run (D-11)', () => {
  it('an intact archive: exit 0, and the check is in audit.log', async () => {
    const { o, err } = options();
    await archiveVerifyRun(o);
    expect(err()).toContain('All 2 documents');
    const last = readFileSync(path.join(tmp(), 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).at(-1);
    expect(last).toMatchObject({ action: 'verified', time: '2024-08-01T09:00:00+09:00', detail: { ok: true, checked: 2 } });
  });

  it('a changed byte, a deleted file and an unlisted file: listed, exit 8', async () => {
    appendFileSync(path.join(tmp(), A), 'x');
    rmSync(path.join(tmp(), B));
    writeFileSync(path.join(tmp(), 'memo.txt'), 'x');
    const { o, out } = options();
    const f = await failure(archiveVerifyRun(o));
    expect(f).toMatchObject({ code: 'ARCHIVE_VERIFY_FAILED', exitCode: 8 });
    expect(out()).toContain(`changed\t1\t${A}`);
    expect(out()).toContain(`missing\t2\t${B}`);
    expect(out()).toContain('unlisted\t\tmemo.txt');
  });

  it('--json: the findings as an object, still exit 8', async () => {
    rmSync(path.join(tmp(), B));
    const { o, out } = options();
    o.io.json = true;
    expect((await failure(archiveVerifyRun(o))).exitCode).toBe(8);
    expect(JSON.parse(out())).toMatchObject({ ok: false, checked: 2, missing: [{ seq: 2, file: B }], changed: [], unlisted: [] });
  });

  it('a folder that does not exist is exit 4; a damaged index is a clear error', async () => {
    const { o } = options();
    expect((await failure(archiveVerifyRun({ ...o, dir: path.join(tmp(), 'nope') }))).exitCode).toBe(4);
    writeFileSync(path.join(tmp(), '索引簿.csv'), 'not,an,index\r\n');
    expect(await failure(archiveVerifyRun(o))).toMatchObject({ code: 'ARCHIVE_INDEX_INVALID', exitCode: 1 });
  });
});
