import { readFile } from 'node:fs/promises';
import type { Terminal } from '../cmdutil.js';
import { CliError, ExitCode, usageError } from '../errors.js';
import { monthArg } from '../input.js';
import { MappingError, parseAccountMapping, parseDepartmentMap, type AccountMapping } from './mapping.js';

/* What the bookkeeping verbs share: flags to options, month spans, the mapping files. */

/** Only the flags that were given (exactOptionalPropertyTypes). */
export function pick<K extends string>(o: Record<string, string | undefined>, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

export async function readMapping(o: Terminal & { mapping?: string }): Promise<AccountMapping> {
  if (!o.mapping) return {};
  const text = await readText(o.mapping);
  try {
    return parseAccountMapping(text);
  } catch (err) {
    if (err instanceof MappingError) throw usageError(`勘定科目の対応表が正しくありません (${o.mapping}): ${err.message}`, `Invalid mapping file ${o.mapping}: ${err.message}`);
    throw err;
  }
}

export async function monthSpan(from: string, to: string | undefined): Promise<{ from: string; to: string }> {
  const f = await monthArg(from, '--from');
  const t = to ? await monthArg(to, '--to') : f;
  if (t < f) throw usageError(`--to (${t}) が --from (${f}) より前です。`, `--to (${t}) is before --from (${f}).`);
  return { from: f, to: t };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError('FILE_UNREADABLE', `ファイルを読めません: ${file}`, `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, ExitCode.usage);
  }
}

/** The department map of `--department-map FILE`, or undefined without one. */
export async function readDepartmentMap(file: string | undefined): Promise<Map<string, string> | undefined> {
  if (!file) return undefined;
  const text = await readText(file);
  try {
    return parseDepartmentMap(text);
  } catch (err) {
    if (err instanceof MappingError) throw usageError(`部門の対応表が正しくありません (${file}): ${err.message}`, `Invalid department map ${file}: ${err.message}`);
    throw err;
  }
}
