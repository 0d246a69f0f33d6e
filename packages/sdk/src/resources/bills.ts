import type { Bill, BillList } from '@mypage/api/contract';
import type { Download } from '../download.js';
import * as check from '../normalize.js';
import type { RequestOptions, Transport } from '../transport.js';

/** ご請求内容の確認 (R-BILL, D-1). */
export class BillsResource {
  constructor(private readonly t: Transport) {}

  /** Years with bills and the months of one year (default: the latest), newest first. */
  async list(query: { year?: number } = {}, options?: RequestOptions): Promise<BillList> {
    return this.t.json('bills', { query: { year: query.year } }, options);
  }

  /** The breakdown of a month (`2023-10`, `2023/10`, `202310`). */
  async get(month: string, options?: RequestOptions): Promise<Bill> {
    return this.t.json('bill', { params: { month: check.month(month) } }, options);
  }

  /** 請求書/口座振替案内書 of the billing group as a PDF stream (R-BILL-3). */
  async invoice(month: string, options?: RequestOptions): Promise<Download> {
    const m = check.month(month);
    return this.t.download('invoicePdf', { params: { month: m } }, options ?? {}, `invoice-${m}.pdf`);
  }

  /**
   * The invoice PDF unless the copy you hold is the current one: pass the `etag` of the download
   * you saved; null when the server answers 304 Not Modified (an issued invoice is stored once and
   * keeps its ETag — its SHA-256 — until the bill is re-published), else the new download.
   */
  async invoiceIfChanged(month: string, etag: string, options?: RequestOptions): Promise<Download | null> {
    const m = check.month(month);
    return this.t.downloadIfChanged('invoicePdf', { params: { month: m } }, options ?? {}, `invoice-${m}.pdf`, etag);
  }
}
