// Part 2 of `npm run bench`: the heavy paths of the reference server — call-record CSV streaming
// of a large month (UTF-8 and Shift_JIS), paged JSON, bill computation, PDF generation — over
// loopback HTTP, on the memory engine in-process, on data from the seed generator.
//   node scripts/bench.js [--customers N] [--months N] [--calls N] [--big-calls N] [--seed N]
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp, defaultConfig, emptyData, FakeClock, generateData, MemoryEngine, Outbox, Sessions } from '../mock-server/dist/index.js';

export async function heavyPaths() {
  const { values } = parseArgs({
    strict: false,
    options: {
      customers: { type: 'string', default: '300' },
      months: { type: 'string', default: '12' },
      calls: { type: 'string', default: '40' },
      'big-calls': { type: 'string', default: '50000' },
      seed: { type: 'string', default: '1' },
    },
  });
  const opts = { customers: Number(values.customers), months: Number(values.months), callsPerLine: Number(values.calls), seed: Number(values.seed) };
  const bigCalls = Number(values['big-calls']);

  const mb = (n) => (n / 1024 / 1024).toFixed(1);

  // --- data -------------------------------------------------------------------------------------
  let t0 = performance.now();
  const d = emptyData();
  {
    generateData(d, opts);
    // one large customer: a single month with `bigCalls` calls per phone line
    const big = { customers: 1, months: 1, callsPerLine: bigCalls, seed: opts.seed + 1, lastMonth: '2024-06' };
    const extra = { billingGroups: [], contracts: [], bills: [], callRecords: [] };
    generateData(extra, big);
    const rename = (x) => ({ ...x, ...(x.id === 'gen_000001' ? { id: 'bench_big' } : {}), ...(x.billingGroupId ? { billingGroupId: 'bench_big' } : {}) });
    d.billingGroups.push(...extra.billingGroups.map(rename));
    d.contracts.push(...extra.contracts.map((c) => ({ ...rename(c), contractNumber: c.contractNumber.replace('CAF1', 'CAF9') })));
    d.bills.push(...extra.bills.map((b) => ({ ...rename(b), items: b.items.map((i) => ({ ...i, contractNumber: i.contractNumber.replace('CAF1', 'CAF9') })) })));
    for (const r of extra.callRecords) d.callRecords.push({ ...rename(r), contractNumber: r.contractNumber.replace('CAF1', 'CAF9'), id: `big-${r.id}` });
    d.accounts.push(account('bench_user_big', 'bench_big'), account('bench_user_small', d.billingGroups[0].id));
  }
  const store = await MemoryEngine.create(d);
  const dataMs = performance.now() - t0;
  function account(id, billingGroupId) {
    return {
      id, accessId: id.slice(-6), billingGroupId, email: `${id}@example.jp`, name: id, role: 'admin', notify: false, status: 'active',
      passwordHash: null, temporaryPasswordHash: null, createdAt: '2024-01-01T00:00:00.000Z',
    };
  }
  const bigRows = d.callRecords.filter((r) => r.billingGroupId === 'bench_big').length;

  const clock = new FakeClock('2024-07-20T12:00:00+09:00');
  const config = defaultConfig({ dev: false, sessionIdleMs: 24 * 3_600_000 });
  const app = createApp({ repos: store, mailer: new Outbox({ clock }), clock, captcha: { info: () => ({ provider: 'none' }), verify: async () => true }, config });
  const sessions = new Sessions(store, clock, config.sessionIdleMs);
  const big = (await sessions.create('bench_user_big')).token;
  const small = (await sessions.create('bench_user_small')).token;

  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;

  // --- measuring --------------------------------------------------------------------------------
  async function measure(name, runs, fn) {
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let peakRss = process.memoryUsage().rss;
    let peakHeap = heap0;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 10);
    let bytes = 0;
    let items = 0;
    const start = performance.now();
    for (let i = 0; i < runs; i++) {
      const r = await fn();
      bytes += r.bytes ?? 0;
      items += r.items ?? 0;
    }
    const ms = performance.now() - start;
    clearInterval(timer);
    return {
      scenario: name,
      runs,
      'ms/run': (ms / runs).toFixed(1),
      'runs/s': (runs / (ms / 1000)).toFixed(1),
      'MB/s': bytes ? (bytes / 1024 / 1024 / (ms / 1000)).toFixed(1) : '',
      'rows/s': items ? Math.round(items / (ms / 1000)).toLocaleString('en') : '',
      'peak heap +MB': mb(peakHeap - heap0),
      'peak RSS MB': mb(peakRss),
    };
  }

  async function download(path, token) {
    const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    let bytes = 0;
    for await (const chunk of res.body) bytes += chunk.length;
    return { bytes };
  }

  const results = [];
  results.push(await measure(`CSV utf8, one month, ${bigRows.toLocaleString('en')} rows`, 3, async () => ({ ...(await download('/api/v1/bills/2024-06/call-records.csv', big)), items: bigRows })));
  results.push(await measure(`CSV sjis, one month, ${bigRows.toLocaleString('en')} rows`, 3, async () => ({ ...(await download('/api/v1/bills/2024-06/call-records.csv?encoding=sjis', big)), items: bigRows })));
  results.push(
    await measure(`JSON pages (limit 1000), same month`, 1, async () => {
      let cursor = null;
      let items = 0;
      let bytes = 0;
      do {
        const res = await fetch(`${base}/api/v1/bills/2024-06/call-records?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${big}` } });
        const text = await res.text();
        bytes += text.length;
        const page = JSON.parse(text);
        items += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      return { items, bytes };
    }),
  );
  results.push(await measure('bill computation (GET /bills/{month}, small customer)', 200, async () => download('/api/v1/bills/2024-06', small)));
  results.push(await measure('bill list (GET /bills, small customer)', 200, async () => download('/api/v1/bills', small)));
  results.push(await measure('invoice PDF (small customer)', 10, async () => download('/api/v1/bills/2024-06/invoice.pdf', small)));
  results.push(await measure('invoice PDF (large customer, calls summed)', 5, async () => download('/api/v1/bills/2024-06/invoice.pdf', big)));

  server.close();
  console.log(`\nheavy paths, memory engine in-process — ${d.billingGroups.length} billing groups, ${d.callRecords.length.toLocaleString('en')} call records, ${d.bills.length} bills (data generated in ${dataMs.toFixed(0)} ms; seed ${opts.seed}; Node ${process.version})`);
  console.table(results);
}
