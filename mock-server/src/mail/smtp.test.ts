import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../clock.js';
import { ApiError } from '../errors.js';
import { Outbox } from './mailer.js';
import { createSmtpTransport, isSmtpUrl } from './smtp.js';
import { otpMail } from './templates.js';

/* D-4: with --smtp-url the outbox also sends by SMTP (a local smtp-server on 127.0.0.1). */

describe('SMTP delivery (D-4)', () => {
  let server: SMTPServer;
  let port: number;
  const received: { from: string; to: string[]; raw: string }[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.setEncoding('utf8');
        stream.on('data', (c: string) => (raw += c));
        stream.on('end', () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the Japanese OTP mail from info-mediahikari@n-media.co.jp and keeps the outbox copy', async () => {
    const clock = new FakeClock();
    const outbox = new Outbox({ clock, smtp: createSmtpTransport(`smtp://127.0.0.1:${port}`) });
    await outbox.send(otpMail({ to: 'taro@example.jp', otp: '123456', expiresAt: new Date(clock.now().getTime() + 600_000) }));
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.from).toBe('info-mediahikari@n-media.co.jp');
    expect(mail.to).toEqual(['taro@example.jp']);
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?/m); // encoded Japanese subject
    const body = mail.raw.split(/\r?\n\r?\n/).slice(1).join('\n').replace(/\r?\n/g, '');
    expect(Buffer.from(body, 'base64').toString('utf8')).toContain('ワンタイムパスワード：123456');
    expect(outbox.list({ to: 'taro@example.jp' })).toHaveLength(1);
  });

  it('an unreachable SMTP server answers SERVICE_UNAVAILABLE without leaking the mail text', async () => {
    const errors: string[] = [];
    const transport = createSmtpTransport('smtp://127.0.0.1:1', { onError: (m) => errors.push(m) });
    const error = await transport.sendMail({ from: 'a@example.jp', to: 'b@example.jp', subject: 's', text: 'ワンタイムパスワード：654321' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('SERVICE_UNAVAILABLE');
    expect(errors.join('\n')).not.toContain('654321');
    expect(JSON.stringify(error)).not.toContain('654321');
  });

  it('checks SMTP URLs up front', () => {
    expect(isSmtpUrl('smtp://mail.example.jp:587')).toBe(true);
    expect(isSmtpUrl('smtps://u:p@mail.example.jp:465')).toBe(true);
    expect(isSmtpUrl('http://mail.example.jp')).toBe(false);
    expect(isSmtpUrl('not a url')).toBe(false);
  });
});
