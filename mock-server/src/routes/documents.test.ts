import { beforeEach, describe, expect, it } from 'vitest';
import type { Bill } from '@mypage/api';
import type { RenderJob } from '../pdf/render.js';
import { renderDocument } from '../pdf/render.js';
import type { DocumentRenderer } from '../pdf/renderer.js';
import { DEMO } from '../seed/demo.js';
import { bearer, createTestApp, demoSeed, sessionToken, type TestApp } from '../testing/index.js';

/** The real renderer, counting its renders (what the store saves us is the point of these tests). */
function countingRenderer(): DocumentRenderer & { renders: RenderJob['kind'][] } {
  const renders: RenderJob['kind'][] = [];
  return { renders, render: (job) => (renders.push(job.kind), renderDocument(job)), close: async () => undefined };
}

let t: TestApp;
let user: Record<string, string>;
let renderer: ReturnType<typeof countingRenderer>;
beforeEach(async () => {
  renderer = countingRenderer();
  t = await createTestApp({ seed: demoSeed, now: '2024-01-15T10:00:00+09:00', renderer });
  user = bearer(await sessionToken(t, DEMO.groupA.admin.id));
});
const get = (url: string, headers: Record<string, string> = {}) => t.app.request(url, { headers: { ...user, ...headers } });
const sha256Of = async (bytes: ArrayBuffer) => Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');

describe('documents rendered once (D-8, D-9, D-10)', () => {
  it('the second download of an invoice is the stored bytes: not rendered again, same ETag (its SHA-256) and Content-Length', async () => {
    const first = await get('/api/v1/bills/2023-10/invoice.pdf');
    const firstBytes = await first.arrayBuffer();
    const second = await get('/api/v1/bills/2023-10/invoice.pdf');
    const secondBytes = await second.arrayBuffer();
    expect(renderer.renders).toEqual(['invoice']);
    expect(Buffer.from(secondBytes).equals(Buffer.from(firstBytes))).toBe(true);
    expect(second.headers.get('etag')).toBe(`"${await sha256Of(secondBytes)}"`);
    expect(second.headers.get('content-length')).toBe(String(secondBytes.byteLength));
    expect(first.headers.get('etag')).toBe(second.headers.get('etag'));
  });

  it('answers 304 to If-None-Match with the current ETag, and the full PDF to a stale one', async () => {
    const etag = (await get('/api/v1/bills/2023-10/invoice.pdf')).headers.get('etag')!;
    const notModified = await get('/api/v1/bills/2023-10/invoice.pdf', { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect((await notModified.arrayBuffer()).byteLength).toBe(0);
    const stale = await get('/api/v1/bills/2023-10/invoice.pdf', { 'if-none-match': '"0000"' });
    expect(stale.status).toBe(200);
    expect(Buffer.from(await stale.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a re-published bill renders a new version with new bytes; the first version is kept', async () => {
    const before = (await get('/api/v1/bills/2023-10/invoice.pdf')).headers.get('etag');
    const bill = (await (await get('/api/v1/bills/2023-10')).json()) as Bill;
    const items = bill.contracts.flatMap((c) => c.items.filter((i) => i.name !== '通話料').map((i) => ({ contractNumber: c.contractNumber, ...i })));
    items[0] = { ...items[0]!, amount: items[0]!.amount + 1000 };
    const op = bearer(t.config.operatorToken);
    const published = await t.app.request('/api/v1/operator/bills', {
      method: 'POST',
      headers: { ...op, 'content-type': 'application/json' },
      body: JSON.stringify({ billingGroupId: DEMO.groupA.id, month: '2023-10', issuedOn: bill.issuedOn, dueDate: bill.dueDate, items }),
    });
    expect(published.status).toBe(201);
    const after = await get('/api/v1/bills/2023-10/invoice.pdf');
    expect(after.headers.get('etag')).not.toBe(before);
    expect(renderer.renders).toEqual(['invoice', 'invoice']);
    const versions = await t.store.documents.versions('invoice', `${DEMO.groupA.id}/2023-10`);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(`"${versions[1]!.sha256}"`).toBe(after.headers.get('etag'));
  });

  it('an opening notice is rendered once too', async () => {
    const a = await get('/api/v1/contracts/CAF0000000001/opening-notices/2023-12-01.pdf');
    const b = await get('/api/v1/contracts/CAF0000000001/opening-notices/2023-12-01.pdf');
    expect(a.status).toBe(200);
    expect(b.headers.get('etag')).toBe(a.headers.get('etag'));
    expect(renderer.renders).toEqual(['opening-notice']);
  });

  it('parallel first downloads of one invoice share one render', async () => {
    const responses = await Promise.all(Array.from({ length: 5 }, () => get('/api/v1/bills/2023-11/invoice.pdf')));
    expect(new Set(responses.map((r) => r.headers.get('etag'))).size).toBe(1);
    expect(renderer.renders).toEqual(['invoice']);
  });
});
