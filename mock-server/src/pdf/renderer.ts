import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderDocument, type RenderJob } from './render.js';

/** Renders documents; `close` ends whatever it started. */
export interface DocumentRenderer {
  render(job: RenderJob): Promise<Uint8Array>;
  close(): Promise<void>;
}

/**
 * The worker's code: `pdf-worker.js` beside the built server (a tsup entry), or, when the server
 * runs from its TypeScript sources (tests, `tsx`), `worker.ts` loaded through tsx's loader.
 */
function startWorker(): Worker {
  const built = new URL('./pdf-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return new Worker(built);
  // tsx's ESM API (require.resolve finds its CommonJS twin beside it, by the package's exports)
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const source = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, execArgv: ['--conditions=source'] });
}

/**
 * One worker thread that renders PDFs off the event loop, one job after another (on a 2-core
 * machine a second renderer would only compete with the requests). Started at the first job;
 * a worker that dies is replaced at the next one, failing only the jobs it held. It never keeps
 * the process alive by itself (unref).
 */
export function workerRenderer(): DocumentRenderer {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const start = (): Worker => {
    const w = startWorker();
    w.unref();
    w.on('message', (m: { id: number; bytes?: Uint8Array; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.bytes) p.resolve(new Uint8Array(m.bytes));
      else p.reject(new Error(`PDF rendering failed: ${m.error ?? 'unknown error'}`));
    });
    w.on('error', (error) => failAll(error));
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      if (pending.size > 0) failAll(new Error(`PDF worker exited (${code})`));
    });
    return w;
  };
  return {
    render(job) {
      worker ??= start();
      const id = nextId++;
      const w = worker;
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.ref(); // a job in hand keeps the process alive until it is answered
        w.postMessage({ id, job });
      }).finally(() => {
        if (pending.size === 0) w.unref();
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}

/**
 * Renders on the calling thread: the same renderDocument the worker runs, without the thread
 * (the default of createApp, for tests and embedding; the server process uses workerRenderer).
 */
export function inProcessRenderer(): DocumentRenderer {
  return { render: renderDocument, close: async () => undefined };
}
