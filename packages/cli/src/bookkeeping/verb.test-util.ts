import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { MemoryStore, TOKEN } from '../testing.js';

/* The set-up every bookkeeping verb's run test shares: msw (unhandled requests fail), a profile with a live session. */

export function verbTestSetup() {
  const server = setupServer();
  const ctx = { server, configDir: '', store: new MemoryStore() };
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  beforeEach(async () => {
    ctx.configDir = mkdtempSync(path.join(os.tmpdir(), 'mypage-bookkeeping-unit-'));
    writeFileSync(path.join(ctx.configDir, 'config.json'), JSON.stringify({ currentProfile: 'default', profiles: { default: { accessId: 'm95au6', storage: 'keychain' } } }));
    ctx.store = new MemoryStore();
    await ctx.store.set('default', { accessId: 'm95au6', password: 'mypage2023', session: { token: TOKEN, expiresAt: '2099-12-01T10:29:00+09:00' } });
  });
  afterEach(() => rmSync(ctx.configDir, { recursive: true, force: true }));
  return ctx;
}
