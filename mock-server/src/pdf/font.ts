import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/*
 * The Japanese font of every PDF: Noto Sans JP from the `@embedpdf/fonts-jp` package (OFL,
 * installed from the npm registry, nothing is downloaded at run time). pdfkit embeds a subset
 * with a ToUnicode map, so poppler's pdftotext reads the Japanese back.
 */
const require = createRequire(import.meta.url);

export function fontPath(): string {
  return path.join(path.dirname(require.resolve('@embedpdf/fonts-jp')), '../fonts/NotoSansJP-Regular.otf');
}

let cached: Buffer | undefined;
/** The font file, read once per process. */
export function japaneseFont(): Buffer {
  cached ??= readFileSync(fontPath());
  return cached;
}
