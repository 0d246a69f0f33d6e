import type { Readable } from 'node:stream';

/**
 * A Node stream as a web `ReadableStream`, for streamed responses (CSV, PDF).
 *
 * Pull-based: a chunk is read from `source` only when the response asks for one, so a slow client
 * slows the producer instead of filling memory, and once the client hangs up (`cancel`) nothing is
 * pushed any more and `source` is destroyed. `Readable.toWeb` is not used because it keeps pushing
 * into the web stream after a cancel and throws `ERR_INVALID_STATE: Controller is already closed`
 * from a stream callback — an uncaught exception that ends the whole server process.
 */
export function toWebStream(source: Readable): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Uint8Array | string>;
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (cancelled) return;
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? new TextEncoder().encode(value) : value);
      },
      async cancel() {
        cancelled = true;
        source.destroy();
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
