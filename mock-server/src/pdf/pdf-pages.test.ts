import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Bill, BillContract } from '@mypage/api';
import type { BillingGroupRecord } from '../store/schema.js';
import { invoicePdf } from './invoice.js';
import { ISSUER } from './issuer.js';
import { openingNoticePdf } from './opening-notice.js';
import { squash } from './read-pdf.js';

/** The text of each page, read back by poppler's pdftotext (which ends each page with a form feed). */
function pageTexts(bytes: Uint8Array): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'mypage-pages-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    return text.split('\f').slice(0, -1).map(squash);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bytesOf = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

const group: BillingGroupRecord = {
  id: 'bg_pages',
  customerNumber: '2NCAF0000000001',
  name: '日本 太郎',
  kana: 'ニホン タロウ',
  bank: { name: 'みなと銀行', branch: '本店', accountNumber: '1234567' },
  paperStop: { openingNotice: null, directDebit: null },
  callRecordsFrom: null,
};

/**
 * A bill of `n` contracts at 10% whose per-contract taxes round down to less than the invoice's
 * (a 端数調整 line); the first contract has `extra` more items, each moving what follows down one row.
 */
function billWith(n: number, extra = 0): Bill {
  const contracts: BillContract[] = Array.from({ length: n }, (_, i) => {
    const items = Array.from({ length: 1 + (i === 0 ? extra : 0) }, (_, j) => ({ name: `月額基本料 ${i}-${j}`, amount: 105, remarks: '', taxRate: 10 as const }));
    const taxable = 105 * items.length;
    const tax = Math.floor(taxable / 10);
    return { contractNumber: `CAF${String(3_000_000_000 + i)}`, serviceName: '[100M] ファミリー', items, taxes: [{ rate: 10, taxableTotal: taxable, tax }], subtotal: taxable + tax };
  });
  const taxable = contracts.reduce((sum, c) => sum + c.taxes[0]!.taxableTotal, 0);
  const tax = Math.floor(taxable / 10);
  const adjustment = tax - contracts.reduce((sum, c) => sum + c.taxes[0]!.tax, 0);
  return {
    month: '2023-12', billingId: 'B000123', customerNumber: group.customerNumber, recipientName: group.name,
    issuedOn: '2024-01-09', dueDate: '2024-01-26', billingPeriod: { from: '2023-12-01', to: '2023-12-31' },
    contracts, taxes: [{ rate: 10, taxableTotal: taxable, tax }], roundingAdjustment: adjustment,
    total: contracts.reduce((sum, c) => sum + c.subtotal, 0) + adjustment, callCharges: 0,
    issuer: { name: ISSUER.name, registrationNumber: ISSUER.registrationNumber },
  };
}

describe('PDF pages (D-8, D-9)', () => {
  it('an invoice with a 端数調整 line never ends on a page holding only the footer, wherever the summary falls', async () => {
    // Before the fix, 3 contracts (and 10, and 10 with one more item) left the footer alone on a
    // last page: the summary block fitted, its footer did not. The neighbours move it a row or so.
    for (const [n, extra] of [[2, 0], [3, 0], [3, 1], [4, 0], [10, 0], [10, 1], [11, 0]] as const) {
      const bill = billWith(n, extra);
      expect(bill.roundingAdjustment, `n=${n} extra=${extra}`).toBeGreaterThan(0);
      const pages = pageTexts(await bytesOf(invoicePdf(bill, group, undefined)));
      const last = pages.at(-1)!;
      expect(last, `n=${n} extra=${extra}: the total stands on the last page with the footer`).toContain('合計（税込）Total');
      expect(last, `n=${n} extra=${extra}`).toContain(bill.total.toLocaleString('ja-JP'));
      expect(last, `n=${n} extra=${extra}`).toContain('端数調整');
      expect(last, `n=${n} extra=${extra}`).toContain('登録番号');
    }
  });

  it('numbers every page of an invoice "n / N"', async () => {
    const pages = pageTexts(await bytesOf(invoicePdf(billWith(40), group, undefined)));
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((text, i) => expect(text, `page ${i + 1}`).toContain(`${i + 1}/${pages.length}`));
  });

  it('numbers a one-page opening notice "1 / 1"', async () => {
    const contract = {
      contractNumber: 'CAF0000000001', billingGroupId: group.id, group: 'hikari' as const, customerName: '日本 太郎', customerKana: 'ニホン タロウ',
      registeredAddress: { postalCode: '5340024', address1: '大阪府大阪市都島区東野田町', address2: '', building: '' },
      installationAddress: { postalCode: '5340024', address1: '大阪府大阪市都島区東野田町', address2: '', building: '' },
      serviceName: '[100M] ファミリー',
      accessLine: { serviceName: '[100M] ファミリー', status: '提供中', startDate: '2023-12-07', accessKey: 'BUEdeJWm', constructionDate: null },
      hikariPhone: [], options: [],
    };
    const pages = pageTexts(await bytesOf(openingNoticePdf(contract, '2023-12-01')));
    expect(pages.at(-1)).toContain(`${pages.length}/${pages.length}`);
    expect(pages[0]).toContain('1/');
  });
});
