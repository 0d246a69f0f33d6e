import { emptyData, type Data } from './schema.js';

/*
 * What a data file must hold before the server starts on it: a JSON object with the keys its
 * layout always writes (the main `mypage.json` its `schemaVersion`), every known collection a list.
 * Anything else — an empty file, `null`, `{}`, `[]`, a number, an object whose collections are not
 * lists — is refused with an error naming the file, instead of being read as an empty store (which
 * `--demo` would then fill with demo data over the customer's own). The JSON engine calls this for
 * every file it opens (store/json/engine.ts).
 */

export class CorruptStoreError extends Error {
  override name = 'CorruptStoreError';
}


/**
 * The parsed contents of `file`, or CorruptStoreError saying what is wrong. `required`: the keys
 * the file must have.
 */
export function parseStoreText(text: string, file: string, required: readonly string[]): Data {
  const refuse = (why: string) =>
    new CorruptStoreError(`${file} is not a valid mypage store (${why}); restore a backup or move the file aside to start empty`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw refuse(text.trim() === '' ? 'the file is empty' : `not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw refuse(`it holds ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not an object`);
  }
  const data = value as Record<string, unknown>;
  const missing = required.filter((k) => !(k in data));
  if (missing.length > 0) throw refuse(`missing ${missing.join(', ')}`);
  for (const [key, empty] of Object.entries(emptyData())) {
    if (key in data && Array.isArray(empty) !== Array.isArray(data[key])) throw refuse(`"${key}" is not ${Array.isArray(empty) ? 'a list' : 'a value'}`);
  }
  return data as unknown as Data;
}
