import { monthRange, nextMonth } from '@mypage/api';
import { callCharge } from '../domain/call-charges.js';
import { pick, randomInt, seededRandom, type Random } from '../infra/prng.js';
import type { BillItemRecord, BillRecord, CallRecordRow, ContractRecord, Data } from '../store/schema.js';

/*
 * Synthetic data with a scale knob, for benchmarks (`scripts/bench.js`) and load tests:
 * `customers` billing groups, each with one or two fibre lines (one or two phone numbers each),
 * `months` billing months ending at `lastMonth`, `callsPerLine` calls per phone number and month.
 * Deterministic: the same options give the same data (seeded PRNG, no clock).
 */

export interface GenerateOptions {
  customers: number;
  months: number;
  callsPerLine: number;
  seed: number;
  /** last billing month, default `2024-06` */
  lastMonth?: string;
}

const USAGE_WEIGHTS: readonly string[] = ['ひかり電話・県内', 'ひかり電話・県内', 'ひかり電話・県内', 'ひかり電話・県間', 'PSTN・県内', 'PSTN・県間', '移動体', '移動体'];

function destination(random: Random, usageType: string): string {
  const digits = (n: number) => Array.from({ length: n }, () => randomInt(random, 0, 9)).join('');
  if (usageType === '移動体') return `${pick(random, ['090', '080', '070'])}${digits(8)}`;
  if (usageType.endsWith('県内')) return `06${digits(8)}`;
  return `${pick(random, ['03', '045', '052', '092', '011'])}${digits(8)}`.slice(0, 10);
}

/** `count` calls from `phone` within `month` (Japan time), ids `<prefix>-<n>`. */
export function randomCalls(
  random: Random,
  at: { billingGroupId: string; contractNumber: string; phone: string; month: string; count: number; idPrefix: string },
): CallRecordRow[] {
  const [y, m] = at.month.split('-').map(Number) as [number, number];
  const start = Date.UTC(y, m - 1, 1) - 9 * 3_600_000; // 00:00 JST on the 1st
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const rows: CallRecordRow[] = [];
  for (let i = 0; i < at.count; i++) {
    const usageType = pick(random, USAGE_WEIGHTS);
    const seconds = random() < 0.7 ? randomInt(random, 5, 240) : randomInt(random, 240, 1800);
    const startedAt = new Date(start + randomInt(random, 0, days * 86_400 - 1) * 1000);
    rows.push({
      id: `${at.idPrefix}-${String(i).padStart(5, '0')}`,
      billingGroupId: at.billingGroupId,
      contractNumber: at.contractNumber,
      month: at.month,
      startedAt: startedAt.toISOString(),
      usageType,
      from: at.phone,
      to: destination(random, usageType),
      durationSeconds: seconds,
      charge: callCharge(usageType, seconds),
    });
  }
  return rows;
}

/** A bill record issued on the 9th and due on the 27th of the following month, published 09:00 JST on issue. */
export function billRecord(billingGroupId: string, month: string, billingId: string, items: BillItemRecord[]): BillRecord {
  const issuedOn = `${nextMonth(month)}-09`;
  return {
    billingGroupId,
    month,
    billingId,
    issuedOn,
    dueDate: `${nextMonth(month)}-27`,
    items,
    publishedAt: new Date(`${issuedOn}T09:00:00+09:00`).toISOString(),
  };
}

function monthsBack(last: string, count: number): string[] {
  const [y, m] = last.split('-').map(Number) as [number, number];
  const firstIndex = y * 12 + (m - 1) - (count - 1);
  const first = `${Math.floor(firstIndex / 12)}-${String((firstIndex % 12) + 1).padStart(2, '0')}`;
  return monthRange(first, last);
}

/** Fill `data` with generated customers, contracts, bills and call records. */
export function generateData(data: Data, opts: GenerateOptions): void {
  const random = seededRandom(opts.seed);
  const months = monthsBack(opts.lastMonth ?? '2024-06', opts.months);
  for (let g = 0; g < opts.customers; g++) {
    const groupId = `gen_${String(g + 1).padStart(6, '0')}`;
    const lines = randomInt(random, 1, 2);
    const contracts: ContractRecord[] = [];
    for (let l = 0; l < lines; l++) {
      const contractNumber = `CAF${String(1_000_000_000 + g * 10 + l).padStart(10, '0')}`;
      const phones = Array.from({ length: randomInt(random, 1, 2) }, (_, p) => `06${String(50_000_000 + g * 100 + l * 10 + p).padStart(8, '0')}`);
      const address = { postalCode: '5300001', address1: '大阪府大阪市北区梅田', address2: `${g + 1}番${l + 1}号`, building: '' };
      contracts.push({
        contractNumber,
        billingGroupId: groupId,
        group: 'hikari',
        customerName: `テスト　顧客${g + 1}`,
        customerKana: `テスト　コキャク${g + 1}`,
        registeredAddress: address,
        installationAddress: address,
        serviceName: '[100M] ファミリー',
        accessLine: { serviceName: '[100M] ファミリー', status: '提供中', startDate: '2022-04-01', accessKey: `Gen${String(g).padStart(5, '0')}`.slice(0, 8), constructionDate: '2022-03-28' },
        hikariPhone: phones.map((phoneNumber, p) => ({ serviceName: 'ひかり電話', phoneNumber, details: p === 0 ? '基本プラン' : '追加番号' })),
        options: ['mediaITサポート24'],
      });
    }
    data.billingGroups.push({
      id: groupId,
      customerNumber: `2N${contracts[0]!.contractNumber}`,
      name: `テスト顧客${g + 1}`,
      kana: `テストコキャク${g + 1}`,
      bank: { name: 'みらい銀行', branch: '本店', accountNumber: String(1_000_000 + g) },
      paperStop: { openingNotice: null, directDebit: null },
      callRecordsFrom: months[0] ?? null,
    });
    data.contracts.push(...contracts);
    months.forEach((month, mi) => {
      const items: BillItemRecord[] = contracts.flatMap((c) => [
        { contractNumber: c.contractNumber, name: '[100M] ファミリー 月額基本料', amount: 4950, remarks: '', taxRate: 10 as const },
        { contractNumber: c.contractNumber, name: 'mediaITサポート24', amount: 3300, remarks: '', taxRate: 10 as const },
        ...c.hikariPhone.map((p) => ({ contractNumber: c.contractNumber, name: `ひかり電話 基本料（${p.phoneNumber}）`, amount: 550, remarks: '', taxRate: 10 as const })),
      ]);
      data.bills.push(billRecord(groupId, month, `G${String(g + 1).padStart(6, '0')}${String(mi).padStart(3, '0')}`, items));
      for (const c of contracts) {
        for (const phone of c.hikariPhone) {
          data.callRecords.push(
            ...randomCalls(random, { billingGroupId: groupId, contractNumber: c.contractNumber, phone: phone.phoneNumber, month, count: opts.callsPerLine, idPrefix: `call-${phone.phoneNumber}-${month}` }),
          );
        }
      }
    });
  }
}
