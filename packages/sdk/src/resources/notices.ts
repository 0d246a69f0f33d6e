import { openingNoticeFileName } from '@mypage/api/contract';
import type { Download } from '../download.js';
import * as check from '../normalize.js';
import type { OpeningNoticeList } from '../types.js';
import type { RequestOptions, Transport } from '../transport.js';

/** 開通案内 (R-NOTICE-1). */
export class NoticesResource {
  constructor(private readonly t: Transport) {}

  /** Issue dates of a contract's opening notices. */
  async list(contractNumber: string, options?: RequestOptions): Promise<OpeningNoticeList['items']> {
    const params = { contractNumber: check.contractNumber(contractNumber) };
    return (await this.t.json('openingNotices', { params }, options)).items;
  }

  /** The notice of `date` (`2023-12-01`, `2023/12/01`) as a PDF stream. */
  async download(contractNumber: string, date: string, options?: RequestOptions): Promise<Download> {
    const no = check.contractNumber(contractNumber);
    const day = check.date(date);
    return this.t.download('openingNoticePdf', { params: { contractNumber: no, file: `${day}.pdf` } }, options ?? {}, openingNoticeFileName(no, day));
  }
}
