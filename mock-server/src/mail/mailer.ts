import { jstIso } from '@mypage/api';
import type { Clock } from '../clock.js';
import { loadOutbox, MailFileWriter, type Warn } from './outbox-files.js';

/** D-4 / R-REG-6: every mail comes from this address. */
export const MAIL_FROM = 'info-mediahikari@n-media.co.jp';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Parts of `text` that open an account (OTP, temporary password, link): never kept at rest outside dev mode. */
  secrets?: readonly string[];
}

export interface SentMail {
  id: string;
  from: string;
  to: string;
  subject: string;
  /** The text as kept: whole in dev mode; outside it secrets redacted, and empty once SMTP accepted the mail. */
  text: string;
  sentAt: string;
  /** Outside dev mode: what the outbox kept of the text. */
  kept?: 'redacted' | 'headers-only';
}

/** What replaces a secret in a kept copy. */
export const REDACTED = '［秘匿］';

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED);
  return out;
}

/** Sends mail. The outbox always keeps a copy; SMTP is used when configured. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SentMail>;
  /** Mails sent so far, oldest first (dev mailbox, tests). */
  list(filter?: { to?: string }): SentMail[];
}

export interface SmtpTransport {
  sendMail(mail: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

export interface OutboxOptions {
  clock: Clock;
  /** Folder to keep one JSON file per mail in; omitted: memory only. */
  dir?: string;
  /** nodemailer transport (or anything with `sendMail`). */
  smtp?: SmtpTransport;
  /**
   * Keep the whole text in the outbox (dev mode: the dev mailbox shows it). When false, the copy
   * in memory and on disk has its secrets redacted, and once SMTP accepted the mail only its
   * headers stay. Default true (a memory outbox in tests); main.ts passes `--dev`.
   */
  keepSecrets?: boolean;
  /** Told about damaged or leftover files found at start (never fatal). */
  warn?: Warn;
}

/**
 * The outbox (D-4): mails are kept in memory and, with `dir`, on disk (one file per mail, so a
 * restarted server still shows them in the dev mailbox), and sent by SMTP when configured.
 */
export class Outbox implements Mailer {
  readonly #mails: SentMail[] = [];
  readonly #opts: OutboxOptions;
  readonly #files: MailFileWriter | undefined;
  #seq = 0;

  constructor(opts: OutboxOptions) {
    this.#opts = opts;
    if (opts.dir) {
      const loaded = loadOutbox(opts.dir, opts.warn ?? (() => undefined));
      this.#mails.push(...loaded.mails);
      this.#seq = loaded.lastSeq;
      this.#files = new MailFileWriter(opts.dir);
    }
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const seq = ++this.#seq;
    const { secrets = [], ...content } = mail;
    const keep = this.#opts.keepSecrets ?? true;
    let sent: SentMail = {
      id: `mail-${String(seq).padStart(6, '0')}`,
      from: MAIL_FROM,
      ...content,
      ...(keep ? {} : { text: redactSecrets(content.text, secrets), kept: 'redacted' as const }),
      sentAt: jstIso(this.#opts.clock.now()),
    };
    const index = this.#mails.push(sent) - 1;
    const files = this.#files;
    if (files) await files.write(sent);
    if (this.#opts.smtp) {
      await this.#opts.smtp.sendMail({ from: MAIL_FROM, to: content.to, subject: content.subject, text: content.text });
      if (!keep) {
        // Delivered: nothing of the text needs to stay (the customer has it).
        sent = { ...sent, text: '', kept: 'headers-only' };
        this.#mails[index] = sent;
        if (files) await files.write(sent);
      }
    }
    return sent;
  }

  list(filter: { to?: string } = {}): SentMail[] {
    const to = filter.to?.toLowerCase();
    return this.#mails.filter((m) => to === undefined || m.to.toLowerCase() === to);
  }
}
