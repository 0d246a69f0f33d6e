import { monthRange } from '@mypage/api';
import { callCharge } from '../domain/call-charges.js';
import { seededRandom } from '../infra/prng.js';
import type { BillItemRecord, CallRecordRow, Data } from '../store/schema.js';
import { billRecord, randomCalls } from './generate.js';

/*
 * Demo bills, opening notices, call records and news of D-7, built from the guide's own sample
 * values and a seeded PRNG (no Math.random, no clock): the same data on every start.
 *   - group A: bills 2023-07 … 2024-06; 2023-10 is the guide's (mediaITサポート24 3300 → 3300 →
 *     330 → 3630 for CAF0000000001, plus Splashtop on COP00000001); call records from 2023-12,
 *     whose first ten rows are the guide's sample (chapter 7); notices 2023-07-01 and 2023-12-01.
 *   - group B: bills 2023-10 … 2023-12 and one notice (so access-control tests have two groups
 *     with data).
 */

const A = 'bg_a';
const B = 'bg_b';
const LINE_A = 'CAF0000000001';
const CLOUD_A = 'COP00000001';
const LINE_B = '1234567890';

/** The guide's ten sample rows (chapter 7, 12/01), Japan time. */
export const GUIDE_CALLS: readonly { at: string; usageType: string; from: string; to: string; duration: string; charge: number }[] = [
  { at: '2023-12-01T10:19:00+09:00', usageType: 'ひかり電話・県内', from: '0611115555', to: '0638846327', duration: '00:00:34', charge: 8 },
  { at: '2023-12-01T11:26:00+09:00', usageType: 'PSTN・県間', from: '0611112222', to: '0653000900', duration: '00:01:02', charge: 8 },
  { at: '2023-12-01T11:26:00+09:00', usageType: 'PSTN・県間', from: '0611115555', to: '0653000900', duration: '00:01:02', charge: 8 },
  { at: '2023-12-01T11:28:00+09:00', usageType: 'PSTN・県間', from: '0611112222', to: '0653000901', duration: '00:03:06', charge: 16 },
  { at: '2023-12-01T11:28:00+09:00', usageType: 'PSTN・県間', from: '0611115555', to: '0653000901', duration: '00:03:06', charge: 16 },
  { at: '2023-12-01T11:35:00+09:00', usageType: 'ひかり電話・県内', from: '0611112222', to: '0638846327', duration: '00:01:12', charge: 8 },
  { at: '2023-12-01T11:35:00+09:00', usageType: 'ひかり電話・県内', from: '0611115555', to: '0638846327', duration: '00:01:12', charge: 8 },
  { at: '2023-12-01T11:46:00+09:00', usageType: 'ひかり電話・県内', from: '0611112222', to: '0638846327', duration: '00:00:59', charge: 8 },
  { at: '2023-12-01T11:46:00+09:00', usageType: 'ひかり電話・県内', from: '0611115555', to: '0638846327', duration: '00:00:59', charge: 8 },
  { at: '2023-12-01T13:22:00+09:00', usageType: '移動体', from: '0611112222', to: '09030606544', duration: '00:00:05', charge: 16 },
];

const seconds = (hms: string) => hms.split(':').reduce((s, part) => s * 60 + Number(part), 0);

function item(contractNumber: string, name: string, amount: number, remarks = ''): BillItemRecord {
  return { contractNumber, name, amount, remarks, taxRate: 10 };
}

