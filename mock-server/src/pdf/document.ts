import PDFDocument from 'pdfkit';
import { toWebStream } from '../streams.js';
import { japaneseFont } from './font.js';

export type Doc = PDFKit.PDFDocument;

export const PAGE = { width: 595.28, height: 841.89, margin: 48 } as const;
export const CONTENT_WIDTH = PAGE.width - PAGE.margin * 2;

/** A4 document with the Japanese font registered as `jp` and selected. */
/** `createdAt` is the document's own date (issue date), not the wall clock: the same document gives the same bytes. */
export function newDocument(info: { title: string; subject: string; createdAt: Date }): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    // Pages stay open until the end so that each can be numbered "n / N" (documents are a few pages).
    bufferPages: true,
    info: { Title: info.title, Subject: info.subject, Author: '日本メディアシステム株式会社', Producer: 'mypage reference server', CreationDate: info.createdAt },
  });
  doc.registerFont('jp', japaneseFont());
  doc.font('jp');
  return doc;
}

/**
 * Run `draw`, number the pages and hand back the document as a web stream. The pages are buffered
 * until the end (to number them), so the whole document is drawn before its bytes flow; documents
 * are a few pages, rendered once and stored (domain/documents.ts).
 */
export function streamDocument(doc: Doc, draw: () => Promise<void> | void): ReadableStream<Uint8Array> {
  void (async () => {
    try {
      await draw();
      numberPages(doc);
      doc.end();
    } catch (error) {
      doc.destroy(error as Error);
    }
  })();
  return toWebStream(doc);
}

/** "1 / 2" centred in the bottom margin of every page (drawn once all pages exist). */
export function numberPages(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
    doc.fontSize(8).fillColor('#555').text(`${i - range.start + 1} / ${range.count}`, 0, PAGE.height - PAGE.margin / 2 - 4, { width: PAGE.width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

export const yen = (n: number) => n.toLocaleString('ja-JP');

/** Keep `needed` points free below the cursor, else start a new page. */
export function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > PAGE.height - PAGE.margin) doc.addPage();
}
