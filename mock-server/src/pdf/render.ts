import type { Address, Bill } from '@mypage/api';
import type { BillingGroupRecord, ContractRecord } from '../store/schema.js';
import { invoicePdf } from './invoice.js';
import { openingNoticePdf } from './opening-notice.js';

/** What a document is rendered from: plain data, so a job can cross to a worker thread. */
export type RenderJob =
  | { kind: 'invoice'; bill: Bill; group: BillingGroupRecord; address: Address | undefined }
  | { kind: 'opening-notice'; contract: ContractRecord; date: string };

/** Render a document to its bytes (deterministic: the same job gives the same bytes, D-8, D-9). */
export async function renderDocument(job: RenderJob): Promise<Uint8Array> {
  const stream = job.kind === 'invoice' ? invoicePdf(job.bill, job.group, job.address) : openingNoticePdf(job.contract, job.date);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
