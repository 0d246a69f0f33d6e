import { Transform, type TransformCallback } from 'node:stream';

/*
 * Joining the server's monthly CSVs (D-5) into one file without holding them in memory: the first
 * month is copied whole (BOM + header + rows); later months drop everything up to and including
 * the first LF — their BOM and header row. Works on bytes, so for every encoding: LF (0x0A) never
 * occurs inside a UTF-8 or Shift_JIS multi-byte character.
 */
export class DropFirstLine extends Transform {
  private dropping = true;
  /** data lines passed through (LFs after the header) */
  lines = 0;

  constructor(drop = true) {
    super();
    this.dropping = drop;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    let out = chunk;
    if (this.dropping) {
      const i = chunk.indexOf(0x0a);
      if (i === -1) return cb();
      this.dropping = false;
      out = chunk.subarray(i + 1);
    }
    for (let i = out.indexOf(0x0a); i !== -1; i = out.indexOf(0x0a, i + 1)) this.lines++;
    cb(null, out);
  }
}

/** Counts LF-terminated lines of a stream (header included) while passing it through. */
export class CountLines extends Transform {
  lines = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) this.lines++;
    cb(null, chunk);
  }
}
