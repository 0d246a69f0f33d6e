import { describe, expect, it } from 'vitest';
import { readOtpMail } from './message.js';
import { parseImapUrl } from './url.js';

/*
 * D-14: the OTP mail read as a mail client would. The encoded bytes below were made outside
 * this code (Python's codecs: iso2022_jp, shift_jis; Node's Buffer for base64; quoted-printable
 * written by hand), so the decoder is checked against real encodings, not against itself.
 */

const SENDER = 'info-mediahikari@n-media.co.jp';
const OTP_LINE_UTF8 = 'ワンタイムパスワード：482913';

function mail(headers: string[], body: string): string {
  return [...headers, 'MIME-Version: 1.0', '', body, ''].join('\r\n');
}

/** Quoted-printable by hand (RFC 2045 §6.7): every byte outside printable ASCII as =XX, soft breaks at 76. */
function qp(text: string): string {
  const enc = [...Buffer.from(text, 'utf8')].map((b) => (b >= 33 && b <= 126 && b !== 61) || b === 32 ? String.fromCharCode(b) : b === 10 ? '\r\n' : b === 13 ? '' : `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  return enc
    .split('\r\n')
    .map((line) => line.match(/.{1,72}(?:=[0-9A-F]{2})?/g)?.join('=\r\n') ?? '')
    .join('\r\n');
}

describe('readOtpMail: MIME decoding (D-14)', () => {
  it('ISO-2022-JP, 7bit, with an ISO-2022-JP encoded-word subject (the classic Japanese mail)', async () => {
    const raw = mail(
      [`From: =?ISO-2022-JP?B?GyRCRnxLXCVhJUclIyUiJTclOSVGJWAbKEI=?= <${SENDER}>`, 'Subject: =?ISO-2022-JP?B?GyRCIVpGfEtcJWElRyUjJSIlNyU5JUYlYCFbJW0lMCUkJXNNUSVvJXMlPyUkJWAlUSU5JW8hPCVJJE4kKkNOJGkkOxsoQg==?=', 'Content-Type: text/plain; charset=ISO-2022-JP', 'Content-Transfer-Encoding: 7bit'],
      "\x1b$B%o%s%?%$%`%Q%9%o!<%I!'\x1b(B482913",
    );
    expect(await readOtpMail(raw)).toMatchObject({ from: SENDER, otp: '482913' });
  });

  it('ISO-2022-JP in base64', async () => {
    const raw = mail([`From: ${SENDER}`, 'Subject: otp', 'Content-Type: text/plain; charset="iso-2022-jp"', 'Content-Transfer-Encoding: base64'], 'GyRCSj9BRyRoJGobKEINChskQiVvJXMlPyUkJWAlUSU5JW8hPCVJIScbKEI0ODI5MTMNCg==');
    expect((await readOtpMail(raw))?.otp).toBe('482913');
  });

  it('UTF-8 in quoted-printable', async () => {
    const body = qp(`平素より弊社サービス等をご利用頂き、厚く御礼申し上げます。\n\n${OTP_LINE_UTF8}\n`);
    expect(body).toMatch(/=E3=83=AF/); // really encoded
    const raw = mail([`From: ${SENDER}`, 'Subject: otp', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'], body);
    expect((await readOtpMail(raw))?.otp).toBe('482913');
  });

  it('UTF-8 in base64 (what the reference server sends)', async () => {
    const raw = mail([`From: ${SENDER}`, 'Subject: otp', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64'], Buffer.from(`${OTP_LINE_UTF8}\n`).toString('base64'));
    expect((await readOtpMail(raw))?.otp).toBe('482913');
  });

  it('Shift_JIS with full-width digits (R-FMT-7 reads them as the same code)', async () => {
    const sjis = Buffer.from([0x83, 0x8f, 0x83, 0x93, 0x83, 0x5e, 0x83, 0x43, 0x83, 0x80, 0x83, 0x70, 0x83, 0x58, 0x83, 0x8f, 0x81, 0x5b, 0x83, 0x68, 0x81, 0x46, 0x82, 0x50, 0x82, 0x51, 0x82, 0x52, 0x82, 0x53, 0x82, 0x54, 0x82, 0x55]);
    const raw = mail([`From: ${SENDER}`, 'Subject: otp', 'Content-Type: text/plain; charset=Shift_JIS', 'Content-Transfer-Encoding: base64'], sjis.toString('base64'));
    expect((await readOtpMail(raw))?.otp).toBe('123456');
  });

  it('multipart/alternative: the text part is read; an HTML-only mail is read too', async () => {
    const alt = mail(
      [`From: ${SENDER}`, 'Subject: otp', 'Content-Type: multipart/alternative; boundary="b1"'],
      ['--b1', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64', '', Buffer.from(OTP_LINE_UTF8).toString('base64'), '--b1', 'Content-Type: text/html; charset=UTF-8', '', '<p>ワンタイムパスワード：000000</p>', '--b1--'].join('\r\n'),
    );
    expect((await readOtpMail(alt))?.otp).toBe('482913');
    const htmlOnly = mail([`From: ${SENDER}`, 'Subject: otp', 'Content-Type: text/html; charset=UTF-8', 'Content-Transfer-Encoding: base64'], Buffer.from(`<p>ワンタイムパスワード<br>：482913</p>`).toString('base64'));
    expect((await readOtpMail(htmlOnly))?.otp).toBe('482913');
  });

  it('another sender is never read, even with the very same text', async () => {
    const raw = mail([`From: "${SENDER}" <phisher@example.com>`, 'Subject: otp', 'Content-Type: text/plain; charset=UTF-8'], OTP_LINE_UTF8);
    expect(await readOtpMail(raw)).toBeNull();
  });

  it('a mail of the sender that is not the login mail (six digits elsewhere) gives no code', async () => {
    const raw = mail([`From: ${SENDER}`, 'Subject: invoice', 'Content-Type: text/plain; charset=UTF-8'], 'お客様番号 123456 の請求書を掲載しました。');
    expect(await readOtpMail(raw)).toBeNull();
  });

  it('a configured sender replaces the portal’s', async () => {
    const raw = mail(['From: otp@relay.example.jp', 'Subject: otp', 'Content-Type: text/plain; charset=UTF-8'], OTP_LINE_UTF8);
    expect(await readOtpMail(raw)).toBeNull();
    expect((await readOtpMail(raw, 'OTP@relay.example.jp'))?.otp).toBe('482913');
  });
});

describe('parseImapUrl (D-14)', () => {
  it('reads imaps and imap URLs with default ports and folder', () => {
    expect(parseImapUrl('imaps://ci@example.com@imap.example.com/INBOX')).toEqual({ secure: true, host: 'imap.example.com', port: 993, user: 'ci@example.com', mailbox: 'INBOX' });
    expect(parseImapUrl('imap://ci%40example.com@127.0.0.1:1143')).toEqual({ secure: false, host: '127.0.0.1', port: 1143, user: 'ci@example.com', mailbox: 'INBOX' });
    expect(parseImapUrl('imaps://u@h/OTP%20mails').mailbox).toBe('OTP mails');
  });

  it('refuses a password in the URL without echoing it, and other schemes', () => {
    let err: unknown;
    try {
      parseImapUrl('imaps://ci:hunter2pw@imap.example.com/INBOX');
    } catch (e) {
      err = e;
    }
    expect((err as { code: string }).code).toBe('IMAP_URL_INVALID');
    expect(String(err)).not.toContain('hunter2pw');
    expect(() => parseImapUrl('https://u@h/INBOX')).toThrow(/imap/);
    expect(() => parseImapUrl('imaps://imap.example.com/INBOX')).toThrow(/no user/);
  });
});
