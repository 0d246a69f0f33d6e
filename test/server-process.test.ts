import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type RunningServer } from './helpers/server-process.js';

describe('the real server process (bin/mypage-server.js)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServerProcess();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('prints its URL and a dev operator token, answers health and the dev mailbox', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.operatorToken.length).toBeGreaterThan(10);
    const health = await fetch(`${server.url}/api/v1/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', dev: true });
    expect(await server.mailbox()).toEqual([]);
  });
});
