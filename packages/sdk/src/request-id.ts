/*
 * The server's request id of a successful call, without changing what the call returns: the SDK
 * remembers it per result object (a WeakMap, so nothing is added to your data and nothing leaks).
 */
const ids = new WeakMap<object, string>();

export function rememberRequestId(value: unknown, requestId: string | null): void {
  if (!requestId || typeof value !== 'object' || value === null) return;
  ids.set(value, requestId);
  // list methods return the `items` of the answer: those arrays carry the id too
  const items = (value as { items?: unknown }).items;
  if (Array.isArray(items)) ids.set(items, requestId);
}

/** The `x-request-id` of the answer a result came from (`requestIdOf(await client.bills.get('2023-10'))`). */
export function requestIdOf(result: unknown): string | undefined {
  return typeof result === 'object' && result !== null ? ids.get(result) : undefined;
}
