import type { z } from 'zod';
import { DateSchema } from '../common.js';
import { ErrorEnvelopeSchema } from '../errors.js';
import { routes } from '../routes.js';

/*
 * Writes `answers.generated.ts`: for every JSON answer of the route table (each route's documented
 * statuses and the error envelope), a plain-JS check generated from the same zod schemas, with
 * zod's output (a copy without unknown keys). The SDK checks answers with it, so a command that
 * reads an answer does not load zod (≈ Node's own start-up on this kind of machine); when a check
 * fails, the SDK asks zod for its message, so the error is zod's, word for word.
 *
 * Run after changing a schema: `node --conditions=source --import tsx packages/api/src/validate/generate.ts`
 * (answers.test.ts fails while the committed file is not what this generates, and proves the
 * generated checks agree with zod on every endpoint's answers and their mutations).
 *
 * Only the zod features the answers use are known here; anything else (a transform, an unknown
 * refinement) stops the generator instead of being skipped.
 */

type Def = Record<string, any>;
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Refinements the generator knows, by their check object (shared by every copy of the schema): the same function as the schema runs. */
const refinements = new Map<unknown, { imports: string; test: (v: string) => string }>([
  [defOf(DateSchema).checks.find((c: unknown) => defOf(c).check === 'custom'), { imports: 'normalizeDate', test: (v) => `normalizeDate(${v}) === ${v}` }],
]);

