import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jstIso } from '@mypage/api';
import type { Clock } from '../clock.js';

/** D-4 / R-REG-6: every mail comes from this address. */
export const MAIL_FROM = 'info-mediahikari@n-media.co.jp';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface SentMail extends OutgoingMail {
  id: string;
  from: string;
  sentAt: string;
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
}

/**
 * The outbox (D-4): mails are kept in memory and, with `dir`, on disk (one file per mail, so a
 * restarted server still shows them in the dev mailbox), and sent by SMTP when configured.
 */
export class Outbox implements Mailer {
  readonly #mails: SentMail[] = [];
  readonly #opts: OutboxOptions;
  #seq = 0;

  constructor(opts: OutboxOptions) {
    this.#opts = opts;
    if (opts.dir) {
      mkdirSync(opts.dir, { recursive: true });
      for (const name of readdirSync(opts.dir).filter((n) => n.endsWith('.json')).sort()) {
        this.#mails.push(JSON.parse(readFileSync(path.join(opts.dir, name), 'utf8')) as SentMail);
      }
      this.#seq = this.#mails.length;
    }
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const seq = ++this.#seq;
    const sent: SentMail = {
      id: `mail-${String(seq).padStart(6, '0')}`,
      from: MAIL_FROM,
      ...mail,
      sentAt: jstIso(this.#opts.clock.now()),
    };
    this.#mails.push(sent);
    if (this.#opts.dir) {
      await writeFile(path.join(this.#opts.dir, `${sent.id}.json`), JSON.stringify(sent, null, 2), { mode: 0o600 });
    }
    if (this.#opts.smtp) {
      await this.#opts.smtp.sendMail({ from: MAIL_FROM, to: sent.to, subject: sent.subject, text: sent.text });
    }
    return sent;
  }

  list(filter: { to?: string } = {}): SentMail[] {
    const to = filter.to?.toLowerCase();
    return this.#mails.filter((m) => to === undefined || m.to.toLowerCase() === to);
  }
}
