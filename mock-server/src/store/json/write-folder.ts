import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { State } from '../memory/state.js';
import type { Data } from '../schema.js';

/*
 * Writes a data graph as a new data folder in the JSON engine's file format (engine.ts: the main
 * file, a file per billing group, a file per group and month of call records), each file written
 * once and without an fsync. For preparing large folders for benchmarks and tests: 10,000
 * customers with a year of call records are about 130,000 files, which the engine's own `load()`
 * writes with an fsync each (it is a durable commit) — minutes instead of seconds.
 *
 * Not durable: a crash while it runs leaves a partial folder, so it refuses a folder that is not
 * empty, and nothing else may use the folder until it returns. `JsonEngine.open` reads the result
 * like any folder the engine wrote.
 *
 * `data` is used up: its records are frozen and their repeated texts and bill items shared
 * (State.load), as the engine's own load does with what it parsed.
 */
export function writeDataFolder(dir: string, data: Data): { files: number } {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`writeDataFolder: ${dir} is not empty`);
  const state = new State();
  state.load(data);
  const made = new Set<string>();
  let files = 0;
  for (const partition of state.partitions()) {
    const file = path.join(dir, partition);
    const folder = path.dirname(file);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      made.add(folder);
    }
    writeFileSync(file, JSON.stringify(state.partitionData(partition)), { mode: 0o600 });
    files++;
  }
  return { files };
}
