import { parentPort } from 'node:worker_threads';
import { renderDocument, type RenderJob } from './render.js';

/*
 * The PDF worker thread: renders one job at a time off the server's event loop (pdfkit is
 * CPU-bound, ≈ 190 ms an invoice) and hands the bytes back without copying them.
 */
parentPort?.on('message', (message: { id: number; job: RenderJob }) => {
  renderDocument(message.job).then(
    (bytes) => parentPort!.postMessage({ id: message.id, bytes }, [bytes.buffer as ArrayBuffer]),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
