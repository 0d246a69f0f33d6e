import { z } from 'zod';
import { AddressSchema, ContractNumberSchema, DateSchema, InstantSchema, MonthSchema, YenSchema, listOf } from './common.js';
import { ErrorEnvelopeSchema } from './errors.js';
import { ContractGroupSchema, InquirySchema, TaxRateSchema } from './resources.js';
import type { ApiRoute } from './routes.js';
import { plainText } from './text.js';

/*
 * Back office (`/api/v1/operator/…`, operator token): the provider's side of the portal
 * (Decision under R-INQ). Creates customers, publishes bills / opening notices / news (which
 * mails the group's users with notification on, R-USER-4 / D-6), imports call records (charges
 * computed by the server, D-2), resolves inquiries (R-INQ-2/3 take effect the following month)
 * and sets the dev-mode fault switches.
 */

// --- schemas ----------------------------------------------------------------------------------
export const BankSchema = z
  .object({ name: z.string().min(1).max(60), branch: z.string().max(60), accountNumber: z.string().regex(/^[0-9]{4,10}$/) })
  .meta({ id: 'Bank' });

export const OperatorBillingGroupSchema = z
  .object({
    id: z.string(),
    customerNumber: z.string(),
    name: z.string(),
    kana: z.string(),
    bank: BankSchema,
    paperStop: z.object({ openingNotice: MonthSchema.nullable(), directDebit: MonthSchema.nullable() }),
    callRecordsFrom: MonthSchema.nullable(),
    contracts: z.array(ContractNumberSchema),
  })
  .meta({ id: 'OperatorBillingGroup' });
export type OperatorBillingGroup = z.infer<typeof OperatorBillingGroupSchema>;

export const OperatorContractCreateSchema = z
  .object({
    contractNumber: z.string().max(40).describe('R-FMT-4 shape (normalised)'),
    group: ContractGroupSchema,
    customerName: plainText(z.string().min(1).max(100)),
    customerKana: plainText(z.string().min(1).max(100)),
    registeredAddress: AddressSchema,
    installationAddress: AddressSchema.optional().describe('default: registeredAddress'),
    serviceName: plainText(z.string().min(1).max(100)),
    accessLine: z
      .object({
        serviceName: plainText(z.string().min(1).max(100)),
        status: plainText(z.string().min(1).max(40)),
        startDate: DateSchema.nullable(),
        accessKey: z.string().regex(/^[A-Za-z0-9]{8}$/),
        constructionDate: DateSchema.nullable(),
      })
      .nullable()
      .optional(),
    hikariPhone: z.array(z.object({ serviceName: plainText(z.string().max(60)), phoneNumber: z.string().regex(/^[0-9]{10,11}$/), details: plainText(z.string().max(100)) })).max(20).optional(),
    options: z.array(plainText(z.string().max(100))).max(5).optional(),
  })
  .meta({ id: 'OperatorContractCreate' });
export type OperatorContractCreate = z.infer<typeof OperatorContractCreateSchema>;

export const OperatorBillingGroupCreateSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]{2,40}$/).optional().describe('default: generated'),
    name: plainText(z.string().min(1).max(100)),
    kana: plainText(z.string().min(1).max(100)),
    bank: BankSchema,
    contracts: z.array(OperatorContractCreateSchema).min(1).max(50).describe('the first one gives the group its customer number'),
  })
  .meta({ id: 'OperatorBillingGroupCreate' });
export type OperatorBillingGroupCreate = z.infer<typeof OperatorBillingGroupCreateSchema>;

export const OperatorContractAddSchema = OperatorContractCreateSchema.extend({ billingGroupId: z.string().max(40) }).meta({ id: 'OperatorContractAdd' });

export const OperatorBillItemSchema = z
  .object({ contractNumber: z.string().max(40), name: plainText(z.string().min(1).max(100)), amount: z.number().int().min(-10_000_000).max(100_000_000), remarks: plainText(z.string().max(200)).default(''), taxRate: TaxRateSchema })
  .meta({ id: 'OperatorBillItem' });

export const OperatorBillPublishSchema = z
  .object({
    billingGroupId: z.string().max(40),
    month: MonthSchema,
    items: z.array(OperatorBillItemSchema).max(2000).describe('items other than 通話料, which the server derives from call records (D-2)'),
    issuedOn: DateSchema.optional().describe('default: today (Japan time)'),
    dueDate: DateSchema.optional().describe('default: the 27th of the month after `month`'),
  })
  .meta({ id: 'OperatorBillPublish' });
