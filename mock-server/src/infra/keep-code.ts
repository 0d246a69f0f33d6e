import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8 from discarding any function's bytecode, for the life of the process: `mypage-server`
 * calls it at start (and the bench's memory-engine server). It matters for the functions of the
 * request path, which run as optimized code.
 *
 * V8 counts a function as unused when its bytecode has not been interpreted for a while, as is
 * the case for one whose optimized code runs on every request. A full collection of V8's memory
 * reducer (started when a process's allocation slows — a minute or two after start, or after an
 * idle spell) may flush such bytecode. Measured on the demo data, one server serving
 * `GET /api/v1/contracts` in 1-second turns: 52,000–67,000 requests/s (15.3 µs of CPU a request)
 * for 105 s; from that collection on, 43,000–49,800 (21.5 µs), and it did not recover in the
 * minute measured after it — most likely the flush (no flush was traced). With this setting the
 * same collection runs and the rate stays at 63,800–69,800. Why the server stays slower without it
 * was not found. (docs/performance.md, "The request path lost its code at the first
 * memory-reducing collection".)
 *
 * The cost is the bytecode of functions that ran once and never again (start-up, the seed), kept;
 * not measured on its own. The memory reducer itself still runs and returns the heap's free pages.
 * Set at run time (`v8.setFlagsFromString`) because NODE_OPTIONS accepts only the V8 options on
 * Node's allowlist, and this one is not. V8 checks it at the start of each full collection; Node
 * calls changing V8 options after start unsupported, and the probe shows it works on Node 20:
 * recheck on a Node upgrade.
 */
export function keepCompiledCode(): void {
  setFlagsFromString('--no-flush-bytecode');
}
