import type { Context } from 'hono';
import type { RenderedDocument } from '../store/repositories.js';

/** Headers of a file download: type, and a filename that survives non-ASCII (RFC 6266 / 5987). */
export function downloadHeaders(contentType: string, fileName: string, extra: Record<string, string> = {}): Record<string, string> {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'cache-control': 'private, no-store',
    ...extra,
  };
}

/**
 * An issued PDF as stored (rendered once): its SHA-256 as a strong ETag (a client holding the same
 * bytes asks with If-None-Match and gets 304), and its exact length.
 */
export function documentResponse(c: Context, doc: RenderedDocument, fileName: string): Response {
  const etag = `"${doc.sha256}"`;
  const headers = downloadHeaders('application/pdf', fileName, { etag, 'content-length': String(doc.bytes.byteLength) });
  const asked = c.req.header('if-none-match');
  if (asked && asked.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    const { 'content-length': _length, ...rest } = headers;
    return c.body(null, 304, rest);
  }
  return c.body(doc.bytes as Uint8Array<ArrayBuffer>, 200, headers);
}
