import { MAIL_PATTERNS, MAIL_SUBJECTS, type Mail } from '@mypage/api/contract';
import { MailWaitTimeoutError, MyPageError } from '../errors.js';
import type { RequestOptions, Transport } from '../transport.js';

/** The dev mailbox (D-4): only on servers started with `--dev`. */
export class DevResource {
  constructor(
    private readonly t: Transport,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
  ) {}

  /** Mails the server "sent", oldest first; `to` filters by recipient. */
  async mailbox(query: { to?: string; since?: string } = {}, options?: RequestOptions): Promise<Mail[]> {
    return (await this.t.json('devMailbox', { query: { to: query.to, since: query.since } }, options)).items;
  }

  /** One mail by its id (from `mailbox()`); NOT_FOUND when the mailbox has none. */
  async mail(id: string, options?: RequestOptions): Promise<Mail> {
    return this.t.json('devMail', { params: { id } }, options);
  }

  /**
   * The newest mail to `to` matching `subject` (and sent at or after `after`, an ISO instant, to the second), polling
   * for up to `waitMs` (default 5 s) because a mail may land a moment after the request; then
   * `MailWaitTimeoutError` (code `MAIL_WAIT_TIMEOUT`).
   */
  async latestMail(
    to: string,
    query: { subject?: string; after?: string; waitMs?: number } = {},
    options?: RequestOptions,
  ): Promise<Mail> {
    const deadline = Date.now() + (query.waitMs ?? 5_000);
    // Mails carry whole seconds (`…T10:19:00+09:00`): compare at that precision.
    const after = query.after ? Math.floor(Date.parse(query.after) / 1000) * 1000 : Number.NEGATIVE_INFINITY;
    for (;;) {
      const mails = await this.mailbox({ to }, options);
      const match = mails
        .filter((m) => (query.subject === undefined || m.subject === query.subject) && Date.parse(m.sentAt) >= after)
        .at(-1);
      if (match) return match;
      if (Date.now() >= deadline) {
        throw new MailWaitTimeoutError({
          code: 'MAIL_WAIT_TIMEOUT',
          status: null,
          messageJa: 'メールが届きませんでした。',
          messageEn: `No mail${query.subject ? ` "${query.subject}"` : ''} in the dev mailbox yet.`,
        });
      }
      await this.sleep(100, options?.signal);
    }
  }

  /** The 6-digit OTP of the newest login mail to `email` (MAIL_PATTERNS.otp). */
  async latestOtp(email: string, query: { after?: string; waitMs?: number } = {}, options?: RequestOptions): Promise<string> {
    const mail = await this.latestMail(email, { ...query, subject: MAIL_SUBJECTS.otp }, options);
    const code = MAIL_PATTERNS.otp.exec(mail.text)?.[1];
    if (!code) throw new MyPageError({ code: 'UNEXPECTED_RESPONSE', messageEn: 'The OTP mail has no one-time password line.' });
    return code;
  }
}
