import { monthRange, type CallRecord, type CallRecordPage, type CsvEncoding } from '@mypage/api/contract';
import type { Download } from '../download.js';
import { MyPageError } from '../errors.js';
import * as check from '../normalize.js';
import type { RequestOptions, Transport } from '../transport.js';

export interface CallFilter {
  /** Only this contract (R-FMT-4 input accepted). */
  contract?: string;
  /** Only calls from this number. */
  phone?: string;
}

/** Opt-in variants of the call-record CSV; without them it is D-5's six columns. */
export interface CsvStyle {
  /** A 7th column, 契約番号: which contract each call belongs to. */
  contractColumn?: boolean;
  /** Numbers made of digits only as `="0611115555"`, so that Excel keeps their leading 0. */
  excel?: boolean;
}

/** Months the iterator passes over instead of failing: no application yet (R-CALL-1) or no bill. */
const SKIPPED = new Set(['CALL_RECORDS_NOT_ENABLED', 'BILL_NOT_FOUND']);

/** 通話明細 (R-CALL). */
export class CallsResource {
  constructor(private readonly t: Transport) {}

  #filter(filter: CallFilter) {
    return {
      contract: check.optional(filter.contract, (v) => check.contractNumber(v, 'contract')),
      phone: check.optional(filter.phone, (v) => check.phone(v)),
    };
  }

  /** One page of a month's records (R-CALL-2); pass `nextCursor` back as `cursor`. */
  async page(month: string, query: CallFilter & { limit?: number; cursor?: string } = {}, options?: RequestOptions): Promise<CallRecordPage> {
    const params = { month: check.month(month) };
    return this.t.json('callRecords', { params, query: { ...this.#filter(query), limit: query.limit, cursor: query.cursor } }, options);
  }

  /**
   * Every record from `from` to `to` (inclusive, oldest month first), page by page. Months where
   * records are not enabled (CALL_RECORDS_NOT_ENABLED) or that have no bill (BILL_NOT_FOUND) are skipped.
   */
  async *iterate(
    query: CallFilter & { from: string; to: string; pageSize?: number },
    options?: RequestOptions,
  ): AsyncGenerator<CallRecord, void, undefined> {
    const from = check.month(query.from, 'from');
    const to = check.month(query.to, 'to');
    const filter = this.#filter(query);
    for (const month of monthRange(from, to)) {
      let cursor: string | undefined;
      do {
        let page;
        try {
          page = await this.t.json(
            'callRecords',
            { params: { month }, query: { ...filter, limit: query.pageSize, cursor } },
            options,
          );
        } catch (error) {
          if (error instanceof MyPageError && SKIPPED.has(error.code)) break;
          throw error;
        }
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
  }

  /** The month as CSV (D-5): `utf8` (default), `utf8-bom` or `sjis` (CP932), streamed; `contractColumn` and `excel` as in CsvStyle. */
  async csv(month: string, query: CallFilter & CsvStyle & { encoding?: CsvEncoding } = {}, options?: RequestOptions): Promise<Download> {
    const m = check.month(month);
    return this.t.download(
      'callRecordsCsv',
      {
        params: { month: m },
        query: { ...this.#filter(query), encoding: query.encoding, contractColumn: query.contractColumn ? 'true' : undefined, excel: query.excel ? 'true' : undefined },
      },
      options ?? {},
      `call-records-${m}.csv`,
    );
  }
}
