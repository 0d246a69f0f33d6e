import { afterEach, describe, expect, it } from 'vitest';
import type { ContractRecord } from '../store/schema.js';
import { renderDocument } from './render.js';
import { workerRenderer, type DocumentRenderer } from './renderer.js';

const contract: ContractRecord = {
  contractNumber: 'CAF0000000001', billingGroupId: 'bg_a', group: 'hikari', customerName: '日本 太郎', customerKana: 'ニホン タロウ',
  registeredAddress: { postalCode: '5340024', address1: '大阪府大阪市都島区東野田町', address2: '', building: '' },
  installationAddress: { postalCode: '5340024', address1: '大阪府大阪市都島区東野田町', address2: '', building: '' },
  serviceName: '[100M] ファミリー',
  accessLine: { serviceName: '[100M] ファミリー', status: '提供中', startDate: '2023-12-07', accessKey: 'BUEdeJWm', constructionDate: null },
  hikariPhone: [], options: [],
};

let renderer: DocumentRenderer | undefined;
afterEach(async () => {
  await renderer?.close();
  renderer = undefined;
});

describe('PDF worker thread', () => {
  it('renders off the event loop the same bytes as on it, and serves several jobs in turn', { timeout: 120_000 }, async () => {
    renderer = workerRenderer();
    const job = { kind: 'opening-notice' as const, contract, date: '2023-12-01' };
    const [a, b] = await Promise.all([renderer.render(job), renderer.render({ ...job, date: '2024-01-10' })]);
    expect(Buffer.from(a).equals(Buffer.from(await renderDocument(job)))).toBe(true);
    expect(Buffer.from(a).subarray(0, 5).toString()).toBe('%PDF-');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('a job that fails rejects with the reason and the worker goes on serving', { timeout: 120_000 }, async () => {
    renderer = workerRenderer();
    await expect(renderer.render({ kind: 'opening-notice', contract: null as unknown as ContractRecord, date: '2023-12-01' })).rejects.toThrow(/PDF rendering failed/);
    const bytes = await renderer.render({ kind: 'opening-notice', contract, date: '2023-12-01' });
    expect(bytes.byteLength).toBeGreaterThan(1000);
  });
});
