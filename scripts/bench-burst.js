#!/usr/bin/env node
// 200 inquiry POSTs sent at once (the write target of docs/performance.md), in two ways:
//
// - cold: each POST on a new connection, as a client that opens 200 connections at once does. On
//   a machine with few cores this mostly measures opening 200 TCP connections from one Node
//   process (and accepting them), which is why the same 200 POSTs go to a bare Hono hello-world.
// - warm: the 200 connections are opened first (a keep-alive agent, each socket used once by a
//   cheap GET), then the 200 POSTs go out at once on them; the first and last answer are timed from
//   that moment. What is left is the server's own work: parsing, authenticating, storing each
//   inquiry durably and writing its receipt mail.
//
// Used by bench.js. Alone (after a build) it runs the real `bin/mypage-server.js` on a fresh demo
// data folder, or on one given with --data (written by bench-folder.js; it gets the inquiries, so
// use a throw-away folder), sends 50 inquiry POSTs one after another (p50, p99), then `--runs`
// rounds of the bursts above, each beside the same burst to the hello-world:
//   node scripts/bench-burst.js [--data DIR] [--runs 5] [--count 200] [--keys]   (--keys: each POST with an Idempotency-Key)
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isMain, loadText, pct, prepareFolder, procMb, ROOT, signIn, startServer, stopChild } from './bench-folder.js';
import { spawn } from 'node:child_process';

const inquiryBody = (i) => JSON.stringify({ category: 'other', subject: `ベンチマーク ${i}`, body: '本文' });

/** One request; resolves with the time its answer ended (performance.now()) and its status. */
function send(agent, url, method, pathname, token, body, key) {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) };
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    const req = http.request(`${url}${pathname}`, { method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ at: performance.now(), status: res.statusCode }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// A new connection per request: pooled sockets may meet the server's keep-alive timeout after an
// idle pause (a POST is not retried), which would count as a failure.
const fresh = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/** One inquiry POST on a new connection (the one-at-a-time latency). */
export async function postInquiry(url, token, i) {
  const t = performance.now();
  const r = await send(fresh, url, 'POST', '/api/v1/inquiries', token, inquiryBody(i));
  return { ms: r.at - t, ok: r.status === 201 };
}

/**
 * `count` inquiry POSTs at once; `warm`: on connections opened beforehand (see above). How many
 * were acknowledged (201), and the first and last answer in ms from the moment they were sent.
 * `warmPath` is what opens a connection (a GET the server answers cheaply); `keys`: each POST with
 * its own Idempotency-Key, as the SDK and the CLI send them (D-12: the stored request is written
 * before and after the inquiry).
 */
export async function burst(url, token, { warm = false, count = 200, warmPath = '/api/v1/health', first = 0, keys = false } = {}) {
  let agent = fresh;
  if (warm) {
    agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: count, scheduling: 'fifo' });
    const opened = await Promise.all(Array.from({ length: count }, () => send(agent, url, 'GET', warmPath, token)));
    const free = Object.values(agent.freeSockets).reduce((n, list) => n + list.length, 0);
    if (free !== count || opened.some((r) => r.status !== 200)) throw new Error(`burst: ${free} of ${count} connections open and idle`);
  }
  const bodies = Array.from({ length: count }, (_, i) => inquiryBody(first + i));
  const t = performance.now();
  const run = `${process.pid}-${Date.now()}`;
  const answers = await Promise.all(bodies.map((body, i) => send(agent, url, 'POST', '/api/v1/inquiries', token, body, keys ? `bench-${run}-${i}` : undefined)));
  const times = answers.map((a) => a.at - t);
  if (warm) agent.destroy();
  return { ok: answers.filter((a) => a.status === 201).length, firstMs: Math.min(...times), allMs: Math.max(...times) };
}

const HELLO = `import { serve } from '@hono/node-server'; import { Hono } from 'hono';
const app = new Hono(); app.get('/', (c) => c.text('Hello Hono!'));
app.post('/api/v1/inquiries', async (c) => c.json({ received: (await c.req.json()).subject }, 201));
const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => process.stdout.write('READY ' + JSON.stringify({ url: 'http://127.0.0.1:' + info.port }) + '\\n'));
process.once('SIGTERM', () => s.close(() => process.exit(0)));`;

/** The bare Hono hello-world (GET / and a POST route answering 201), as bench.js starts it. */
export function startHello() {
  const child = spawn(process.execPath, ['--input-type=module', '-e', HELLO], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`hello-world exited (${code})`)));
    child.stdout.on('data', (c) => {
      out += c;
      const m = /^READY (.*)$/m.exec(out);
      if (m) {
        child.removeAllListeners('exit');
        resolve({ child, url: JSON.parse(m[1]).url });
      }
    });
  });
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { data: { type: 'string' }, runs: { type: 'string', default: '5' }, count: { type: 'string', default: '200' }, keys: { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  const count = Number(values.count);
  const own = !values.data;
  const dir = values.data ?? mkdtempSync(path.join(os.tmpdir(), 'mypage-burst-'));
  if (own) await prepareFolder('demo', dir);
  const hello = await startHello();
  const server = await startServer(dir);
  try {
    console.log(`server started in ${server.startMs.toFixed(0)} ms, RSS ${procMb(server.child.pid).toFixed(0)} MB; ${loadText()}`);
    const token = await signIn(server.url);
    const one = [];
    for (let i = 0; i < 50; i++) one.push((await postInquiry(server.url, token, i)).ms);
    console.log(`50 inquiry POSTs one after another: p50 ${pct(one, 50).toFixed(1)} ms, p99 ${pct(one, 99).toFixed(1)} ms`);
    const rows = [];
    for (let i = 0; i < runs; i++) {
      const row = {};
      for (const warm of [false, true]) {
        const kind = warm ? 'warm' : 'cold';
        const h = await burst(hello.url, token, { warm, count, warmPath: '/' });
        const s = await burst(server.url, token, { warm, count, first: 10_000 * i + (warm ? 5000 : 0), keys: values.keys });
        row[`${kind} first/last ms`] = `${s.firstMs.toFixed(0)} / ${s.allMs.toFixed(0)}${s.ok === count ? '' : ` (${s.ok} ok)`}`;
        row[`hello ${kind}`] = `${h.firstMs.toFixed(0)} / ${h.allMs.toFixed(0)}`;
      }
      row.load = os.loadavg()[0].toFixed(1);
      rows.push(row);
    }
    console.table(rows);
    console.log(`RSS after: ${procMb(server.child.pid).toFixed(0)} MB; ${loadText()}`);
  } finally {
    await stopChild(server.child);
    await stopChild(hello.child);
    if (own) rmSync(dir, { recursive: true, force: true });
  }
}
