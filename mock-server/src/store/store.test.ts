import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { FakeClock } from '../clock.js';
import { defaultConfig } from '../config.js';
import { Outbox } from '../mail/mailer.js';
import { seedDemo } from '../seed/demo.js';
import { acceptAllCaptcha } from '../testing.js';
import { emptyData } from './schema.js';
import { Store } from './store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'mypage-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function appOn(store: Store) {
  const clock = new FakeClock();
  const mailer = new Outbox({ clock });
  return { app: createApp({ store, mailer, clock, captcha: acceptAllCaptcha, config: defaultConfig({ dev: true }) }), mailer };
}

describe('store', () => {
  it('two apps in one process share nothing (stores, outboxes, throttles)', async () => {
    const seeded = emptyData();
    await seedDemo(seeded);
    const a = await appOn(await Store.memory(structuredClone(seeded)));
    const b = await appOn(await Store.memory(structuredClone(seeded)));
    const login = (app: typeof a.app, password: string) =>
      app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessId: 'm95au6', password }) });
    expect((await login(a.app, 'mypage2023')).status).toBe(200);
    expect(a.mailer.list()).toHaveLength(1);
    expect(b.mailer.list()).toHaveLength(0);
    for (let i = 0; i < 5; i++) await login(a.app, 'wrong1234');
    expect((await login(a.app, 'mypage2023')).status).toBe(429);
    expect((await login(b.app, 'mypage2023')).status).toBe(200); // b's throttle and store are its own
  });

  it('a file store keeps its data across reopen', async () => {
    const dir = tmp();
    const s1 = await Store.file(dir);
    await s1.update((d) => d.news.push({ id: 'n1', billingGroupId: null, title: 'お知らせ', body: '本文', publishedAt: '2024-01-01T00:00:00.000Z' }));
    const s2 = await Store.file(dir);
    expect(s2.data.news.map((n) => n.title)).toEqual(['お知らせ']);
  });

  it('a leftover temp file from a crashed write is ignored: the old state stays intact', async () => {
    const dir = tmp();
    const s1 = await Store.file(dir);
    await s1.update((d) => d.news.push({ id: 'old', billingGroupId: null, title: 'old', body: '', publishedAt: '2024-01-01T00:00:00.000Z' }));
    // What a crash between "write temp file" and "rename" leaves behind: a half-written temp file.
    writeFileSync(path.join(dir, '.mypage.json.99999.0.tmp'), '{"schemaVersion":1,"news":[{"id":"ne');
    const s2 = await Store.file(dir);
    expect(s2.data.news.map((n) => n.id)).toEqual(['old']);
    await s2.update((d) => d.news.push({ id: 'new', billingGroupId: null, title: 'new', body: '', publishedAt: '2024-01-01T00:00:00.000Z' }));
    expect(JSON.parse(readFileSync(path.join(dir, 'mypage.json'), 'utf8')).news.map((n: { id: string }) => n.id)).toEqual(['old', 'new']);
  });

  it('concurrent updates are serialised (no lost write)', async () => {
    const store = await Store.file(tmp());
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.update((d) => d.news.push({ id: `n${i}`, billingGroupId: null, title: '', body: '', publishedAt: '' }))));
    expect(store.data.news).toHaveLength(50);
  });

  it('a failing update leaves the store usable', async () => {
    const store = await Store.memory();
    await expect(store.update(() => { throw new Error('boom'); })).rejects.toThrow('boom');
    await store.update((d) => d.news.push({ id: 'ok', billingGroupId: null, title: '', body: '', publishedAt: '' }));
    expect(store.data.news).toHaveLength(1);
  });

  it('a process killed (SIGKILL) in the middle of writing leaves a whole file: the last or the next state', async () => {
    for (let round = 0; round < 4; round++) {
      const dir = tmp();
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'crash-writer.fixture.ts'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const target = 3 + round * 4;
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
      const data = JSON.parse(readFileSync(path.join(dir, 'mypage.json'), 'utf8'));
      const written = Number(String(data.news[0].id).slice(1));
      expect(written).toBeGreaterThanOrEqual(confirmed);
      expect(written).toBeLessThanOrEqual(confirmed + 1);
      const reopened = await Store.file(dir);
      expect(reopened.data.news[0]!.title).toBe(`write ${written}`);
      // any leftover is only a temp file, never the database itself
      for (const name of readdirSync(dir)) expect(name === 'mypage.json' || name.endsWith('.tmp')).toBe(true);
    }
  });
});
