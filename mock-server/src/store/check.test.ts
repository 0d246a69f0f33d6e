import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../main.js';
import { JsonEngine } from './json/engine.js';
import { emptyData } from './schema.js';

/* A corrupt store is refused at start, naming the file — never re-seeded with demo data. */

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const withStore = (text: string) => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'mypage-check-'));
  dirs.push(d);
  writeFileSync(path.join(d, 'mypage.json'), text);
  return d;
};

describe('opening the store file', () => {
  it.each([
    ['null', /holds null/],
    ['{}', /missing schemaVersion/],
    ['[]', /holds an array/],
    ['42', /holds a number/],
    ['', /the file is empty/],
    ['{"schemaVersion":1,"billingGroups":[],"accounts":{}}', /"accounts" is not a list/],
    ['{"billingGroups":[', /not JSON/],
  ])('a store holding %j is refused, naming the file', async (text, why) => {
    const dir = withStore(text);
    const file = path.join(dir, 'mypage.json');
    await expect(JsonEngine.open(dir)).rejects.toThrow(why);
    await expect(JsonEngine.open(dir)).rejects.toThrow(`${file} is not a valid mypage store`);
  });

  it('the server with --demo refuses to start on a store that parses as {} (it used to start re-seeded with demo data)', async () => {
    const dir = withStore('{}');
    await expect(startServer({ port: 0, host: '127.0.0.1', dataDir: dir, dev: true, demo: true, captcha: { mode: 'none' }, operatorToken: 'op', logger: { info: () => undefined, error: () => undefined } })).rejects.toThrow(/mypage\.json is not a valid mypage store/);
  });

  it('a valid store, and one from an older version missing newer collections, open', async () => {
    for (const text of [JSON.stringify(emptyData()), '{"schemaVersion":1,"billingGroups":[],"accounts":[]}']) {
      const engine = await JsonEngine.open(withStore(text));
      expect(await engine.isEmpty()).toBe(true);
      await engine.close();
    }
  });

  it('a damaged billing-group file is refused too, naming it', async () => {
    const dir = withStore(JSON.stringify(emptyData()));
    mkdirSync(path.join(dir, 'groups'));
    writeFileSync(path.join(dir, 'groups', 'bg_a.json'), 'null');
    await expect(JsonEngine.open(dir)).rejects.toThrow(`${path.join(dir, 'groups', 'bg_a.json')} is not a valid mypage store`);
  });
});
