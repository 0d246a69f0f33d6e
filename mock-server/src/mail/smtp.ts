import nodemailer from 'nodemailer';
import { ApiError } from '../errors.js';
import type { SmtpTransport } from './mailer.js';

/**
 * SMTP delivery (D-4) when `--smtp-url` is set, e.g. `smtp://user:pass@mail.example.jp:587`
 * or `smtps://…:465`. The outbox keeps its copy first; when the SMTP server cannot be reached
 * the request answers SERVICE_UNAVAILABLE (503, retry later) rather than pretending the mail
 * went out. The error never carries the mail text (it may hold an OTP or a password).
 */
export function createSmtpTransport(url: string, opts: { onError?: (message: string) => void } = {}): SmtpTransport {
  // A mail server that stalls answers 503 within a minute, not after nodemailer's defaults (2 min
  // to connect, 10 of silence): a POST waiting on it holds its Idempotency-Key (D-12) meanwhile.
  const transport = nodemailer.createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
  return {
    async sendMail(mail) {
      try {
        return await transport.sendMail({ ...mail, textEncoding: 'base64' });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        opts.onError?.(`SMTP delivery failed${typeof code === 'string' ? ` (${code})` : ''}`);
        throw new ApiError('SERVICE_UNAVAILABLE', { retryAfter: 60 });
      }
    },
  };
}

/** Checks an SMTP URL up front so a typo fails at start, not at the first mail. */
export function isSmtpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}