export function generateAnswerChecks(): string {
  const ids = new Map<unknown, string>();
  const bodies: string[] = [];
  const imports = new Set<string>();

  const byBody = new Map<string, string>();

  /** The name of the function checking `schema` (made on first use; schemas with the same check share one). */
  function fn(schema: unknown): string {
    const known = ids.get(schema);
    if (known) return known;
    const lines: string[] = [];
    emit(schema, lines);
    const body = lines.map((l) => `  ${l}`).join('\n');
    let name = byBody.get(body);
    if (!name) {
      name = `s${byBody.size}`;
      byBody.set(body, name);
      bodies.push(`function ${name}(v: any): any {\n${body}\n}`);
    }
    ids.set(schema, name);
    return name;
  }

  function checks(def: Def, lines: string[], kind: 'string' | 'number' | 'array'): void {
    for (const check of def.checks ?? []) {
      const c = defOf(check);
      const key = c.check === 'string_format' || c.check === 'number_format' ? `${c.check}:${c.format}` : c.check;
      switch (key) {
        case 'string_format:regex': {
          const re = c.pattern as RegExp;
          if (re.global || re.sticky) throw new Error(`generate: a /g or /y pattern (${re}) is not supported`);
          lines.push(`if (!${re.toString()}.test(v)) return FAIL;`);
          break;
        }
        case 'number_format:safeint':
          lines.push('if (!Number.isSafeInteger(v)) return FAIL;');
          break;
        case 'min_length':
          lines.push(`if (v.length < ${Number(c.minimum)}) return FAIL;`);
          break;
        case 'max_length':
          lines.push(`if (v.length > ${Number(c.maximum)}) return FAIL;`);
          break;
        case 'length_equals':
          lines.push(`if (v.length !== ${Number(c.length)}) return FAIL;`);
          break;
        case 'greater_than':
          lines.push(`if (!(v ${c.inclusive ? '>=' : '>'} ${JSON.stringify(c.value)})) return FAIL;`);
          break;
        case 'less_than':
          lines.push(`if (!(v ${c.inclusive ? '<=' : '<'} ${JSON.stringify(c.value)})) return FAIL;`);
          break;
        case 'custom': {
          const known = refinements.get(check);
          if (!known || kind !== 'string') throw new Error('generate: a refinement the generator does not know (add it to `refinements`)');
          imports.add(known.imports);
          lines.push(`if (!(${known.test('v')})) return FAIL;`);
          break;
        }
        default:
          throw new Error(`generate: unsupported ${kind} check ${key}`);
      }
    }
  }

  function emit(schema: unknown, lines: string[]): void {
    const def = defOf(schema);
    switch (def.type) {
      case 'string':
        lines.push("if (typeof v !== 'string') return FAIL;");
        // a string format (z.email()) is a string schema carrying its own pattern
        if (def.format !== undefined) {
          const re = def.pattern as RegExp | undefined;
          if (!(re instanceof RegExp) || re.global || re.sticky) throw new Error(`generate: unsupported string format ${def.format}`);
          lines.push(`if (!${re.toString()}.test(v)) return FAIL;`);
        }
        checks(def, lines, 'string');
        lines.push('return v;');
        return;
      case 'number':
        lines.push("if (typeof v !== 'number' || !Number.isFinite(v)) return FAIL;");
        checks(def, lines, 'number');
        lines.push('return v;');
        return;
      case 'boolean':
        lines.push("return typeof v === 'boolean' ? v : FAIL;");
        return;
      case 'null':
        lines.push('return v === null ? v : FAIL;');
        return;
      case 'literal':
        lines.push(`return ${JSON.stringify(def.values)}.includes(v) ? v : FAIL;`);
        return;
      case 'enum':
        lines.push(`return ${JSON.stringify(Object.values(def.entries))}.includes(v) ? v : FAIL;`);
        return;
      case 'nullable':
        lines.push(`return v === null ? null : ${fn(def.innerType)}(v);`);
        return;
      case 'optional':
        lines.push(`return v === undefined ? undefined : ${fn(def.innerType)}(v);`);
        return;
      case 'array':
        lines.push('if (!Array.isArray(v)) return FAIL;');
        checks(def, lines, 'array');
        lines.push('const out = new Array(v.length);');
        lines.push(`for (let i = 0; i < v.length; i++) if ((out[i] = ${fn(def.element)}(v[i])) === FAIL) return FAIL;`);
        lines.push('return out;');
        return;
      case 'union':
        lines.push('let r;');
        for (const option of def.options as unknown[]) lines.push(`if ((r = ${fn(option)}(v)) !== FAIL) return r;`);
        lines.push('return FAIL;');
        return;
      case 'object': {
        if (def.catchall !== undefined) throw new Error('generate: only plain z.object() (unknown keys dropped) is supported');
        if ((def.checks ?? []).length) throw new Error('generate: a refinement on an object is not supported');
        lines.push("if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;");
        lines.push('const o: any = {};');
        lines.push('let x;');
        for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) {
          const k = JSON.stringify(key);
          if (defOf(value).type === 'optional') {
            // zod: a missing optional key stays missing; one that is present is checked
            lines.push(`if (v[${k}] !== undefined) { if ((x = ${fn(value)}(v[${k}])) === FAIL) return FAIL; o[${k}] = x; } else if (${k} in v) o[${k}] = undefined;`);
          } else {
            lines.push(`if ((x = ${fn(value)}(v[${k}])) === FAIL) return FAIL;`);
            lines.push(`o[${k}] = x;`);
          }
        }
        lines.push('return o;');
        return;
      }
      default:
        throw new Error(`generate: unsupported schema type ${def.type}`);
    }
  }

  const table: string[] = [];
  for (const [name, route] of Object.entries(routes)) {
    const entries: string[] = [];
    for (const [status, answer] of Object.entries(route.responses as Record<string, { content?: Record<string, { schema: unknown }> }>)) {
      const schema = answer.content?.['application/json']?.schema;
      if (schema) entries.push(`${JSON.stringify(status)}: ${fn(schema)}`);
    }
    table.push(`  ${name}: { ${entries.join(', ')} },`);
  }
  const envelope = fn(ErrorEnvelopeSchema);
  const importLine = imports.size ? `import { ${[...imports].sort().join(', ')} } from '../formats.js';\n` : '';
  return `// Generated by packages/api/src/validate/generate.ts from the zod schemas of routes.ts: do not edit.
/* eslint-disable */
${importLine}
/** Returned by a check when the value does not match its schema. */
export const FAIL: unique symbol = Symbol('does not match');

${bodies.join('\n\n')}

/** Per route and documented status (\`default\`: the error envelope): value → zod's output, or FAIL. */
export const answerChecks: Record<string, Record<string, (v: unknown) => unknown>> = {
${table.join('\n')}
};

/** The error envelope (\`{ error: { code, message, … } }\`) of any error answer. */
export const errorEnvelopeCheck: (v: unknown) => unknown = ${envelope};
`;
}

if (process.argv[1] && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  const { writeFileSync } = await import('node:fs');
  const target = new URL('./answers.generated.ts', import.meta.url);
  writeFileSync(target, generateAnswerChecks());
  console.log(`wrote ${target.pathname}`);
}
