import { describe, expect, it } from 'vitest';
import { fieldLabel } from './field-labels.js';
import { operatorRoutes } from './operator.js';
import { routes } from './routes.js';

/** Every field path (array indexes as 0) a request of `route` can carry: params, query, JSON body. */
function requestFields(route: { request?: Record<string, unknown> }): PropertyKey[][] {
  const out: PropertyKey[][] = [];
  const walk = (schema: unknown, path: PropertyKey[]) => {
    const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
    if (!def) return;
    if (def.type === 'object') {
      for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) {
        out.push([...path, key]);
        walk(value, [...path, key]);
      }
    } else if (def.type === 'array') walk(def.element, [...path, 0]);
    else if (['optional', 'nullable', 'default', 'readonly'].includes(def.type as string)) walk(def.innerType, path);
    else if (def.type === 'pipe') walk(def.in, path);
  };
  const request = (route.request ?? {}) as { params?: unknown; query?: unknown; body?: { content?: Record<string, { schema?: unknown }> } };
  walk(request.params, []);
  walk(request.query, []);
  walk(request.body?.content?.['application/json']?.schema, []);
  return out;
}

describe('fieldLabel — a refused field is named as the guide names it', () => {
  it('every field of every request has a Japanese name (a new field needs one here)', () => {
    const unnamed = new Set<string>();
    for (const route of Object.values({ ...routes, ...operatorRoutes })) {
      for (const path of requestFields(route as { request?: Record<string, unknown> })) {
        const label = fieldLabel(path);
        if (/^[\x20-\x7e]+$/.test(label) && label !== 'ID' && label !== 'URL') unnamed.add(path.join('.'));
      }
    }
    expect([...unnamed]).toEqual([]);
  });

  it('the guide’s words (GLOSSARY.md), a name by its parent, 入力 for the body', () => {
    expect(fieldLabel(['email'])).toBe('メールアドレス');
    expect(fieldLabel(['month'])).toBe('請求月');
    expect(fieldLabel(['records', 3, 'startedAt'])).toBe('日時');
    expect(fieldLabel(['bank', 'name'])).toBe('金融機関名');
    expect(fieldLabel(['items', 0, 'name'])).toBe('項目名');
    expect(fieldLabel(['name'])).toBe('ユーザ名');
    expect(fieldLabel([])).toBe('入力');
  });
});
