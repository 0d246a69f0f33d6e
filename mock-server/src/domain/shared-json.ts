/*
 * The JSON body of an answer that is shared between requests — a bill breakdown or a contract list
 * kept in bill-cache.ts, which no caller ever changes — serialised and encoded once per object
 * instead of once per request (a breakdown's JSON.stringify was about a sixth of its read; kept as
 * UTF-8 bytes, the answer's length is known and nothing is encoded again when it is written). Held
 * by a WeakMap: the bytes go when the cache drops the object. Nobody writes into the bytes: Node
 * writes them to the socket as they are, and a WHATWG `Response` (under `app.request()`) copies them.
 */
const encoder = new TextEncoder();
const bodies = new WeakMap<object, Uint8Array<ArrayBuffer>>();
const itemBodies = new WeakMap<object, Uint8Array<ArrayBuffer>>();

function shared(cache: WeakMap<object, Uint8Array<ArrayBuffer>>, value: object, text: () => string): Uint8Array<ArrayBuffer> {
  let body = cache.get(value);
  if (body === undefined) {
    body = encoder.encode(text());
    cache.set(value, body);
  }
  return body;
}

export function sharedJson(value: object): Uint8Array<ArrayBuffer> {
  return shared(bodies, value, () => JSON.stringify(value));
}

/** `{"items":[…]}` around a shared list. */
export function sharedItemsJson(items: readonly object[]): Uint8Array<ArrayBuffer> {
  return shared(itemBodies, items, () => `{"items":${JSON.stringify(items)}}`);
}

export const JSON_CONTENT_TYPE = { 'content-type': 'application/json' } as const;
