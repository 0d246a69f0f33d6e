import { createWriteStream } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { MyPageError, NetworkError, abortError, networkCause } from './errors.js';

/** A file answer (PDF, CSV), streamed: the body is never held whole in memory unless you ask. */
export interface Download {
  /** From `Content-Disposition` (RFC 6266 `filename*` preferred), else a name the SDK derives. */
  fileName: string;
  contentType: string;
  /** `Content-Length` when the server sent one. */
  size: number | null;
  /** The `ETag` the server sent (an issued PDF's is its SHA-256), to ask for it again only if changed. */
  etag: string | null;
  /** The response body as a web stream; read it once (or use one of the helpers below, once). */
  body: ReadableStream<Uint8Array>;
  toNodeStream(): Readable;
  arrayBuffer(): Promise<ArrayBuffer>;
  /**
   * Streams to `path` (a file, or an existing folder to save as `fileName` in it) through a temp
   * file in the same folder, renamed into place at the end; on any error the temp file is removed,
   * so there is never a partial file. A device or named pipe (`/dev/null`, a FIFO) is written to
   * directly.
   */
  saveTo(path: string): Promise<{ path: string; bytes: number }>;
}

/** `attachment; filename="a.pdf"; filename*=UTF-8''%E8%AB%8B.pdf` → the decoded, path-free name. */
export function fileNameFromDisposition(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  let name: string | null = null;
  if (star) {
    try {
      name = decodeURIComponent(star[2]!.trim().replace(/^"|"$/g, ''));
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]+)/i.exec(header);
    if (plain) name = plain[2] !== undefined ? plain[2].replace(/\\(.)/g, '$1') : plain[1]!.trim();
  }
  return name ? safeFileName(name) : null;
}

/** No folders, no dot-files, no control characters: a server cannot make us write elsewhere. */
export function safeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^\.+/, '')
    .trim();
  return base || 'download';
}

/**
 * A failure while reading the body, as the error model has it: an aborted signal is `AbortError`
 * whatever its reason (`AbortSignal.timeout()` included), anything else on the wire (`TypeError:
 * terminated` after a reset) is `NetworkError` with the system code kept in `cause.code`.
 */
function bodyFailure(error: unknown, signal?: AbortSignal): MyPageError {
  if (error instanceof MyPageError) return error;
  if (signal?.aborted) return abortError(signal);
  if (error instanceof Error && error.name === 'AbortError') return abortError(undefined);
  return new NetworkError({
    code: 'NETWORK_ERROR',
    messageEn: 'The download broke off before the end.',
    messageJa: 'ダウンロードが途中で中断されました。',
    cause: networkCause(error),
  });
}

function streamFailure(error: unknown, signal?: AbortSignal): unknown {
  // A file-system failure of saveTo (no such folder, no permission, disk full) stays what it is.
  if (!(error instanceof MyPageError) && error instanceof Error && 'syscall' in error && !signal?.aborted) return error;
  return bodyFailure(error, signal);
}

/** The body as the app sees it: every error it can raise is already a MyPageError. */
function guardedBody(source: ReadableStream<Uint8Array>, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          controller.error(bodyFailure(error, signal));
          return;
        }
        if (chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      },
      cancel(reason) {
        // Not awaited: the app has stopped reading and must not wait on the connection's teardown
        // (a fetch body under load, or a mocked one, may settle its cancel late or never).
        void reader.cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

export function createDownload(response: Response, fallbackName: string, signal?: AbortSignal): Download {
  const length = response.headers.get('content-length');
  const raw = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  // The caller's signal ends the body too, whatever fetch produced it (an injected fetch or a
  // mock may not tie the body to the request's signal).
  const body = guardedBody(signal ? raw.pipeThrough(new TransformStream<Uint8Array, Uint8Array>(), { signal }) : raw, signal);
  let used = false;
  const take = () => {
    if (used) throw new TypeError('The download body has already been read.');
    used = true;
    return body;
  };
  const toNodeStream = () => Readable.fromWeb(take() as unknown as NodeWebReadableStream<Uint8Array>);
  return {
    fileName: fileNameFromDisposition(response.headers.get('content-disposition')) ?? safeFileName(fallbackName),
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    size: length !== null && /^\d+$/.test(length) ? Number(length) : null,
    etag: response.headers.get('etag'),
    body,
    toNodeStream,
    async arrayBuffer() {
      const stream = take();
      try {
        return await new Response(stream).arrayBuffer();
      } catch (error) {
        throw streamFailure(error, signal);
      }
    },
    async saveTo(path: string) {
      let target = resolve(path);
      const info = await stat(target).catch(() => null);
      if (info?.isDirectory()) target = join(target, this.fileName);
      else if (info && !info.isFile()) {
        // a device, FIFO or socket (/dev/null, a named pipe): write into it; renaming a temp file
        // over it would replace it with a regular file
        let written = 0;
        const source = toNodeStream();
        source.on('data', (chunk: Buffer) => {
          written += chunk.length;
        });
        try {
          await pipeline(source, createWriteStream(target, { flags: 'a' }));
        } catch (error) {
          throw streamFailure(error, signal);
        }
        return { path: target, bytes: written };
      }
      const { randomBytes } = await import('node:crypto');
      const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.part`);
      const stream = take();
      // The temp file is created before any byte is read: a write stream opening it on its own
      // would open it later, and a body failing first would have its temp file removed before
      // that open created it — a stray `.part` left behind. The body waits (a web stream is read
      // only when asked); if the file cannot be made, it is never read.
      let handle: FileHandle;
      try {
        handle = await open(temp, 'wx');
      } catch (error) {
        void stream.cancel().catch(() => undefined);
        throw streamFailure(error, signal);
      }
      let bytes = 0;
      const source = Readable.fromWeb(stream as unknown as NodeWebReadableStream<Uint8Array>);
      source.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      try {
        await pipeline(source, handle.createWriteStream());
        await rename(temp, target);
      } catch (error) {
        // the write stream has closed the file (pipeline destroys it on a failure)
        await unlink(temp).catch(() => undefined);
        throw streamFailure(error, signal);
      }
      return { path: target, bytes };
    },
  };
}
