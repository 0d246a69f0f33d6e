/**
 * `@mypage/sdk/imap`: the login OTP read from a real mailbox (D-14), for unattended jobs.
 * A separate entry point, so the core client never loads an IMAP library.
 */
export { ImapOtpSource, withImapOtp, DEFAULT_IMAP_OTP_TIMEOUT_MS, type ImapOtpOptions } from './source.js';
export { ImapOtpError, type ImapOtpErrorCode } from './errors.js';
export { readOtpMail, PORTAL_SENDER, type OtpMail } from './message.js';
export { parseImapUrl, describeMailbox, type ImapMailboxAddress } from './url.js';
