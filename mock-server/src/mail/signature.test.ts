import { describe, expect, it } from 'vitest';
import { inquiryReceiptMail, invoicePublishedMail, newsPostedMail, noticePublishedMail } from './notifications.js';
import { otpMail, registrationMail } from './templates.js';

/* D-4 / R-REG-6: every mail — account mails and notifications (R-USER-4, D-6) — ends with the same signature. */

describe('mail signature (D-4, R-REG-6)', () => {
  const at = new Date('2024-01-15T01:00:00Z');
  const signature = otpMail({ to: 'a@example.jp', otp: '123456', expiresAt: at }).text.split('\n').slice(-8).join('\n');

  it('the account mails sign with the sender address info-mediahikari@n-media.co.jp', () => {
    expect(signature).toMatch(/E-mail：info-mediahikari@n-media\.co\.jp$/);
    const reg = registrationMail({ to: 'a@example.jp', url: 'http://x/regist/new/T', accessId: 'abc123', temporaryPassword: 'abcd1234', expiresAt: at });
    expect(reg.text.endsWith(signature)).toBe(true);
  });

  it.each([
    ['invoice published', invoicePublishedMail('a@example.jp', '日本 太郎', '2023-10', 'http://x')],
    ['opening notice published', noticePublishedMail('a@example.jp', '日本 太郎', 'CAF0000000001', '2023-12-01', 'http://x')],
    ['news posted', newsPostedMail('a@example.jp', '日本 太郎', 'メンテナンス', 'http://x')],
    [
      'inquiry receipt',
      inquiryReceiptMail('a@example.jp', '日本 太郎', {
        id: 'inq_1', category: 'other', categoryLabel: 'その他', subject: 's', body: '', kind: 'general', status: 'received',
        createdAt: '2024-01-15T10:00:00+09:00', resolvedAt: null, effectiveFrom: null, createdBy: 'm95au6',
      }),
    ],
  ])('the %s mail ends with the same signature', (_name, mail) => {
    expect(mail.text.endsWith(signature)).toBe(true);
  });
});
