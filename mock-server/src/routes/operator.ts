import { createRoute } from '@hono/zod-openapi';
import { operatorRoutes, type FaultRule } from '@mypage/api';
import type { App, AppContext } from '../app.js';
import { ApiError } from '../errors.js';
import { addContract, createGroup, getGroup, importCalls, listInquiries, postNews, publishBill, publishNotice, resolveInquiryById } from '../domain/back-office.js';
import { parseFaultRule } from '../faults/rules.js';

/**
 * The back office (`/api/v1/operator/…`; the operator token is checked centrally by app.ts).
 * The rules are in domain/back-office.ts.
 */
export function registerOperatorRoutes(app: App, ctx: AppContext): void {
  const r = operatorRoutes;

  app.openapi(createRoute(r.operatorGroupCreate), async (c) => c.json(await createGroup(ctx, c.req.valid('json')), 201));
  app.openapi(createRoute(r.operatorGroup), async (c) => c.json(await getGroup(ctx, c.req.valid('param').id), 200));
  app.openapi(createRoute(r.operatorContractAdd), async (c) => {
    const { billingGroupId, ...input } = c.req.valid('json');
    return c.json(await addContract(ctx, billingGroupId, input), 201);
  });
  app.openapi(createRoute(r.operatorBillPublish), async (c) => c.json(await publishBill(ctx, c.req.valid('json')), 201));
  app.openapi(createRoute(r.operatorNoticePublish), async (c) => c.json(await publishNotice(ctx, c.req.valid('json')), 201));
  app.openapi(createRoute(r.operatorNewsCreate), async (c) => c.json(await postNews(ctx, c.req.valid('json')), 201));
  app.openapi(createRoute(r.operatorCallImport), async (c) => c.json(await importCalls(ctx, c.req.valid('json').records), 201));
  app.openapi(createRoute(r.operatorInquiries), async (c) => c.json({ items: await listInquiries(ctx, c.req.valid('query').status) }, 200));
  app.openapi(createRoute(r.operatorInquiryResolve), async (c) => c.json(await resolveInquiryById(ctx, c.req.valid('param').id), 200));

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
