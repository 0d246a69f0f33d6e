import { MAIL_PATTERNS } from '@mypage/api/contract';
import { simpleParser } from 'mailparser';

/** The portal's sender (D-4, R-REG-6). */
export const PORTAL_SENDER = 'info-mediahikari@n-media.co.jp';

export interface OtpMail {
  /** the sender's address, lower case */
  from: string;
  /** the Date header (or undefined when it has none) */
  date?: Date;
  otp: string;
}

/**
 * Reads one raw mail as a mail client would (MIME structure, ISO-2022-JP / Shift_JIS / UTF-8,
 * quoted-printable or base64, encoded-word subjects) and answers its OTP when it is the portal's
 * login mail from `sender`; otherwise null. The code is the one after ワンタイムパスワード (MAIL_PATTERNS,
 * the mail contract), not just any six digits: a mail that merely contains a number is not an OTP mail.
 */
export async function readOtpMail(raw: Buffer | string, sender: string = PORTAL_SENDER): Promise<OtpMail | null> {
  const parsed = await simpleParser(raw, { skipHtmlToText: false, skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const from = parsed.from?.value.find((a) => a.address)?.address?.toLowerCase();
  if (!from || from !== sender.toLowerCase()) return null;
  const text = parsed.text || (typeof parsed.html === 'string' ? htmlText(parsed.html) : '');
  // NFKC: full-width digits and colon (１２３４５６, ：) read as the portal means them (R-FMT-7)
  const m = MAIL_PATTERNS.otp.exec(text.normalize('NFKC'));
  if (!m) return null;
  return { from, ...(parsed.date ? { date: parsed.date } : {}), otp: m[1]! };
}

/** An HTML-only mail's visible text (tags dropped), enough to find the code line. */
function htmlText(html: string): string {
  return html.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ');
}
