import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { failure, fakeTerminal, parseVerb, testClient, useMsw, useTempDir } from '../../testing.js';
import { exportRun, newExportCommand, type ExportOptions } from './export.js';

useMsw();
const dir = useTempDir();

describe('calls export — parse', () => {
  it('--to defaults to --from and the encoding to utf8', async () => {
    expect(await parseVerb<ExportOptions>(newExportCommand, ['--from', '2023-12'])).toMatchObject({ from: '2023-12', to: '2023-12', encoding: 'utf8' });
  });

  it('refuses an unknown encoding', async () => {
    await expect(parseVerb<ExportOptions>(newExportCommand, ['--from', '2023-12', '--encoding', 'latin1'])).rejects.toThrow(/Allowed choices/);
  });
});

describe('calls export — run (R-CALL-3, D-5)', () => {
  it('joins the months of a range under one header', async () => {
    const t = fakeTerminal({ tty: true });
    const out = path.join(dir(), 'calls.csv');
    await exportRun({ ...t, client: testClient(), from: '2023-10', to: '2023-11', encoding: 'utf8', output: out });
    const lines = readFileSync(out, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('日時,利用種類,通話元,通話先,通話時間,料金');
    expect(lines.filter((l) => l.startsWith('日時'))).toHaveLength(1);
    expect(lines).toHaveLength(5);
  });

  it('with -o - writes the CSV to stdout', async () => {
    const t = fakeTerminal();
    await exportRun({ ...t, client: testClient(), from: '2023-10', to: '2023-10', encoding: 'utf8', output: '-' });
    expect(t.out()).toMatch(/^日時,利用種類/);
    expect(t.out().trim().split('\r\n')).toHaveLength(3);
  });

  it('with --json reports the file written', async () => {
    const t = fakeTerminal();
    t.io.json = true;
    const out = path.join(dir(), 'c.csv');
    await exportRun({ ...t, client: testClient(), from: '2023-10', to: '2023-10', encoding: 'utf8', output: out });
    expect(JSON.parse(t.out())).toMatchObject({ path: out });
  });

  it('--from after --to is a usage error (exit 2)', async () => {
    const t = fakeTerminal();
    expect(await failure(exportRun({ ...t, client: testClient(), from: '2023-11', to: '2023-10', encoding: 'utf8' }))).toMatchObject({ exitCode: 2 });
  });
});
