import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { JsonEngine, type JsonEngineOptions } from './json/engine.js';
import type { StoreEngine } from './repositories.js';

/**
 * Throw-away data folders and the engines opened on them, closed and deleted after each test.
 * `close` closes an engine before the test ends (to open the folder again); `keep` hands over an
 * engine opened otherwise.
 */
export function scratchStores(prefix: string) {
  const dirs: string[] = [];
  const engines: StoreEngine[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const keep = <E extends StoreEngine>(e: E): E => (engines.push(e), e);
  return {
    tmp: (): string => {
      const d = mkdtempSync(path.join(os.tmpdir(), `mypage-${prefix}-`));
      dirs.push(d);
      return d;
    },
    open: async (dir: string, options: JsonEngineOptions = {}): Promise<JsonEngine> => keep(await JsonEngine.open(dir, options)),
    close: async (e: StoreEngine): Promise<void> => {
      engines.splice(engines.indexOf(e), 1);
      await e.close();
    },
    keep,
  };
}
