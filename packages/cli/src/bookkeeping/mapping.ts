import type { TaxNames } from './formats.js';

/*
 * The small files a bookkeeper keeps beside the exports:
 * - the account mapping (JSON): the names of the company's chart of accounts, because
 *   マネーフォワード and 弥生 match 勘定科目 / 補助科目 / 部門 / 税区分 by exact name;
 * - the department map: contract number or phone number → 部門, as `key,部門` lines (CSV or
 *   tab-separated, `#` comments) or a JSON object.
 */

export interface AccountMapping {
  debit?: { account?: string; subAccount?: string; department?: string };
  credit?: { account?: string; subAccount?: string; department?: string };
  partner?: string;
  taxCategories?: Partial<TaxNames>;
}

export class MappingError extends Error {
  override name = 'MappingError';
}

const SIDE_KEYS = ['account', 'subAccount', 'department'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringsOnly(where: string, v: unknown, allowed: readonly string[]): Record<string, string> {
  if (!isRecord(v)) throw new MappingError(`${where} must be an object`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    if (!allowed.includes(k)) throw new MappingError(`${where}.${k} is not a known key (known: ${allowed.join(', ')})`);
    if (typeof val !== 'string' || val.trim() === '') throw new MappingError(`${where}.${k} must be a non-empty string`);
    out[k] = val.trim();
  }
  return out;
}

/** Parse the account mapping file; unknown keys are errors (a typo must not fall back silently). */
export function parseAccountMapping(text: string): AccountMapping {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new MappingError(`not JSON: ${(err as Error).message}`);
  }
  if (!isRecord(data)) throw new MappingError('the mapping must be a JSON object');
  const out: AccountMapping = {};
  for (const [k, v] of Object.entries(data)) {
    if (k === 'debit' || k === 'credit') out[k] = stringsOnly(k, v, SIDE_KEYS);
    else if (k === 'partner') {
      if (typeof v !== 'string') throw new MappingError('partner must be a string');
      out.partner = v.trim();
    } else if (k === 'taxCategories') out.taxCategories = stringsOnly(k, v, ['10', '8', '0']) as Partial<TaxNames>;
    else throw new MappingError(`${k} is not a known key (known: debit, credit, partner, taxCategories)`);
  }
  return out;
}

/** Parse a department map: `key,部門` / `key<TAB>部門` lines, or a JSON object `{ key: 部門 }`. */
export function parseDepartmentMap(text: string): Map<string, string> {
  const body = text.replace(/^\uFEFF/, '');
  const map = new Map<string, string>();
  if (body.trimStart().startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch (err) {
      throw new MappingError(`not JSON: ${(err as Error).message}`);
    }
    for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
      if (typeof v !== 'string' || v.trim() === '') throw new MappingError(`${k}: the department must be a non-empty string`);
      map.set(normaliseKey(k), v.trim());
    }
    return map;
  }
  body.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const parts = line.split(/[\t,]/).map((p) => p.trim().replace(/^"(.*)"$/, '$1'));
    if (parts.length < 2 || !parts[0] || !parts[1]) throw new MappingError(`line ${i + 1}: expected "contract or phone number,部門", got "${line}"`);
    map.set(normaliseKey(parts[0]), parts[1]);
  });
  return map;
}

/** Contract numbers in upper case without the `2N` prefix (R-FMT-4); phone numbers without hyphens. */
export function normaliseKey(key: string): string {
  const k = key.trim().toUpperCase().replace(/[-\s]/g, '');
  return /^2N/.test(k) ? k.slice(2) : k;
}