export type OperatorBillPublish = z.infer<typeof OperatorBillPublishSchema>;

export const OperatorPublishedSchema = z
  .object({ notified: z.array(z.string()).describe('addresses mailed (R-USER-4, D-6)') })
  .meta({ id: 'OperatorPublished' });

export const OperatorNoticePublishSchema = z
  .object({ contractNumber: z.string().max(40), date: DateSchema })
  .meta({ id: 'OperatorNoticePublish' });

export const OperatorNewsCreateSchema = z
  .object({
    title: plainText(z.string().trim().min(1).max(200)),
    body: plainText(z.string().max(10_000), { multiline: true }).default(''),
    billingGroupId: z.string().max(40).nullable().default(null).describe('null: every billing group'),
  })
  .meta({ id: 'OperatorNewsCreate' });

export const OperatorNewsSchema = z
  .object({ id: z.string(), title: z.string(), body: z.string(), billingGroupId: z.string().nullable(), publishedAt: InstantSchema, notified: z.array(z.string()) })
  .meta({ id: 'OperatorNews' });

export const OperatorCallRecordInSchema = z
  .object({
    contractNumber: z.string().max(40),
    startedAt: z.string().max(40).describe('ISO 8601 instant; without an offset it is read as Japan time'),
    usageType: plainText(z.string().max(40)),
    from: plainText(z.string().max(20)),
    to: plainText(z.string().max(20)),
    durationSeconds: z.number().int().min(0).max(86_400 * 2),
  })
  .meta({ id: 'OperatorCallRecordIn' });
export type OperatorCallRecordIn = z.infer<typeof OperatorCallRecordInSchema>;

export const OperatorCallImportSchema = z
  .object({ records: z.array(OperatorCallRecordInSchema).min(1).max(100_000) })
  .meta({ id: 'OperatorCallImport' });
export const OperatorCallImportedSchema = z
  .object({ imported: z.number().int(), totalCharge: YenSchema, months: z.array(MonthSchema) })
  .meta({ id: 'OperatorCallImported' });

export const OperatorInquirySchema = InquirySchema.extend({ billingGroupId: z.string() }).meta({ id: 'OperatorInquiry' });
export const OperatorInquiriesQuerySchema = z.object({ status: z.enum(['received', 'resolved']).optional() });
export const OperatorIdParamSchema = z.object({ id: z.string().max(60) });

export const FaultRuleSchema = z
  .object({
    method: z.string().max(10).describe('`GET`, `POST`, … or `*`'),
    pattern: z.string().max(200).describe('path glob, `*` matches anything (`/api/v1/bills*`)'),
    latencyMs: z.number().int().min(0).max(60_000),
    failRate: z.number().min(0).max(1).describe('share of requests answered 503 SERVICE_UNAVAILABLE with Retry-After'),
    dropRate: z.number().min(0).max(1).describe('share of requests whose connection is dropped without an answer'),
    retryAfterSeconds: z.number().int().min(0).max(3600),
  })
  .meta({ id: 'FaultRule' });
export type FaultRule = z.infer<typeof FaultRuleSchema>;

export const FaultSettingsSchema = z
  .object({ rules: z.array(FaultRuleSchema), seed: z.number().int().nullable().describe('PRNG seed: the same seed gives the same sequence of faults') })
  .meta({ id: 'FaultSettings' });
export type FaultSettings = z.infer<typeof FaultSettingsSchema>;

export const FaultSettingsUpdateSchema = z
  .object({
    rules: z.array(z.union([z.string().max(300), FaultRuleSchema])).max(50).describe('flag syntax (`GET /api/v1/bills*=latency:200,fail:0.5`) or objects'),
    seed: z.number().int().nullable().optional(),
  })
  .meta({ id: 'FaultSettingsUpdate' });

// --- routes -----------------------------------------------------------------------------------
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } }) as const;
const body = <T extends z.ZodType>(schema: T) => ({ content: json(schema), required: true }) as const;
const ok = <T extends z.ZodType>(schema: T, description = 'OK') => ({ description, content: json(schema) }) as const;
const errors = { default: { description: 'Error envelope (see ErrorCode)', content: json(ErrorEnvelopeSchema) } } as const;
const op = [{ bearer: [] }]; // the operator token, sent as a bearer token
function route<const R extends ApiRoute>(def: R): R {
  return def;
}
const tags = ['operator'];

