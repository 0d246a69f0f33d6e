/*
 * Failures of the IMAP OTP source (D-14), each with its own stable code so a CI job can tell
 * "fix the mailbox settings" from "the portal's mail did not come". Messages name the mailbox
 * (host, user, folder) and never the password, the access token or a code (D-14: secrets never
 * reach a log or an error).
 */

export type ImapOtpErrorCode =
  /** the server could not be reached (DNS, refused, TLS, timeout before the greeting) */
  | 'IMAP_UNREACHABLE'
  /** the server refused the password or the access token */
  | 'IMAP_AUTH_FAILED'
  /** the folder in the URL does not exist */
  | 'IMAP_MAILBOX_NOT_FOUND'
  /** no OTP mail of this login arrived within the timeout */
  | 'IMAP_OTP_TIMEOUT'
  /** a URL that is not `imap://` or `imaps://`, or one without a user */
  | 'IMAP_URL_INVALID';

export class ImapOtpError extends Error {
  override name = 'ImapOtpError';
  /** never an HTTP answer: kept for the shape every SDK error has */
  readonly status = null;

  constructor(
    readonly code: ImapOtpErrorCode,
    readonly messageJa: string,
    readonly messageEn: string,
  ) {
    super(`${messageEn} (${messageJa})`);
  }

  toJSON() {
    return { name: this.name, code: this.code, status: this.status, message: this.message, messageJa: this.messageJa, messageEn: this.messageEn };
  }
}
