import { timingSafeEqual } from 'node:crypto';
import type { CaptchaInfo } from '@mypage/api';
import type { CaptchaVerifier } from '../domain/ports.js';
import { ApiError } from '../errors.js';
import { sha256 } from './secrets.js';

/*
 * The robot check of the login (R-LOGIN-2, R-LOGIN-6 decision): one verifier per server, chosen
 * by `--captcha`:
 * - `none`: accepts everything — allowed only in dev mode (main.ts refuses it otherwise: never a
 *   hard-coded bypass in production);
 * - `test`: a local challenge a client can satisfy programmatically — the token must equal the
 *   configured one (`--captcha-token`);
 * - `recaptcha`: the token is a reCAPTCHA response, checked by POSTing `secret` + `response` to
 *   the verify URL (Google's siteverify by default; configurable so tests use a local server).
 */

export type CaptchaMode = 'none' | 'test' | 'recaptcha';
export const CAPTCHA_MODES: readonly CaptchaMode[] = ['none', 'test', 'recaptcha'];
export const RECAPTCHA_VERIFY_URL = 'https://www.google.com/recaptcha/api/siteverify';

export type CaptchaOptions =
  | { mode: 'none' }
  | { mode: 'test'; token: string }
  | {
      mode: 'recaptcha';
      secret: string;
      siteKey: string;
      verifyUrl?: string;
      /** Injected for tests of the network edge; defaults to the global fetch. */
      fetch?: typeof fetch;
      timeoutMs?: number;
    };

export function createCaptchaVerifier(options: CaptchaOptions): CaptchaVerifier {
  switch (options.mode) {
    case 'none':
      return { info: () => ({ provider: 'none' }), verify: async () => true };
    case 'test':
      return testVerifier(options.token);
    case 'recaptcha':
      return recaptchaVerifier(options);
  }
}

function testVerifier(expected: string): CaptchaVerifier {
  if (!expected) throw new TypeError('captcha mode `test` needs a token');
  const expectedHash = Buffer.from(sha256(expected), 'hex');
  return {
    info: (): CaptchaInfo => ({ provider: 'test' }),
    verify: async (token) => {
      if (typeof token !== 'string' || token.length === 0) return false;
      return timingSafeEqual(Buffer.from(sha256(token), 'hex'), expectedHash);
    },
  };
}

function recaptchaVerifier(options: Extract<CaptchaOptions, { mode: 'recaptcha' }>): CaptchaVerifier {
  if (!options.secret || !options.siteKey) throw new TypeError('captcha mode `recaptcha` needs a secret and a site key');
  const url = options.verifyUrl ?? RECAPTCHA_VERIFY_URL;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    info: (): CaptchaInfo => ({ provider: 'recaptcha', siteKey: options.siteKey }),
    verify: async (token, remoteIp) => {
      if (typeof token !== 'string' || token.length === 0) return false;
      const form = new URLSearchParams({ secret: options.secret, response: token });
      if (remoteIp) form.set('remoteip', remoteIp);
      let body: unknown;
      try {
        const res = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
          signal: AbortSignal.timeout(timeoutMs),
        });
        if (!res.ok) throw new Error(`verify answered ${res.status}`);
        body = await res.json();
      } catch {
        // The verifier could not be asked: not the user's fault, so not CAPTCHA_FAILED.
        throw new ApiError('SERVICE_UNAVAILABLE', { retryAfter: 30 });
      }
      return typeof body === 'object' && body !== null && (body as { success?: unknown }).success === true;
    },
  };
}
