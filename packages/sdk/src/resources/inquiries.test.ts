import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MyPageClient } from '../index.js';
import { BASE_URL, session } from '../testing/fixtures.js';
import { createMswServer } from '../testing/handlers.js';

const server = createMswServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => new MyPageClient({ baseUrl: BASE_URL, session });

describe('inquiry helpers with the guide\'s exact texts', () => {
  it('R-INQ-3 requestCallRecords: category call-records, subject 通話明細記録の希望, customer and contact names', async () => {
    const sent = await client().inquiries.requestCallRecords({ customerName: '株式会社サンプル', contactName: '山田 花子' });
    expect(sent.category).toBe('call-records');
    expect(sent.subject).toBe('通話明細記録の希望');
    expect(sent.body).toBe('お客様名：株式会社サンプル\n担当者名：山田 花子');
  });

  it('R-INQ-3 with a note keeps the names first', async () => {
    const sent = await client().inquiries.requestCallRecords({ customerName: 'サンプル', contactName: '山田', note: '至急お願いします。' });
    expect(sent.body).toBe('お客様名：サンプル\n担当者名：山田\n\n至急お願いします。');
  });

  it('R-INQ-2 stopPaperMail(opening-notice): category other, subject 開通案内の紙発送停止希望', async () => {
    const sent = await client().inquiries.stopPaperMail('opening-notice', { customerName: 'サンプル', contactName: '山田' });
    expect([sent.category, sent.subject, sent.body]).toEqual(['other', '開通案内の紙発送停止希望', 'お客様名：サンプル\n担当者名：山田']);
  });

  it('R-INQ-2 stopPaperMail(direct-debit): subject 口座振替案内書の紙発送停止希望', async () => {
    const sent = await client().inquiries.stopPaperMail('direct-debit');
    expect([sent.category, sent.subject]).toEqual(['other', '口座振替案内書の紙発送停止希望']);
  });
});
