import { ImapOtpError } from './errors.js';

/** Where the OTP mails arrive: `imaps://user@imap.example.com[:993]/INBOX` (D-14). */
export interface ImapMailboxAddress {
  /** `imaps:` is TLS from the first byte; `imap:` is plain, upgraded by STARTTLS when offered */
  secure: boolean;
  host: string;
  port: number;
  user: string;
  /** folder, `INBOX` when the URL has no path */
  mailbox: string;
}

function invalid(why: string): ImapOtpError {
  return new ImapOtpError('IMAP_URL_INVALID', `IMAP の URL が正しくありません（${why}）。例: imaps://user@imap.example.com/INBOX`, `The IMAP URL is not valid (${why}). Example: imaps://user@imap.example.com/INBOX`);
}

/**
 * Reads the mailbox URL. A password in the URL is refused: it belongs in the environment
 * (MYPAGE_IMAP_PASSWORD), never in a flag that shows up in `ps` or a CI log. The user may be
 * percent-encoded (`ci%40example.com`) or written with a plain `@` (`ci@example.com@imap.host`).
 */
export function parseImapUrl(input: string): ImapMailboxAddress {
  const text = input.trim();
  const scheme = /^(imaps?):\/\//i.exec(text);
  if (!scheme) throw invalid('imap:// or imaps://');
  const rest = text.slice(scheme[0].length);
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash + 1);
  const at = authority.lastIndexOf('@');
  if (at <= 0) throw invalid('no user');
  const userInfo = authority.slice(0, at);
  if (userInfo.includes(':')) throw invalid('a password in the URL; use MYPAGE_IMAP_PASSWORD');
  const hostPort = authority.slice(at + 1);
  let url: URL;
  try {
    url = new URL(`http://${hostPort}`);
  } catch {
    throw invalid('host');
  }
  if (!url.hostname || url.pathname !== '/' || url.search || url.hash) throw invalid('host');
  const secure = scheme[1]!.toLowerCase() === 'imaps';
  let user: string;
  let mailbox: string;
  try {
    user = decodeURIComponent(userInfo);
    mailbox = decodeURIComponent(path.replace(/\/+$/, '')) || 'INBOX';
  } catch {
    throw invalid('percent-encoding');
  }
  return {
    secure,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    user,
    mailbox,
  };
}

/** The URL as it may be shown: no secret is ever part of it. */
export function describeMailbox(a: ImapMailboxAddress): string {
  return `${a.secure ? 'imaps' : 'imap'}://${a.user}@${a.host}:${a.port}/${a.mailbox}`;
}
