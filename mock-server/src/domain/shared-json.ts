/*
 * The JSON text of an answer that is shared between requests — a bill breakdown or a contract list
 * kept in bill-cache.ts, which no caller ever changes — serialised once per object instead of once
 * per request (a breakdown's JSON.stringify was about a sixth of its read). Held by a WeakMap: the
 * text goes when the cache drops the object.
 */
const texts = new WeakMap<object, string>();

export function sharedJson(value: object): string {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

/** `{"items":[…]}` around a shared list. */
export function sharedItemsJson(items: readonly object[]): string {
  return `{"items":${sharedJson(items)}}`;
}

export const JSON_CONTENT_TYPE = { 'content-type': 'application/json' } as const;
