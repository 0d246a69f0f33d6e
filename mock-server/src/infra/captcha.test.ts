import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { createCaptchaVerifier } from './captcha.js';

/*
 * R-LOGIN-6: the robot-check verifiers. `recaptcha` is tested against a local HTTP server that
 * plays Google's siteverify (never the internet).
 */

describe('captcha verifiers (R-LOGIN-6)', () => {
  it('none: accepts anything (dev only; main.ts refuses it outside --dev)', async () => {
    const v = createCaptchaVerifier({ mode: 'none' });
    expect(v.info()).toEqual({ provider: 'none' });
    expect(await v.verify(undefined)).toBe(true);
  });

  it('test: only the configured token passes', async () => {
    const v = createCaptchaVerifier({ mode: 'test', token: 'local-robot-check' });
    expect(v.info()).toEqual({ provider: 'test' });
    expect(await v.verify('local-robot-check')).toBe(true);
    for (const token of [undefined, '', 'local-robot-chec', 'local-robot-check ', 'LOCAL-ROBOT-CHECK']) {
      expect(await v.verify(token)).toBe(false);
    }
    expect(() => createCaptchaVerifier({ mode: 'test', token: '' })).toThrow();
  });

  describe('recaptcha, against a local siteverify', () => {
    let server: Server;
    let url: string;
    const seen: Record<string, string>[] = [];
    let mode: 'normal' | 'http-500' | 'not-json' = 'normal';

    beforeAll(async () => {
      server = createServer(async (req: IncomingMessage, res) => {
        let body = '';
        for await (const chunk of req) body += chunk;
        const form = Object.fromEntries(new URLSearchParams(body));
        seen.push({ ...form, contentType: req.headers['content-type'] ?? '', method: req.method ?? '' });
        if (mode === 'http-500') return res.writeHead(500).end('boom');
        if (mode === 'not-json') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
        const success = form.secret === 'server-secret' && form.response === 'human-token';
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(success ? { success: true, hostname: 'localhost' } : { success: false, 'error-codes': ['invalid-input-response'] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/recaptcha/api/siteverify`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('POSTs secret + response (+ remoteip) as a form and trusts `success`', async () => {
      mode = 'normal';
      const v = createCaptchaVerifier({ mode: 'recaptcha', secret: 'server-secret', siteKey: 'site-key-1', verifyUrl: url });
      expect(v.info()).toEqual({ provider: 'recaptcha', siteKey: 'site-key-1' });
      expect(await v.verify('human-token', '127.0.0.1')).toBe(true);
      expect(seen.at(-1)).toEqual({ secret: 'server-secret', response: 'human-token', remoteip: '127.0.0.1', contentType: 'application/x-www-form-urlencoded', method: 'POST' });
      expect(await v.verify('robot-token')).toBe(false);
    });

    it('a missing token is refused without asking', async () => {
      const before = seen.length;
      const v = createCaptchaVerifier({ mode: 'recaptcha', secret: 'server-secret', siteKey: 'k', verifyUrl: url });
      expect(await v.verify(undefined)).toBe(false);
      expect(await v.verify('')).toBe(false);
      expect(seen.length).toBe(before);
    });

    it('a verifier that fails or answers nonsense → SERVICE_UNAVAILABLE, not a pass', async () => {
      const v = createCaptchaVerifier({ mode: 'recaptcha', secret: 'server-secret', siteKey: 'k', verifyUrl: url });
      for (const m of ['http-500', 'not-json'] as const) {
        mode = m;
        await expect(v.verify('human-token')).rejects.toSatisfy((e: unknown) => e instanceof ApiError && e.code === 'SERVICE_UNAVAILABLE');
      }
      mode = 'normal';
      const closedPort = createCaptchaVerifier({ mode: 'recaptcha', secret: 's', siteKey: 'k', verifyUrl: 'http://127.0.0.1:1/siteverify' });
      await expect(closedPort.verify('human-token')).rejects.toBeInstanceOf(ApiError);
    });
  });
});
