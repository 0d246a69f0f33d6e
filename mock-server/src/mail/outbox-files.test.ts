import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { Outbox } from './mailer.js';

/* The outbox on disk survives a kill or a full disk: atomic files, damaged ones set aside (D-4). */

const here = path.dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'mypage-outbox-'));
  dirs.push(d);
  return d;
};
const clock = () => new FakeClock('2024-01-15T10:00:00+09:00');
const mail = (n: number) => ({ to: 'taro@example.jp', subject: `件名 ${n}`, text: `本文 ${n}` });

function opened(dir: string) {
  const warnings: { message: string; fields?: Record<string, unknown> }[] = [];
  const outbox = new Outbox({ clock: clock(), dir, warn: (message, fields) => warnings.push({ message, ...(fields ? { fields } : {}) }) });
  return { outbox, warnings };
}

describe('outbox files', () => {
  it('a 0-byte mail file (a kill or a full disk mid-write) no longer stops the start: it is set aside with a warning', async () => {
    const dir = tmp();
    const first = opened(dir).outbox;
    await first.send(mail(1));
    await first.send(mail(2));
    writeFileSync(path.join(dir, 'mail-000002.json'), '');
    writeFileSync(path.join(dir, 'mail-000003.json'), '{"id":"mail-000003","to":'); // cut short
    writeFileSync(path.join(dir, 'mail-000004.json'), 'null');

    const { outbox, warnings } = opened(dir);
    expect(outbox.list().map((m) => m.subject)).toEqual(['件名 1']);
    expect(warnings.map((w) => w.fields?.file)).toEqual(['mail-000002.json', 'mail-000003.json', 'mail-000004.json']);
    expect(readdirSync(dir).sort()).toEqual(['mail-000001.json', 'mail-000002.json.damaged', 'mail-000003.json.damaged', 'mail-000004.json.damaged']);
  });

  it('a new mail never takes the number of a damaged one (nothing set aside is overwritten)', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'mail-000007.json'), '');
    const { outbox } = opened(dir);
    const sent = await outbox.send(mail(8));
    expect(sent.id).toBe('mail-000008');
    expect(readFileSync(path.join(dir, 'mail-000007.json.damaged'), 'utf8')).toBe('');
  });

  it('temporary files left by an interrupted write are removed at start, with a warning', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, '.mail-000001.1234.0.tmp'), '{"id":');
    const { warnings } = opened(dir);
    expect(readdirSync(dir)).toEqual([]);
    expect(warnings[0]!.message).toMatch(/temporary file/);
  });

  it('mail files are 0600 in a 0700 folder, and no temporary file stays after a send', async () => {
    const dir = path.join(tmp(), 'outbox');
    const { outbox } = opened(dir);
    await outbox.send(mail(1));
    expect(readdirSync(dir)).toEqual(['mail-000001.json']);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dir, 'mail-000001.json')).mode & 0o777).toBe(0o600);
  });

  it('a process killed (SIGKILL) while sending mails leaves only whole mail files: the next start sets nothing aside', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = tmp();
      const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', path.join(here, 'outbox-writer.fixture.ts'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const target = 3 + round * 5;
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.trim().split('\n').length >= target) resolve();
        });
        child.once('exit', (code) => reject(new Error(`writer exited (${code}) before being killed: ${err}`)));
      });
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      const confirmed = Math.max(...out.trim().split('\n').map(Number));
      const { outbox, warnings } = opened(dir);
      expect(warnings.filter((w) => /damaged/.test(w.message))).toEqual([]);
      expect(outbox.list().length).toBeGreaterThanOrEqual(confirmed);
      expect(readdirSync(dir).every((n) => /^mail-\d{6}\.json$/.test(n))).toBe(true);
    }
  }, 120_000); // spawns three writer processes: slow on a loaded machine

  it('mails sent all at once (group commit) are each whole on disk by the time their send resolves, numbered in order', async () => {
    const dir = tmp();
    const { outbox } = opened(dir);
    const seenOnResolve: boolean[] = [];
    const sent = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        outbox.send(mail(i)).then((m) => {
          const file = path.join(dir, `${m.id}.json`);
          seenOnResolve.push(JSON.parse(readFileSync(file, 'utf8')).subject === `件名 ${i}`);
          return m;
        }),
      ),
    );
    expect(seenOnResolve).toEqual(Array.from({ length: 60 }, () => true));
    expect(sent.map((m) => m.id)).toEqual(Array.from({ length: 60 }, (_, i) => `mail-${String(i + 1).padStart(6, '0')}`));
    expect(readdirSync(dir).sort()).toEqual(sent.map((m) => `${m.id}.json`));
    expect(opened(dir).outbox.list().map((m) => m.subject)).toEqual(sent.map((m) => m.subject));
  });

  it('the first mail of an idle moment is whole on disk before send returns (synchronous write); the ones sent in the same turn follow in a group commit', async () => {
    const dir = tmp();
    const { outbox } = opened(dir);
    const first = outbox.send(mail(1));
    const second = outbox.send(mail(2));
    expect(readdirSync(dir).filter((n) => n.startsWith('mail-'))).toEqual(['mail-000001.json']); // the second's temporary file may be there
    expect(JSON.parse(readFileSync(path.join(dir, 'mail-000001.json'), 'utf8')).subject).toBe('件名 1');
    await Promise.all([first, second]);
    expect(readdirSync(dir).sort()).toEqual(['mail-000001.json', 'mail-000002.json']);
  });

  it('when the folder cannot be written, every send of the batch is rejected (none resolves as if kept) and the next batch works again', async () => {
    const dir = tmp();
    const { outbox } = opened(dir);
    rmSync(dir, { recursive: true });
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => outbox.send(mail(i))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    mkdirSync(dir, { recursive: true });
    const again = await outbox.send(mail(9));
    expect(JSON.parse(readFileSync(path.join(dir, `${again.id}.json`), 'utf8')).subject).toBe('件名 9');
    expect(readdirSync(dir)).toEqual([`${again.id}.json`]);
  });
});
