import type { LoginChallenge } from '@mypage/api/contract';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { ImapOtpError } from './errors.js';
import { PORTAL_SENDER, readOtpMail } from './message.js';
import { describeMailbox, parseImapUrl, type ImapMailboxAddress } from './url.js';

/*
 * The OTP of a login, read from a real mailbox (D-14): for CI jobs with nobody to read the mail.
 *
 * Which mail belongs to THIS login: open() is called before the login request and notes the
 * folder's UIDNEXT; only mails with a UID at or above it arrived after the request. Of those, only
 * the portal's sender counts (D-4), and only a mail that is the login OTP mail (MAIL_PATTERNS);
 * the newest wins. A code from an earlier login, or six digits from another sender, is never taken.
 */

export interface ImapOtpOptions {
  /** `imaps://user@imap.example.com/INBOX` (TLS) or `imap://…` (STARTTLS when offered) */
  url: string;
  /** the mailbox password (or app password); give this or accessToken */
  password?: string;
  /** an OAuth2 access token, sent by XOAUTH2 (Gmail, Microsoft 365) */
  accessToken?: string;
  /** the portal's sender; default info-mediahikari@n-media.co.jp */
  sender?: string;
  /** how long to wait for the mail after the login request; default 120 s */
  timeoutMs?: number;
  /** how long to wait for the server to answer when connecting; default 15 s */
  connectTimeoutMs?: number;
  /** how often to look again when the server's IDLE says nothing; default 5 s */
  pollIntervalMs?: number;
  /** delete (expunge) the mail once read; default false: it is only marked seen */
  deleteAfterRead?: boolean;
  /** progress lines for a log (never a secret or a code) */
  log?: (message: string) => void;
  /** TLS options for `imaps:` / STARTTLS, e.g. a private CA */
  tls?: ImapFlowOptions['tls'];
  /** injected clock (tests); default Date.now */
  now?: () => number;
}

export const DEFAULT_IMAP_OTP_TIMEOUT_MS = 120_000;
/** otp() without open(): mails that arrived up to this long before the source was made still count */
const ARRIVAL_SLACK_MS = 5_000;

export class ImapOtpSource {
  readonly mailbox: ImapMailboxAddress;
  private client?: ImapFlow;
  private opened?: Promise<void>;
  /** UIDs at or above this arrived after open() */
  private floorUid = 1;
  private closedBy?: Error;
  private wake?: () => void;
  /** the server announced new mail since the last look */
  private announced = false;
  /**
   * Set when otp() came before open(): this login's mail may already be there, so mails are told
   * apart by their arrival time instead (the server's clock; a few seconds of slack).
   */
  private arrivedAfter?: number;
  private readonly createdAt: number;

  constructor(private readonly opts: ImapOtpOptions) {
    this.mailbox = parseImapUrl(opts.url);
    this.createdAt = (opts.now ?? Date.now)();
    if (!opts.password && !opts.accessToken) {
      throw new ImapOtpError('IMAP_AUTH_FAILED', 'メールボックスのパスワード（MYPAGE_IMAP_PASSWORD）またはアクセストークン（MYPAGE_IMAP_ACCESS_TOKEN）が必要です。', 'The mailbox needs a password (MYPAGE_IMAP_PASSWORD) or an OAuth2 access token (MYPAGE_IMAP_ACCESS_TOKEN).');
    }
  }

  /**
   * Connects, signs in and notes which mails are already there. Call it BEFORE the login request:
   * a wrong mailbox password then fails before the portal sends an OTP, and the mail of this
   * login is told apart from older ones by its UID.
   */
  open(): Promise<void> {
    this.opened ??= this.connect();
    return this.opened;
  }

