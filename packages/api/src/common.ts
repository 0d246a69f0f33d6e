import { z } from 'zod';
import {
  CONTRACT_NUMBER_PATTERN,
  DATE_PATTERN,
  MONTH_PATTERN,
  normalizeDate,
  POSTAL_CODE_PATTERN,
} from './formats.js';

/** `YYYY-MM`, a billing month (Japan time). */
export const MonthSchema = z.string().regex(MONTH_PATTERN, 'YYYY-MM').meta({ id: 'Month', example: '2023-10' });
/** `YYYY-MM-DD`, a calendar date (Japan time). */
export const DateSchema = z
  .string()
  .regex(DATE_PATTERN, 'YYYY-MM-DD')
  .refine((s) => normalizeDate(s) === s, 'not a calendar date')
  .meta({ id: 'Date', example: '2023-12-01' });
/** An instant, ISO 8601 with the Japan offset (`2023-12-01T10:19:00+09:00`). */
export const InstantSchema = z.string().meta({ id: 'Instant', example: '2023-12-01T10:19:00+09:00' });
/** Integer yen (R-FMT-9). */
export const YenSchema = z.number().int().meta({ id: 'Yen', example: 3300 });
export const ContractNumberSchema = z
  .string()
  .regex(CONTRACT_NUMBER_PATTERN)
  .meta({ id: 'ContractNumber', example: 'CAF0000000001' });
export const PostalCodeSchema = z.string().regex(POSTAL_CODE_PATTERN).meta({ id: 'PostalCode', example: '5340024' });

export const AddressSchema = z
  .object({
    postalCode: PostalCodeSchema,
    address1: z.string().describe('住所①'),
    address2: z.string().describe('住所②'),
    building: z.string().describe('建物名'),
  })
  .meta({ id: 'Address' });
export type { Address } from './types.js';

/** Paged list query (`limit`, opaque `cursor`). */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('page size, default 100'),
  cursor: z.string().max(200).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
const lists = new WeakMap<z.ZodType, z.ZodType>();

/** `{ items: T[] }`, named `<T's id>List` in the OpenAPI document when T is named (one schema per T). */
export function listOf<T extends z.ZodType>(item: T): z.ZodObject<{ items: z.ZodArray<T> }> {
  const known = lists.get(item);
  if (known) return known as z.ZodObject<{ items: z.ZodArray<T> }>;
  const id = item.meta()?.id;
  const list = z.object({ items: z.array(item) });
  const named = typeof id === 'string' ? list.meta({ id: `${id}List` }) : list;
  lists.set(item, named);
  return named;
}

export const MessageSchema = z
  .object({ message: z.string().describe('Japanese confirmation, as the portal shows it') })
  .meta({ id: 'Message' });

export const HealthSchema = z
  .object({ status: z.literal('ok'), version: z.string(), time: InstantSchema, dev: z.boolean() })
  .meta({ id: 'Health' });

export const TermsSchema = z
  .object({ title: z.string(), version: z.string(), text: z.string() })
  .meta({ id: 'Terms' });

export const CorporateDesignationsSchema = z
  .object({ items: z.array(z.object({ kanji: z.string(), kana: z.string(), abbreviations: z.array(z.string()) })) })
  .meta({ id: 'CorporateDesignations' });
