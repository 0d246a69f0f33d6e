import { once } from 'node:events';
import type { Writable } from 'node:stream';

/*
 * Joining the server's monthly CSVs (D-5) into one file without holding them in memory: the first
 * month is copied whole (BOM + header + rows); later months drop everything up to and including
 * the first LF — their BOM and header row. Works on bytes, so for every encoding: LF (0x0A) never
 * occurs inside a UTF-8 or Shift_JIS multi-byte character.
 */
export class HeaderDropper {
  private dropping: boolean;
  /** LF-terminated lines passed through */
  lines = 0;
  bytes = 0;
  /** The first line passed through, without its LF (a header row to check); null until it ends. */
  firstLine: Buffer | null = null;
  private start = Buffer.alloc(0);

  constructor(drop = true) {
    this.dropping = drop;
  }

  /** The part of `chunk` to keep (possibly empty). */
  take(chunk: Uint8Array): Buffer {
    let out = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.dropping) {
      const i = out.indexOf(0x0a);
      if (i === -1) return Buffer.alloc(0);
      this.dropping = false;
      out = out.subarray(i + 1);
    }
    if (this.firstLine === null && out.length > 0) {
      const lf = out.indexOf(0x0a);
      if (lf === -1) this.start = Buffer.concat([this.start, out]).subarray(0, 64 * 1024);
      else this.firstLine = Buffer.concat([this.start, out.subarray(0, lf)]);
    }
    for (let i = out.indexOf(0x0a); i !== -1; i = out.indexOf(0x0a, i + 1)) this.lines++;
    this.bytes += out.length;
    return out;
  }
}

/** Copies `source` into `sink` through `dropper`, respecting backpressure; never ends the sink. */
export async function copyInto(source: AsyncIterable<Uint8Array>, sink: Writable, dropper: HeaderDropper): Promise<void> {
  for await (const chunk of source) {
    const part = dropper.take(chunk);
    if (part.length > 0 && !sink.write(part)) await drained(sink);
  }
}

/**
 * Waits for 'drain' — or fails with the sink's error when it failed or closed (a full disk): an
 * errored stream never drains, and waiting for it would leave the process with nothing to do.
 */
async function drained(sink: Writable): Promise<void> {
  const failure = () => sink.errored ?? Object.assign(new Error('The output was closed before the end.'), { code: 'EPIPE' });
  if (sink.errored || sink.destroyed) throw failure();
  const stop = new AbortController();
  try {
    await Promise.race([
      once(sink, 'drain', { signal: stop.signal }),
      once(sink, 'close', { signal: stop.signal }).then(() => {
        throw failure();
      }),
    ]);
  } finally {
    stop.abort();
  }
}
