import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadManifest, saveManifest, writeIfChanged } from './manifest.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-manifest-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const src = (text: string) => Readable.from([Buffer.from(text)]);

describe('sync manifest (idempotent monthly pulls)', () => {
  it('adds, then leaves unchanged, then updates a month — and the manifest records sha256', async () => {
    let { manifest, text } = await loadManifest(dir, 'calls', { encoding: 'utf8' });
    expect(await writeIfChanged(dir, 'calls-2024-01.csv', '2024-01', src('a\r\n'), manifest)).toBe('added');
    expect(await saveManifest(dir, manifest, text)).toBe(true);

    ({ manifest, text } = await loadManifest(dir, 'calls', { encoding: 'utf8' }));
    const before = statSync(path.join(dir, 'calls-2024-01.csv')).mtimeMs;
    expect(await writeIfChanged(dir, 'calls-2024-01.csv', '2024-01', src('a\r\n'), manifest)).toBe('unchanged');
    expect(await saveManifest(dir, manifest, text)).toBe(false);
    expect(statSync(path.join(dir, 'calls-2024-01.csv')).mtimeMs).toBe(before);

    expect(await writeIfChanged(dir, 'calls-2024-01.csv', '2024-01', src('b\r\n'), manifest)).toBe('updated');
    expect(await saveManifest(dir, manifest, text)).toBe(true);
    const saved = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(saved.files['calls-2024-01.csv'].sha256).toBe(createHash('sha256').update('b\r\n').digest('hex'));
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('writes a month again when its file was deleted or edited by hand', async () => {
    const { manifest } = await loadManifest(dir, 'calls', {});
    await writeIfChanged(dir, 'x.csv', '2024-01', src('same'), manifest);
    writeFileSync(path.join(dir, 'x.csv'), 'tampered');
    expect(await writeIfChanged(dir, 'x.csv', '2024-01', src('same'), manifest)).toBe('updated');
    expect(readFileSync(path.join(dir, 'x.csv'), 'utf8')).toBe('same');
    rmSync(path.join(dir, 'x.csv'));
    expect(await writeIfChanged(dir, 'x.csv', '2024-01', src('same'), manifest)).toBe('added');
  });

  it('starts over when the options (encoding) differ from the manifest', async () => {
    const first = await loadManifest(dir, 'calls', { encoding: 'utf8' });
    await writeIfChanged(dir, 'x.csv', '2024-01', src('a'), first.manifest);
    await saveManifest(dir, first.manifest, first.text);
    const other = await loadManifest(dir, 'calls', { encoding: 'sjis' });
    expect(other.manifest.files).toEqual({});
  });

  it('leaves no partial file when the source fails midway', async () => {
    const { manifest } = await loadManifest(dir, 'calls', {});
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(writeIfChanged(dir, 'y.csv', '2024-02', failing, manifest)).rejects.toThrow('connection reset');
    expect(readdirSync(dir)).toEqual([]);
    expect(manifest.files['y.csv']).toBeUndefined();
  });
});
