import { beforeEach, describe, expect, it } from 'vitest';
import { pdfText, squash } from '../pdf/read-pdf.js';
import { DEMO } from '../seed/demo.js';
import { createTestApp, demoSeed, type TestApp } from '../testing/index.js';
import { bearer, sessionToken } from '../testing/index.js';

let t: TestApp;
let auth: Record<string, string>;
beforeEach(async () => {
  t = await createTestApp({ seed: demoSeed });
  auth = bearer(await sessionToken(t, DEMO.groupA.admin.id));
});
const get = (url: string) => t.app.request(url, { headers: auth });


describe('news (R-HOME-1)', () => {
  it('lists news for every group and for the caller’s group, newest first, and not another group’s', async () => {
    const res = await get('/api/v1/news');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { title: string; publishedAt: string }[] };
    expect(items.map((n) => n.title)).toEqual(['年末年始の営業について', '2023年12月分より通話明細がご覧いただけます', 'マイページをリニューアルしました']);
    expect(items[0]!.publishedAt).toBe('2023-12-20T10:00:00+09:00');
  });
});

describe('contracts (R-HOME-2, R-CON-1..3)', () => {
  it('lists the billing group’s contracts, by contract group', async () => {
    const all = (await (await get('/api/v1/contracts')).json()) as { items: { contractNumber: string }[] };
    expect(all.items.map((c) => c.contractNumber)).toEqual(['CAF0000000001', 'CAF0000000002', 'COP00000001']);
    const hikari = (await (await get('/api/v1/contracts?group=hikari')).json()) as { items: { contractNumber: string; customerName: string; installationAddress: { address1: string } }[] };
    expect(hikari.items.map((c) => c.contractNumber)).toEqual(['CAF0000000001', 'CAF0000000002']);
    expect(hikari.items[0]).toMatchObject({ customerName: '日本　太郎', installationAddress: { address1: '大阪府大阪市都島区東野田町' } });
    const other = (await (await get('/api/v1/contracts?group=other')).json()) as { items: { serviceName: string }[] };
    expect(other.items).toEqual([expect.objectContaining({ contractNumber: 'COP00000001', serviceName: 'Splashtop' })]);
    expect((await get('/api/v1/contracts?group=mobile')).status).toBe(400);
  });

  it('shows every field of the guide’s detail screen (R-CON-3)', async () => {
    const res = await get('/api/v1/contracts/CAF0000000001');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      contractNumber: 'CAF0000000001',
      customerNumber: '2NCAF0000000001',
      group: 'hikari',
      customerKana: 'ニホン　タロウ',
      customerName: '日本　太郎',
      registeredAddress: { postalCode: '5340024', address1: '大阪府大阪市都島区東野田町', address2: '1丁目2番3号', building: 'メディアビル101' },
      installationAddress: { postalCode: '5340024', address1: '大阪府大阪市都島区東野田町', address2: '1丁目2番3号', building: 'メディアビル101' },
      accessLine: { serviceName: '[100M] ファミリー', status: '提供中', startDate: '2023-12-07', accessKey: 'BUEdeJWm' },
      serviceName: '[100M] ファミリー',
      hikariPhone: [
        { serviceName: 'ひかり電話', phoneNumber: '0611112222', details: '基本プラン' },
        { serviceName: 'ひかり電話', phoneNumber: '0611115555', details: '追加番号' },
      ],
      options: ['mediaITサポート24'],
      openingNoticeDates: ['2023-12-01', '2023-07-01'],
    });
  });

  it('accepts the 2N customer number, full-width and lowercase input (R-FMT-4)', async () => {
    for (const input of ['2NCAF0000000001', 'ＣＡＦ０００００００００１', 'caf0000000001', '2ncaf-0000000001']) {
      const res = await get(`/api/v1/contracts/${encodeURIComponent(input)}`);
      expect(res.status, input).toBe(200);
      expect(((await res.json()) as { contractNumber: string }).contractNumber).toBe('CAF0000000001');
    }
  });

  it('answers a malformed contract number with 400 naming the accepted shapes', async () => {
    const res = await get('/api/v1/contracts/CAF123');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; messageEn: string } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toContain('CAF+10桁');
    expect(body.error.messageEn).toContain('COP + 8 digits');
  });

  it('answers another group’s contract with 404 CONTRACT_NOT_FOUND and none of its data', async () => {
    const res = await get(`/api/v1/contracts/${DEMO.groupB.contractNumber}`);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('CONTRACT_NOT_FOUND');
    expect(text).not.toContain('サンプル');
  });
});

describe('opening notices (R-NOTICE-1, D-9)', () => {
  it('lists the issue dates newest first with the guide’s label', async () => {
    const res = await get('/api/v1/contracts/CAF0000000001/opening-notices');
    expect(await res.json()).toEqual({
      items: [
        { contractNumber: 'CAF0000000001', date: '2023-12-01', label: '2023年12月01日分', fileName: 'opening-notice-CAF0000000001-2023-12-01.pdf' },
        { contractNumber: 'CAF0000000001', date: '2023-07-01', label: '2023年07月01日分', fileName: 'opening-notice-CAF0000000001-2023-07-01.pdf' },
      ],
    });
  });

  it('downloads a notice as a real PDF laid out like the guide’s sample (pdftotext reads it)', async () => {
    const res = await get('/api/v1/contracts/CAF0000000001/opening-notices/2023-07-01.pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('opening-notice-CAF0000000001-2023-07-01.pdf');
    const text = squash(await pdfText(res));
    for (const expected of [
      'お客さまIDCAF0000000001',
      'ご契約内容に関する重要なお知らせです',
      '重要事項説明書類',
      '<お申し込み内容のご案内>',
      '拝啓時下ますますご清栄のこととお慶び申し上げます。',
      '敬具',
      '発行日：2023年7月1日',
      'お客さま情報',
      'ご契約者名（ご利用者名）日本太郎様',
      'シー・エー・エフ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・イチ',
      'ビー・ユー・イー・ディー(小)・イー(小)・ジェー・ダブリュー・エム(小)',
      'BUEdeJWm',
      'サービス名[100M]ファミリー',
      '工事予定日2023年12月5日',
      'ご利用開始日2023年12月7日',
      'mediaITサポート24',
    ]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('answers a date without a notice with 404, a bad file name with 400, another group’s contract with 404', async () => {
    const none = await get('/api/v1/contracts/CAF0000000001/opening-notices/2023-08-01.pdf');
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('NOTICE_NOT_FOUND');
    expect((await get('/api/v1/contracts/CAF0000000001/opening-notices/yesterday.pdf')).status).toBe(400);
    expect((await get('/api/v1/contracts/CAF0000000001/opening-notices/2023-02-30.pdf')).status).toBe(400);
    const other = await get(`/api/v1/contracts/${DEMO.groupB.contractNumber}/opening-notices/2023-04-01.pdf`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('CONTRACT_NOT_FOUND');
  });
});