function groupAItems(month: string): BillItemRecord[] {
  const items = [item(LINE_A, 'mediaITサポート24', 3300)];
  // The fibre line and its phone numbers started on 2023-12-07 (D-7): billed from December, pro rata.
  if (month === '2023-12') {
    items.push(item(LINE_A, '[100M] ファミリー 月額基本料', 3992, '日割 12/07～12/31'));
    items.push(item(LINE_A, 'ひかり電話 基本料（0611112222）', 443, '日割 12/07～12/31'));
    items.push(item(LINE_A, 'ひかり電話 追加番号利用料（0611115555）', 88, '日割 12/07～12/31'));
  } else if (month > '2023-12') {
    items.push(item(LINE_A, '[100M] ファミリー 月額基本料', 4950));
    items.push(item(LINE_A, 'ひかり電話 基本料（0611112222）', 550));
    items.push(item(LINE_A, 'ひかり電話 追加番号利用料（0611115555）', 110));
  }
  items.push(item(CLOUD_A, 'Splashtop Business', 1833));
  if (month === '2024-03') items.push(item(CLOUD_A, 'Lite Storage 初期費用', 1100, 'キャンペーン割引後'));
  return items;
}

export function seedDemoResources(data: Data): void {
  const random = seededRandom(20231201);

  monthRange('2023-07', '2024-06').forEach((month, i) => {
    data.bills.push(billRecord(A, month, `B2023${String(i + 1).padStart(6, '0')}`, groupAItems(month)));
  });
  monthRange('2023-10', '2023-12').forEach((month, i) => {
    data.bills.push(
      billRecord(B, month, `B2023${String(900 + i).padStart(6, '0')}`, [
        item(LINE_B, '[1G] ビジネス 月額基本料', 8800),
        item(LINE_B, 'ひかり電話 基本料（0312345678）', 550),
      ]),
    );
  });

  data.openingNotices.push(
    { contractNumber: LINE_A, date: '2023-07-01', publishedAt: '2023-07-01T00:00:00.000Z' },
    { contractNumber: LINE_A, date: '2023-12-01', publishedAt: '2023-12-01T00:00:00.000Z' },
    { contractNumber: LINE_B, date: '2023-04-01', publishedAt: '2023-04-01T00:00:00.000Z' },
  );

  const guide: CallRecordRow[] = GUIDE_CALLS.map((c, i) => ({
    id: `call-guide-${String(i + 1).padStart(2, '0')}`,
    billingGroupId: A,
    contractNumber: LINE_A,
    month: '2023-12',
    startedAt: new Date(c.at).toISOString(),
    usageType: c.usageType,
    from: c.from,
    to: c.to,
    durationSeconds: seconds(c.duration),
    charge: callCharge(c.usageType, seconds(c.duration)),
  }));
  data.callRecords.push(...guide);
  // Other calls of the line; on 12/01 only the guide's rows, so the month opens as the guide shows it.
  const firstOther = new Date('2023-12-02T00:00:00+09:00').toISOString();
  for (const month of monthRange('2023-12', '2024-06')) {
    for (const phone of ['0611112222', '0611115555']) {
      const rows = randomCalls(random, { billingGroupId: A, contractNumber: LINE_A, phone, month, count: 24, idPrefix: `call-${phone}-${month}` });
      data.callRecords.push(...rows.filter((r) => r.startedAt >= firstOther));
    }
  }

  data.news.push(
    { id: 'news-0001', billingGroupId: null, title: 'マイページをリニューアルしました', body: '通話明細のCSVダウンロード（UTF-8 / Shift_JIS）に対応しました。', publishedAt: '2023-07-01T00:00:00.000Z' },
    { id: 'news-0002', billingGroupId: A, title: '2023年12月分より通話明細がご覧いただけます', body: 'お申込みいただいた通話明細記録は、2023年12月分からマイページでご確認いただけます。', publishedAt: '2023-11-20T01:00:00.000Z' },
    { id: 'news-0003', billingGroupId: null, title: '年末年始の営業について', body: '12月29日～1月3日は休業いたします。期間中のお問い合わせは1月4日以降に順次回答いたします。', publishedAt: '2023-12-20T01:00:00.000Z' },
    { id: 'news-0004', billingGroupId: B, title: '回線工事のお知らせ（株式会社サンプル様）', body: '2024年2月に設備工事を予定しております。', publishedAt: '2023-12-21T01:00:00.000Z' },
  );
}
