import { describe, expect, it } from 'vitest';
import { computeBill } from '../domain/bills.js';
import { generateData } from '../seed/generate.js';
import { MemoryEngine } from '../store/memory/engine.js';
import { emptyData } from '../store/schema.js';
import { seedDemo } from '../seed/demo.js';
import { invoicePdf, maskAccount } from './invoice.js';
import { openingNoticePdf } from './opening-notice.js';
import { pdfInfo, pdfPageCount, pdfText, squash } from './read-pdf.js';

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('invoice PDF (D-8)', () => {
  it('flows a long breakdown over several pages and keeps every contract and the totals', async () => {
    const data = emptyData();
    generateData(data, { customers: 1, months: 1, callsPerLine: 3, seed: 5 });
    const group = data.billingGroups[0]!;
    // 60 more contracts on the same bill
    const bill = data.bills[0]!;
    for (let i = 0; i < 60; i++) {
      const contractNumber = `CAF${String(2_000_000_000 + i)}`;
      data.contracts.push({ ...data.contracts[0]!, contractNumber, hikariPhone: [] });
      bill.items.push({ contractNumber, name: `追加回線 月額基本料 ${i}`, amount: 1000 + i, remarks: '', taxRate: 10 });
    }
    const computed = await computeBill(await MemoryEngine.create(data), group, bill);
    const bytes = await bytesOf(invoicePdf(computed, group, data.contracts[0]!.registeredAddress));
    expect(pdfPageCount(bytes)).toBeGreaterThan(3);
    const text = squash(await pdfText(bytes));
    expect(text).toContain('契約番号CAF2000000059');
    expect(text).toContain('追加回線月額基本料59');
    expect(text).toContain(`合計（税込）Total${computed.total.toLocaleString('ja-JP')}`);
    expect(text).toContain(`次回振替TotalAmount${computed.total.toLocaleString('ja-JP')}円`);
  });

  it('masks the account number but the last digits', () => {
    expect(maskAccount('1234567')).toBe('****567');
    expect(maskAccount('12')).toBe('12');
  });
});

describe('opening-notice PDF (D-9)', () => {
  it('works for a contract without an access line (その他のご契約)', async () => {
    const data = emptyData();
    await seedDemo(data);
    const cloud = data.contracts.find((c) => c.contractNumber === 'COP00000001')!;
    const text = squash(await pdfText(await bytesOf(openingNoticePdf(cloud, '2024-01-10'))));
    expect(text).toContain('お客さまIDシー・オー・ピー・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・ゼロ・イチCOP00000001');
    expect(text).toContain('サービス名Splashtop');
    expect(text).toContain('発行日：2024年1月10日');
    expect(text).not.toContain('アクセスキー');
  });

  it('is the same document on every download (dated by its issue date, not the wall clock)', async () => {
    const data = emptyData();
    await seedDemo(data);
    const line = data.contracts.find((c) => c.contractNumber === 'CAF0000000001')!;
    const first = await bytesOf(openingNoticePdf(line, '2023-12-01'));
    const second = await bytesOf(openingNoticePdf(line, '2023-12-01'));
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    expect(pdfInfo(first)).toMatch(/CreationDate:\s+2023-11-30T15:00:00Z/); // 2023-12-01 00:00 in Japan
  });
});
