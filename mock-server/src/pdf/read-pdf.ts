import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/*
 * For tests: read a PDF back with poppler's pdftotext (a real parser that is not ours), and
 * render a page with pdftoppm.
 */

export async function pdfText(res: Response | Uint8Array): Promise<string> {
  const bytes = res instanceof Response ? new Uint8Array(await res.arrayBuffer()) : res;
  const dir = mkdtempSync(path.join(tmpdir(), 'mypage-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Text without any whitespace: lines and columns may break anywhere. */
export const squash = (s: string) => s.replace(/\s+/g, '');

/** `pdfinfo -isodates` of a PDF (dates in UTC). */
export function pdfInfo(bytes: Uint8Array): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'mypage-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfPageCount(bytes: Uint8Array): number {
  return Number(/Pages:\s+(\d+)/.exec(pdfInfo(bytes))?.[1] ?? 0);
}
