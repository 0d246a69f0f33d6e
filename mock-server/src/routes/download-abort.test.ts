import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { parseFaultRule } from '../faults/rules.js';
import { FaultSwitches } from '../faults/switches.js';
import { generateData } from '../seed/generate.js';
import { acceptAllCaptcha, createTestApp, storedData } from '../testing/index.js';
import { activeAccount, sessionToken } from '../testing/index.js';

/*
 * A client that hangs up in the middle of a streamed download (Ctrl-C during `mypage calls export`,
 * a dropped connection) must cost the server nothing but that response. Regression: the CSV and
 * PDF streams were bridged with `Readable.toWeb`, which threw `ERR_INVALID_STATE: Controller is
 * already closed` from a stream callback after the cancel — an uncaught exception that killed the
 * whole server process.
 */
describe('streamed downloads survive a client that hangs up mid-stream', () => {
  const csv = '/api/v1/bills/2024-06/call-records.csv?encoding=sjis';
  const pdf = '/api/v1/bills/2024-06/invoice.pdf';
  it.each([
    ['call-records CSV (R-CALL-3), after the first chunk', csv, 'first-chunk'],
    ['invoice PDF (R-BILL-3), after the first chunk', pdf, 'first-chunk'],
    ['call-records CSV, before the answer starts (slow server)', csv, 'before-answer'],
    ['invoice PDF, before the answer starts (slow server)', pdf, 'before-answer'],
  ] as const)('%s', async (_name, path, when) => {
    const t = await createTestApp({
      seed: (d) => {
        generateData(d, { customers: 1, months: 1, callsPerLine: 40_000, seed: 7 });
        d.billingGroups[0]!.callRecordsFrom = '2024-01';
      },
      now: '2024-08-01T10:00:00+09:00',
    });
    const group = (await storedData(t)).billingGroups[0]!;
    const account = await activeAccount(t, group.id);
    const token = await sessionToken(t, account.id);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    // `before-answer`: a dev-mode latency fault holds the answer while the client hangs up.
    const faults = new FaultSwitches({ rules: when === 'before-answer' ? [parseFaultRule('GET /api/v1/bills/*=latency:300')] : [] });
    const app = createApp({ repos: t.store, hasher: t.hasher, mailer: t.mailer, clock: t.clock, captcha: acceptAllCaptcha, config: t.config, faults });
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', (chunk: Buffer) => {
            expect(chunk.length).toBeGreaterThan(0);
            req.destroy(); // hang up after the first chunk
            resolve();
          });
        });
        req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
        req.end();
        if (when === 'before-answer') {
          setTimeout(() => {
            req.destroy(); // hang up while the server is still preparing the answer
            resolve();
          }, 50);
        }
      });
      await new Promise((r) => setTimeout(r, 1_000)); // the handler runs and streams into the closed socket
      const health = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
