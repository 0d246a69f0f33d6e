import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/demo.js';
import { generateData } from '../../seed/generate.js';
import { testHasher } from '../../testing/index.js';
import { MemoryEngine } from '../memory/engine.js';
import { emptyData, type Data } from '../schema.js';
import { JsonEngine } from './engine.js';
import { writeDataFolder } from './write-folder.js';

/* The benchmarks' fast folder writer produces what the engine itself would have written (D-13). */

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'mypage-write-folder-'));
  dirs.push(d);
  return d;
};

describe('writeDataFolder', () => {
  it('writes a folder the JSON engine opens with exactly the records of the data graph, in the engine’s own files', async () => {
    const data = emptyData();
    await seedDemo(data, testHasher);
    generateData(data, { customers: 5, months: 2, callsPerLine: 3, seed: 7 });
    const dir = tmp();
    const { files } = writeDataFolder(dir, data);

    const viaEngine = tmp();
    const written = await JsonEngine.open(viaEngine);
    await written.load(data);
    await written.close();
    const list = (d: string) => readdirSync(d, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name !== 'mypage.lock').map((e) => path.relative(d, path.join(e.parentPath, e.name))).sort();
    expect(list(dir)).toEqual(list(viaEngine));
    expect(files).toBe(list(dir).length);

    // The same records (a snapshot lists them in the order the files were read).
    const sorted = (d: Data) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => JSON.stringify(x)).sort() : v]));
    const opened = await JsonEngine.open(dir);
    const expected = await (await MemoryEngine.create(data)).snapshot();
    expect(sorted(await opened.snapshot())).toEqual(sorted(expected));
    expect(expected.callRecords.length).toBeGreaterThan(0);
    await opened.close();
  });

  it('refuses a folder that already holds something (it never merges into live data)', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'mypage.json'), '{}');
    expect(() => writeDataFolder(dir, emptyData())).toThrow(/not empty/);
  });
});
