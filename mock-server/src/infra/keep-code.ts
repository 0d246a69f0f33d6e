import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8 from throwing away the bytecode of functions that only run optimized, for the life of
 * the process: `mypage-server` calls it at start (and the bench's memory-engine server).
 *
 * A server under load runs its request path as optimized code, and V8 counts a function as unused
 * when its bytecode has not been interpreted for a while. The first garbage collection of V8's
 * memory reducer (a full collection V8 starts when a process's allocation slows — a minute or two
 * after start, or after an idle spell) then flushes that bytecode, and the functions start over:
 * lazily compiled, interpreted, optimized again. Measured on the demo data, one server serving
 * `GET /api/v1/contracts` in 1-second turns: 64,000 requests/s (15.3 µs of CPU a request) for
 * 105 s, then, from the collection on, 45,000 (21.5 µs) for as long as it was measured (a minute more).
 * With bytecode kept, the same collection runs and the rate stays at 66,000–70,000.
 * (docs/performance.md, "The request path lost its code at the first memory-reducing collection".)
 *
 * The cost is the bytecode of functions that ran once and never again (start-up, the seed), kept:
 * a few MB at most. The memory reducer itself still runs and returns the heap's free pages.
 * Set at run time (`v8.setFlagsFromString`): Node refuses V8 flags it does not know in
 * NODE_OPTIONS, and V8 reads this one at each collection.
 */
export function keepCompiledCode(): void {
  setFlagsFromString('--no-flush-bytecode');
}