  /** The `otp` callback of `client.auth.login()`: waits for this login's OTP mail. */
  readonly otp = async (_challenge?: LoginChallenge): Promise<string> => {
    const late = !this.opened;
    await this.open();
    if (late) {
      this.arrivedAfter = this.createdAt - ARRIVAL_SLACK_MS;
      this.floorUid = 1;
    }
    return this.waitForOtp();
  };

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (!c) return;
    try {
      await Promise.race([c.logout(), new Promise((r) => setTimeout(r, 2000).unref())]);
    } catch {
      // already gone
    }
    c.close();
  }

  private log(message: string): void {
    this.opts.log?.(message);
  }

  private async connect(): Promise<void> {
    const m = this.mailbox;
    const where = describeMailbox(m);
    const connectTimeout = this.opts.connectTimeoutMs ?? 15_000;
    const client = new ImapFlow({
      host: m.host,
      port: m.port,
      secure: m.secure,
      auth: this.opts.accessToken ? { user: m.user, accessToken: this.opts.accessToken } : { user: m.user, pass: this.opts.password! },
      logger: false,
      emitLogs: false,
      disableCompression: true,
      connectionTimeout: connectTimeout,
      greetingTimeout: connectTimeout,
      autoIdleDelay: 500,
      maxIdleTime: this.opts.pollIntervalMs ?? 5000,
      ...(this.opts.tls ? { tls: this.opts.tls } : {}),
      clientInfo: { name: 'mypage' },
    });
    client.on('error', (err: Error) => {
      this.closedBy ??= err;
      this.wake?.();
    });
    client.on('close', () => {
      this.closedBy ??= new Error('closed');
      this.wake?.();
    });
    client.on('exists', () => {
      this.announced = true;
      this.wake?.();
    });
    this.log(`IMAP: connecting to ${where}`);
    try {
      await client.connect();
    } catch (err) {
      client.close();
      throw connectError(err, where);
    }
    this.client = client;
    try {
      const box = await client.mailboxOpen(m.mailbox);
      this.floorUid = Number(box.uidNext ?? 1);
    } catch (err) {
      await this.close();
      if (isNoSuchMailbox(err)) {
        throw new ImapOtpError('IMAP_MAILBOX_NOT_FOUND', `メールボックスにフォルダ「${m.mailbox}」がありません（${where}）。`, `The mailbox has no folder "${m.mailbox}" (${where}).`);
      }
      throw connectError(err, where);
    }
    this.log(`IMAP: signed in to ${where}`);
  }

  private async waitForOtp(): Promise<string> {
    const client = this.client;
    const where = describeMailbox(this.mailbox);
    if (!client) throw unreachable(where, 'closed');
    const now = this.opts.now ?? Date.now;
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_IMAP_OTP_TIMEOUT_MS;
    const deadline = now() + timeoutMs;
    const pollMs = this.opts.pollIntervalMs ?? 5000;
    for (;;) {
      if (this.closedBy) throw unreachable(where, errorCode(this.closedBy));
      let found: { uid: number; otp: string } | null;
      try {
        found = await this.findNewest(client);
      } catch (err) {
        throw unreachable(where, errorCode(err));
      }
      if (found) {
        await this.consume(client, found.uid);
        // asked again (a retry after a wrong code): only a later mail can answer
        this.floorUid = found.uid + 1;
        this.arrivedAfter = undefined;
        this.log(`IMAP: found the login mail (UID ${found.uid})`);
        return found.otp;
      }
      const left = deadline - now();
      if (left <= 0) {
        throw new ImapOtpError(
          'IMAP_OTP_TIMEOUT',
          `${Math.round(timeoutMs / 1000)} 秒待ちましたが、${this.sender()} からのワンタイムパスワードのメールが ${where} に届きませんでした。`,
          `No one-time password mail from ${this.sender()} reached ${where} within ${Math.round(timeoutMs / 1000)} s.`,
        );
      }
      if (this.announced) continue;
      // IDLE announces new mail ('exists'); the poll is the fallback for servers that stay silent
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, pollMs));
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.wake = done;
      });
      this.wake = undefined;
    }
  }

  private sender(): string {
    return (this.opts.sender ?? PORTAL_SENDER).toLowerCase();
  }

  /** The newest OTP mail from the sender among the mails that arrived after open(). */
  private async findNewest(client: ImapFlow): Promise<{ uid: number; otp: string } | null> {
    // a SEARCH sees the folder as the server last showed it: NOOP first, so mail delivered since
    // (this login's, typically, right after the login request) is in view
    this.announced = false;
    await client.noop();
    const lazy = this.arrivedAfter !== undefined;
    const query = lazy ? { since: new Date(this.arrivedAfter! - 86_400_000), from: this.sender() } : { uid: `${this.floorUid}:*`, from: this.sender() };
    const uids = await client.search(query, { uid: true });
    // `n:*` always names the last mail, even one below n: keep only the new ones
    const fresh = (uids || []).filter((u) => u >= this.floorUid).sort((a, b) => b - a);
    for (const uid of fresh) {
      const msg = await client.fetchOne(String(uid), { source: true, internalDate: true }, { uid: true });
      if (!msg || !msg.source) continue;
      if (lazy && !(msg.internalDate && new Date(msg.internalDate).getTime() >= this.arrivedAfter!)) continue;
      const mail = await readOtpMail(msg.source, this.sender());
      if (mail) return { uid, otp: mail.otp };
    }
    return null;
  }

  private async consume(client: ImapFlow, uid: number): Promise<void> {
    try {
      if (this.opts.deleteAfterRead) await client.messageDelete(String(uid), { uid: true });
      else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    } catch {
      // the code is what matters; a read-only folder keeps the mail unseen
      this.log('IMAP: could not mark the mail as read');
    }
  }
}

/**
 * Runs `login` with an IMAP source opened beforehand and closed afterwards:
 * `await withImapOtp(opts, (otp) => client.auth.login({ accessId, password, otp }))`.
 */
export async function withImapOtp<T>(opts: ImapOtpOptions, login: (otp: ImapOtpSource['otp']) => Promise<T>): Promise<T> {
  const source = new ImapOtpSource(opts);
  try {
    await source.open();
    return await login(source.otp);
  } finally {
    await source.close();
  }
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'connection lost';
}

function unreachable(where: string, why: string): ImapOtpError {
  return new ImapOtpError('IMAP_UNREACHABLE', `メールボックス ${where} に接続できませんでした（${why}）。`, `Could not reach the mailbox ${where} (${why}).`);
}

function isNoSuchMailbox(err: unknown): boolean {
  const e = err as { serverResponseCode?: string; responseText?: string } | null;
  return e?.serverResponseCode === 'NONEXISTENT' || /doesn't exist|does not exist|unknown mailbox|no such mailbox/i.test(e?.responseText ?? '');
}

/** Sign-in refused → IMAP_AUTH_FAILED; anything else before the folder is open → IMAP_UNREACHABLE. */
function connectError(err: unknown, where: string): ImapOtpError {
  const e = err as { authenticationFailed?: boolean; serverResponseCode?: string } | null;
  // a server that cannot check the password right now is not a wrong password
  if (e?.serverResponseCode === 'UNAVAILABLE') return unreachable(where, 'UNAVAILABLE');
  if (e?.authenticationFailed || e?.serverResponseCode === 'AUTHENTICATIONFAILED') {
    return new ImapOtpError('IMAP_AUTH_FAILED', `メールボックス ${where} にログインできませんでした（パスワードまたはアクセストークンが正しくありません）。`, `The mailbox ${where} refused the sign-in (wrong password or access token).`);
  }
  return unreachable(where, errorCode(err));
}