export const operatorRoutes = {
  operatorGroupCreate: route({ method: 'post', path: '/api/v1/operator/billing-groups', operationId: 'operatorGroupCreate', summary: 'Create a customer: billing group with its contracts', tags, 'x-auth': 'operator', security: op, request: { body: body(OperatorBillingGroupCreateSchema) }, responses: { 201: ok(OperatorBillingGroupSchema, 'Created'), ...errors } }),
  operatorGroup: route({ method: 'get', path: '/api/v1/operator/billing-groups/{id}', operationId: 'operatorGroup', summary: 'A billing group with its settings (call records from, paper stop)', tags, 'x-auth': 'operator', security: op, request: { params: OperatorIdParamSchema }, responses: { 200: ok(OperatorBillingGroupSchema), ...errors } }),
  operatorContractAdd: route({ method: 'post', path: '/api/v1/operator/contracts', operationId: 'operatorContractAdd', summary: 'Add a contract to a billing group', tags, 'x-auth': 'operator', security: op, request: { body: body(OperatorContractAddSchema) }, responses: { 201: ok(OperatorBillingGroupSchema, 'Created'), ...errors } }),
  operatorBillPublish: route({ method: 'post', path: '/api/v1/operator/bills', operationId: 'operatorBillPublish', summary: 'Publish a bill month for a billing group (mails users with notification on)', tags, 'x-auth': 'operator', security: op, request: { body: body(OperatorBillPublishSchema) }, responses: { 201: ok(OperatorPublishedSchema, 'Published'), ...errors } }),
  operatorNoticePublish: route({ method: 'post', path: '/api/v1/operator/opening-notices', operationId: 'operatorNoticePublish', summary: 'Upload (publish) an opening notice (mails users with notification on)', tags, 'x-auth': 'operator', security: op, request: { body: body(OperatorNoticePublishSchema) }, responses: { 201: ok(OperatorPublishedSchema, 'Published'), ...errors } }),
  operatorNewsCreate: route({ method: 'post', path: '/api/v1/operator/news', operationId: 'operatorNewsCreate', summary: 'Post news (お知らせ; mails users with notification on)', tags, 'x-auth': 'operator', security: op, request: { body: body(OperatorNewsCreateSchema) }, responses: { 201: ok(OperatorNewsSchema, 'Created'), ...errors } }),
  operatorCallImport: route({ method: 'post', path: '/api/v1/operator/call-records', operationId: 'operatorCallImport', summary: 'Import call records; the server computes each charge (D-2)', tags, 'x-auth': 'operator', security: op, request: { body: body(OperatorCallImportSchema) }, responses: { 201: ok(OperatorCallImportedSchema, 'Imported'), ...errors } }),
  operatorInquiries: route({ method: 'get', path: '/api/v1/operator/inquiries', operationId: 'operatorInquiries', summary: 'Inquiries of every billing group, oldest first', tags, 'x-auth': 'operator', security: op, request: { query: OperatorInquiriesQuerySchema }, responses: { 200: ok(listOf(OperatorInquirySchema)), ...errors } }),
  operatorInquiryResolve: route({ method: 'post', path: '/api/v1/operator/inquiries/{id}/resolve', operationId: 'operatorInquiryResolve', summary: 'Mark an inquiry done; R-INQ-2/3 requests take effect from the following month', tags, 'x-auth': 'operator', security: op, request: { params: OperatorIdParamSchema }, responses: { 200: ok(OperatorInquirySchema), ...errors } }),
  operatorFaults: route({ method: 'get', path: '/api/v1/operator/faults', operationId: 'operatorFaults', summary: 'Dev-mode fault switches in force', tags, 'x-auth': 'operator', security: op, responses: { 200: ok(FaultSettingsSchema), ...errors } }),
  operatorFaultsSet: route({ method: 'put', path: '/api/v1/operator/faults', operationId: 'operatorFaultsSet', summary: 'Replace the dev-mode fault switches (latency, 503 rate, dropped connections per route pattern)', tags, 'x-auth': 'operator', security: op, request: { body: body(FaultSettingsUpdateSchema) }, responses: { 200: ok(FaultSettingsSchema), ...errors } }),
} as const;
export type OperatorRouteName = keyof typeof operatorRoutes;
