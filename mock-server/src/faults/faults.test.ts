import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { createTestApp, demoSeed } from '../testing/index.js';
import { faultMiddleware } from './middleware.js';
import { parseFaultRule, ruleMatches } from './rules.js';
import { FaultSwitches } from './switches.js';
import { Hono } from 'hono';

describe('fault rule syntax (--fault)', () => {
  it('parses method, pattern and settings', () => {
    expect(parseFaultRule('GET /api/v1/bills*=latency:200,fail:0.5')).toEqual({ method: 'GET', pattern: '/api/v1/bills*', latencyMs: 200, failRate: 0.5, dropRate: 0, retryAfterSeconds: 1 });
    expect(parseFaultRule('/api/v1/*=drop:0.25,retry:3')).toEqual({ method: '*', pattern: '/api/v1/*', latencyMs: 0, failRate: 0, dropRate: 0.25, retryAfterSeconds: 3 });
  });

  it('rejects bad syntax with a message that says what is wrong', () => {
    expect(() => parseFaultRule('GET /x')).toThrow(/expected/);
    expect(() => parseFaultRule('FETCH /x=fail:0.1')).toThrow(/unknown method/);
    expect(() => parseFaultRule('GET x=fail:0.1')).toThrow(/starting with \//);
    expect(() => parseFaultRule('GET /x=fail:1.5')).toThrow(/between 0 and 1/);
    expect(() => parseFaultRule('GET /x=fail:0.6,drop:0.6')).toThrow(/must not exceed 1/);
    expect(() => parseFaultRule('GET /x=slow:1')).toThrow(/unknown setting/);
    expect(() => parseFaultRule('GET /x=latency:-1')).toThrow(/non-negative/);
  });

  it('matches by method and glob', () => {
    const rule = parseFaultRule('GET /api/v1/bills*=fail:1');
    expect(ruleMatches(rule, 'GET', '/api/v1/bills')).toBe(true);
    expect(ruleMatches(rule, 'get', '/api/v1/bills/2023-10/invoice.pdf')).toBe(true);
    expect(ruleMatches(rule, 'POST', '/api/v1/bills')).toBe(false);
    expect(ruleMatches(rule, 'GET', '/api/v1/contracts')).toBe(false);
  });
});

describe('fault switches', () => {
  it('are deterministic for a seed: the same requests give the same outcomes', () => {
    const outcomes = (seed: number) => {
      const s = new FaultSwitches({ rules: [parseFaultRule('/api/*=fail:0.3,drop:0.2')], seed });
      return Array.from({ length: 200 }, () => s.decide('GET', '/api/v1/bills')!.outcome);
    };
    const first = outcomes(42);
    expect(outcomes(42)).toEqual(first);
    expect(outcomes(43)).not.toEqual(first);
    const fails = first.filter((o) => o === 'fail').length;
    const drops = first.filter((o) => o === 'drop').length;
    expect(fails).toBeGreaterThan(30);
    expect(fails).toBeLessThan(90);
    expect(drops).toBeGreaterThan(15);
    expect(drops).toBeLessThan(70);
  });

  it('add the configured latency before answering (the sleep is injected, no timing in tests)', async () => {
    const slept: number[] = [];
    const app = new Hono();
    const faults = new FaultSwitches({ rules: [parseFaultRule('GET /api/v1/bills*=latency:200')], seed: 1 });
    app.use('/api/*', faultMiddleware({ faults, enabled: true, sleep: async (ms) => void slept.push(ms) }));
    app.get('/api/v1/*', (c) => c.text('ok'));
    expect(await (await app.request('/api/v1/bills/2023-10')).text()).toBe('ok');
    expect(await (await app.request('/api/v1/contracts')).text()).toBe('ok');
    expect(slept).toEqual([200]);
  });

  it('do nothing outside dev mode', async () => {
    const faults = new FaultSwitches({ rules: [parseFaultRule('/api/*=fail:1')], seed: 1 });
    const t = await createTestApp({ config: { dev: false } });
    const app = createApp({ repos: t.store, hasher: t.hasher, mailer: t.mailer, clock: t.clock, captcha: { info: () => ({ provider: 'none' }), verify: async () => true }, config: t.config, faults });
    expect((await app.request('/api/v1/health')).status).toBe(200);
    const devApp = createApp({ repos: t.store, hasher: t.hasher, mailer: t.mailer, clock: t.clock, captcha: { info: () => ({ provider: 'none' }), verify: async () => true }, config: { ...t.config, dev: true }, faults });
    const res = await devApp.request('/api/v1/health');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
  });

  it('drop the connection of a real HTTP request without an answer', async () => {
    const t = await createTestApp({ seed: demoSeed });
    const faults = new FaultSwitches({ rules: [parseFaultRule('GET /api/v1/health=drop:1')], seed: 7 });
    const app = createApp({ repos: t.store, hasher: t.hasher, mailer: t.mailer, clock: t.clock, captcha: { info: () => ({ provider: 'none' }), verify: async () => true }, config: t.config, faults });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      await expect(fetch(`http://127.0.0.1:${port}/api/v1/health`)).rejects.toThrow();
      const ok = await fetch(`http://127.0.0.1:${port}/api/v1/terms`);
      expect(ok.status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
