import { createRoute } from '@hono/zod-openapi';
import { jstIso, operatorRoutes, type FaultRule } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { ApiError } from '../errors.js';
import { addContract, createGroup, groupOf, groupView, importCalls, publishBill, publishNotice } from '../domain/back-office.js';
import { inquiryView, resolveInquiry } from '../domain/inquiries.js';
import { randomId } from '../domain/secrets.js';
import { parseFaultRule } from '../faults/rules.js';
import { invoicePublishedMail, newsPostedMail, noticePublishedMail, notifyAll, notifyRecipients } from '../mail/notifications.js';
import type { Data, InquiryRecord } from '../store/schema.js';

/**
 * The back office (`/api/v1/operator/…`; the operator token is checked centrally by app.ts).
 * Publishing mails every active user of the group whose notification is on (R-USER-4, D-6).
 */
export function registerOperatorRoutes(app: App, ctx: AppContext): void {
  const r = operatorRoutes;
  const now = () => ctx.clock.now();

  app.openapi(createRoute(r.operatorGroupCreate), async (c) => {
    const input = c.req.valid('json');
    const view = await ctx.store.update((d) => groupView(d, createGroup(d, input, () => randomId('bg'))));
    return c.json(view, 201);
  });
  app.openapi(createRoute(r.operatorGroup), (c) => {
    const data = ctx.store.data;
    return c.json(groupView(data, groupOf(data, c.req.valid('param').id)), 200);
  });
  app.openapi(createRoute(r.operatorContractAdd), async (c) => {
    const { billingGroupId, ...input } = c.req.valid('json');
    const view = await ctx.store.update((d) => groupView(d, addContract(d, billingGroupId, input)));
    return c.json(view, 201);
  });

  app.openapi(createRoute(r.operatorBillPublish), async (c) => {
    const input = c.req.valid('json');
    const group = await ctx.store.update((d) => publishBill(d, input, now(), () => nextBillingId(d)));
    const notified = await notifyAll(ctx.mailer, notifyRecipients(ctx.store.data, group.id), (to, name) =>
      invoicePublishedMail(to, name, input.month, ctx.config.publicUrl),
    );
    return c.json({ notified }, 201);
  });

  app.openapi(createRoute(r.operatorNoticePublish), async (c) => {
    const input = c.req.valid('json');
    const contract = await ctx.store.update((d) => publishNotice(d, input.contractNumber, input.date, now()));
    const notified = await notifyAll(ctx.mailer, notifyRecipients(ctx.store.data, contract.billingGroupId), (to, name) =>
      noticePublishedMail(to, name, contract.contractNumber, input.date, ctx.config.publicUrl),
    );
    return c.json({ notified }, 201);
  });

  app.openapi(createRoute(r.operatorNewsCreate), async (c) => {
    const input = c.req.valid('json');
    const record = await ctx.store.update((d) => {
      if (input.billingGroupId !== null) groupOf(d, input.billingGroupId);
      const news = { id: randomId('news'), billingGroupId: input.billingGroupId, title: input.title, body: input.body, publishedAt: now().toISOString() };
      d.news.push(news);
      return news;
    });
    const notified = await notifyAll(ctx.mailer, notifyRecipients(ctx.store.data, record.billingGroupId), (to, name) =>
      newsPostedMail(to, name, record.title, ctx.config.publicUrl),
    );
    return c.json({ ...record, publishedAt: jstIso(new Date(record.publishedAt)), notified }, 201);
  });

  app.openapi(createRoute(r.operatorCallImport), async (c) => {
    const { records } = c.req.valid('json');
    const result = await ctx.store.update((d) => importCalls(d, records, () => randomId('call')));
    return c.json(result, 201);
  });

  app.openapi(createRoute(r.operatorInquiries), (c) => {
    const { status } = c.req.valid('query');
    const data = ctx.store.data;
    const items = data.inquiries
      .filter((i) => status === undefined || i.status === status)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((i) => operatorInquiryView(data, i));
    return c.json({ items }, 200);
  });
  app.openapi(createRoute(r.operatorInquiryResolve), async (c) => {
    const { id } = c.req.valid('param');
    const view = await ctx.store.update((d) => {
      const inquiry = d.inquiries.find((i) => i.id === id);
      if (!inquiry) throw new ApiError('NOT_FOUND', { messageJa: '指定のお問い合わせは存在しません。', messageEn: `No inquiry ${id}.` });
      resolveInquiry(d, inquiry, now());
      return operatorInquiryView(d, inquiry);
    });
    return c.json(view, 200);
  });

  app.openapi(createRoute(r.operatorFaults), (c) => c.json(ctx.faults.settings(), 200));
  app.openapi(createRoute(r.operatorFaultsSet), (c) => {
    if (!ctx.config.dev) {
      throw new ApiError('FORBIDDEN', { messageJa: '障害スイッチは開発モードでのみ使用できます。', messageEn: 'Fault switches work in dev mode only (--dev).' });
    }
    const input = c.req.valid('json');
    const rules: FaultRule[] = input.rules.map((rule, index) => {
      if (typeof rule !== 'string') return rule;
      try {
        return parseFaultRule(rule);
      } catch (error) {
        throw new ApiError('VALIDATION_FAILED', {
          messageJa: '障害スイッチの指定が正しくありません。',
          messageEn: (error as Error).message,
          details: [{ path: `rules.${index}`, message: '障害スイッチの指定が正しくありません。', messageEn: (error as Error).message }],
        });
      }
    });
    ctx.faults.set(rules, input.seed ?? null);
    return c.json(ctx.faults.settings(), 200);
  });
}

function operatorInquiryView(data: Data, i: InquiryRecord) {
  return { ...inquiryView(data, i), billingGroupId: i.billingGroupId };
}

/** ご請求番号: a running number, the same kind of value on every invoice of the server. */
function nextBillingId(data: Data): string {
  const max = data.bills.reduce((m, b) => Math.max(m, Number(/^B(\d+)$/.exec(b.billingId)?.[1] ?? 0)), 0);
  return `B${String(max + 1).padStart(10, '0')}`;
}
