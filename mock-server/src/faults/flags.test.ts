import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServerArgs, startServer, UsageError } from '../main.js';

describe('--fault / --fault-seed flags', () => {
  it('parse into rules and a seed (dev mode only); bad specs are usage errors', () => {
    const o = parseServerArgs(['--dev', '--fault', 'GET /api/v1/bills*=latency:200,fail:0.5', '--fault', '/api/v1/contracts=drop:0.1', '--fault-seed', '42'], {})!;
    expect(o.faults).toEqual({
      rules: [
        { method: 'GET', pattern: '/api/v1/bills*', latencyMs: 200, failRate: 0.5, dropRate: 0, retryAfterSeconds: 1 },
        { method: '*', pattern: '/api/v1/contracts', latencyMs: 0, failRate: 0, dropRate: 0.1, retryAfterSeconds: 1 },
      ],
      seed: 42,
    });
    expect(parseServerArgs(['--dev'], {})!.faults).toBeUndefined();
    expect(() => parseServerArgs(['--captcha', 'test', '--captcha-token', 'x', '--operator-token', 'op', '--fault', '/api/*=fail:1'], {})).toThrow(UsageError);
    expect(() => parseServerArgs(['--dev', '--fault', 'GET /x=fail:7'], {})).toThrow(/between 0 and 1/);
    expect(() => parseServerArgs(['--dev', '--fault-seed', 'abc'], {})).toThrow(/integer/);
  });

  it('a server started with --fault answers 503 with Retry-After on the matching routes only (real HTTP)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mypage-faults-'));
    const options = parseServerArgs(['--dev', '--demo', '--port', '0', '--data', dir, '--fault', 'GET /api/v1/terms=fail:1,retry:5', '--fault-seed', '3', '--scrypt-n', '16384'], {})!;
    const server = await startServer({ ...options, logger: { info: () => undefined, error: () => undefined } });
    try {
      const failed = await fetch(`${server.url}/api/v1/terms`);
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('5');
      expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
      expect((await fetch(`${server.url}/api/v1/health`)).status).toBe(200);
      const settings = await fetch(`${server.url}/api/v1/operator/faults`, { headers: { authorization: `Bearer ${server.operatorToken}` } });
      expect(((await settings.json()) as { seed: number }).seed).toBe(3);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
