import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../main.js';
import { emptyData } from './schema.js';
import { Store } from './store.js';

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
    ['{}', /missing billingGroups, accounts/],
    ['[]', /holds an array/],
    ['42', /holds a number/],
    ['', /the file is empty/],
    ['{"billingGroups":[],"accounts":{}}', /"accounts" is not a list/],
    ['{"billingGroups":[', /not JSON/],
  ])('a store holding %j is refused, naming the file', async (text, why) => {
    const dir = withStore(text);
    const file = path.join(dir, 'mypage.json');
    await expect(Store.file(dir)).rejects.toThrow(why);
    await expect(Store.file(dir)).rejects.toThrow(`${file} is not a valid mypage store`);
  });

  it('the server with --demo refuses to start on a store that parses as {} (it used to start re-seeded with demo data)', async () => {
    const dir = withStore('{}');
    await expect(startServer({ port: 0, host: '127.0.0.1', dataDir: dir, dev: true, demo: true, captcha: { mode: 'none' }, operatorToken: 'op', logger: { info: () => undefined, error: () => undefined } })).rejects.toThrow(/mypage\.json is not a valid mypage store/);
  });

  it('a valid store, and one from an older version missing newer collections, open', async () => {
    expect((await Store.file(withStore(JSON.stringify(emptyData())))).data.accounts).toEqual([]);
    expect((await Store.file(withStore('{"billingGroups":[],"accounts":[]}'))).data.news).toEqual([]);
  });
});
