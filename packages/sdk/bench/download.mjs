#!/usr/bin/env node
// SDK download benchmark (after `npm run build`): streams a large PDF-like body from a local
// HTTP server through `bills.invoice(...).saveTo()` and reports throughput and how much the
// process's memory grew. The body is streamed: the growth (GC slack, socket buffers, the
// in-process test server) stays flat as the file grows — compare --mb 100 with --mb 400.
// Prints numbers only; never fails on them.   node packages/sdk/bench/download.mjs [--mb 100]
import { createServer } from 'node:http';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MyPageClient } from '../dist/index.js';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '100' } } });
const total = Number(values.mb) * 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 0x41);

const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(total), 'content-disposition': 'attachment; filename="big.pdf"' });
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
      sent += part.length;
      if (!res.write(part)) return res.once('drain', pump);
    }
    res.end();
  };
  pump();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const { port } = server.address();

const dir = await mkdtemp(join(tmpdir(), 'sdk-bench-'));
const client = new MyPageClient({ baseUrl: `http://127.0.0.1:${port}`, session: { token: 't', expiresAt: '' } });
global.gc?.();
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
const t0 = performance.now();
const download = await client.bills.invoice('2023-10');
const saved = await download.saveTo(dir);
const ms = performance.now() - t0;
clearInterval(sampler);
const size = (await stat(saved.path)).size;
const mb = (n) => (n / 1024 / 1024).toFixed(1);
console.table([
  { what: 'download → saveTo', 'file MB': mb(size), 'ms': Math.round(ms), 'MB/s': (size / 1024 / 1024 / (ms / 1000)).toFixed(0), 'RSS growth MB (peak)': mb(peak - before) },
]);
await rm(dir, { recursive: true, force: true });
await client.close();
server.close();
