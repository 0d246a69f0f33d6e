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
