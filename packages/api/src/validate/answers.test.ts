import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ErrorEnvelopeSchema } from '../errors.js';
import { routes } from '../routes.js';
import { answerCheck, errorEnvelopeCheck, FAIL } from './index.js';
import { generateAnswerChecks } from './generate.js';

/*
 * The generated answer checks (what the SDK runs on every JSON answer) agree with the zod schemas
 * they come from: same verdict and same output, on a valid answer of every endpoint and on every
 * mutation of it (wrong type, missing key, bad calendar date, value outside an enum, extra key).
 */

type Def = Record<string, any>;
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Strings for the patterns of the schemas (a pattern without one here fails the sanity check below). */
function stringFor(schema: z.ZodType, def: Def, variant: number): string {
  const example = (schema as { meta?: () => Record<string, unknown> | undefined }).meta?.()?.example;
  if (typeof example === 'string') return example;
  const regex = (def.checks ?? []).map((c: unknown) => defOf(c)).find((c: Def) => c.format === 'regex');
  if (!regex) return variant % 2 ? '' : `text ${variant}`;
  const known = ['2023-12-01', '2023-10', 'CAF0000000001', '5340024', 'm95au6', '0612345678', '2023-12-01T10:19:00+09:00', 'abc-123_A', 'a@example.jp', '000-0000-0000', '1234', '12345678', '123456', 'T1234567890123'];
  const hit = known.find((k) => (regex.pattern as RegExp).test(k));
  if (!hit) throw new Error(`no sample string for ${regex.pattern}`);
  return hit;
}

/** A valid value of `schema`; `variant` picks between null / present, enum members, union options. */
function sample(schema: z.ZodType, variant: number): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return stringFor(schema, def, variant);
    case 'number': {
      const min = (def.checks ?? []).map((c: unknown) => defOf(c)).find((c: Def) => c.check === 'greater_than');
      return min ? Number(min.value) + 1 + variant : 3300 - variant;
    }
    case 'boolean':
      return variant % 2 === 0;
    case 'literal':
      return def.values[variant % def.values.length];
    case 'enum': {
      const values = Object.values(def.entries);
      return values[variant % values.length];
    }
    case 'nullable':
      return variant % 2 ? null : sample(def.innerType, variant);
    case 'optional':
      return variant % 2 ? undefined : sample(def.innerType, variant);
    case 'array':
      return variant === 3 ? [] : [sample(def.element, variant), sample(def.element, variant + 1)];
    case 'union':
      return sample(def.options[variant % def.options.length], variant);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const v = sample(value, variant);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    default:
      throw new Error(`no sample for ${def.type}`);
  }
}

const REPLACEMENTS: unknown[] = ['taro@example', 'T123', 12345, 1.5, -1, 'x', '', null, true, {}, [], '2023-02-30', '2023-13', '2023-1-5', 'CAF000000000X', 'NOT_A_MEMBER', 'other', 'hikari'];

/** Every mutation of `value`: each place replaced by each of REPLACEMENTS, each key removed, an extra key added. */
function* mutations(value: unknown): Generator<unknown> {
  yield* REPLACEMENTS;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) for (const m of mutations(value[i])) yield value.map((x, j) => (j === i ? m : x));
    yield [...value, 'extra'];
  } else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      for (const m of mutations(obj[key])) yield { ...obj, [key]: m };
      const { [key]: _gone, ...rest } = obj;
      yield rest;
    }
    yield { ...obj, extra: 'unknown key' };
  }
}

function agree(check: (v: unknown) => unknown, schema: z.ZodType, value: unknown): void {
  const zod = schema.safeParse(value);
  const ours = check(value);
  if (zod.success) expect(ours).toEqual(zod.data);
  else expect(ours).toBe(FAIL);
}

const answers = Object.entries(routes).flatMap(([name, route]) =>
  Object.entries(route.responses as Record<string, { content?: Record<string, { schema: z.ZodType }> }>)
    .filter(([, answer]) => answer.content?.['application/json'])
    .map(([status, answer]) => ({ name, status, schema: answer.content!['application/json']!.schema })),
);

describe('generated answer checks', () => {
  it('the committed answers.generated.ts is what generate.ts makes from the current schemas', () => {
    expect(readFileSync(new URL('./answers.generated.ts', import.meta.url), 'utf8')).toBe(generateAnswerChecks());
  });

  it('there is a check for every JSON answer of every route, and none for other statuses', () => {
    expect(answers.length).toBeGreaterThan(Object.keys(routes).length);
    for (const { name, status } of answers) expect(answerCheck(name, status === 'default' ? 'default' : Number(status)), `${name} ${status}`).toBeTypeOf('function');
    expect(answerCheck('logout', 204)).toBeUndefined();
    expect(answerCheck('contracts', 201)).toBeUndefined();
    expect(answerCheck('no-such-route', 200)).toBeUndefined();
  });

  for (const { name, status, schema } of answers) {
    it(`${name} ${status}: agrees with zod on valid answers and on every mutation of them`, () => {
      const check = answerCheck(name, status === 'default' ? 'default' : Number(status))!;
      let invalid = 0;
      for (let variant = 0; variant < 4; variant++) {
        const valid = sample(schema, variant);
        // the sample itself must be valid, or the mutations below prove little
        expect(schema.safeParse(valid).error, `sample ${variant}`).toBeUndefined();
        agree(check, schema, valid);
        for (const mutated of mutations(valid)) {
          agree(check, schema, mutated);
          if (!schema.safeParse(mutated).success) invalid += 1;
        }
      }
      expect(invalid).toBeGreaterThan(10);
    });
  }

  it('a bad calendar date that matches YYYY-MM-DD is refused, as by zod (the same normalizeDate)', () => {
    const check = answerCheck('bill', 200)!;
    const bill = sample(routes.bill.responses[200].content['application/json'].schema, 0) as Record<string, unknown>;
    expect(check(bill)).not.toBe(FAIL);
    expect(check({ ...bill, dueDate: '2023-02-29' })).toBe(FAIL);
    expect(check({ ...bill, dueDate: '2024-02-29' })).not.toBe(FAIL);
  });

  it('the error envelope: unknown keys dropped as zod does, an unknown code refused', () => {
    const envelope = { error: { code: 'BILL_NOT_FOUND', message: '請求書がありません。', messageEn: 'No bill.', requestId: 'req-1', extra: 1 }, more: true };
    expect(errorEnvelopeCheck(envelope)).toEqual(ErrorEnvelopeSchema.parse(envelope));
    expect(errorEnvelopeCheck({ error: { ...envelope.error, code: 'NO_SUCH_CODE' } })).toBe(FAIL);
  });
});
