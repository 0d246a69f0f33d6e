// Bench entry of `npm run bench`: the call-record CSV of a 100,000-row month (D-5) in Shift_JIS
// (CP932) against UTF-8, downloaded whole from the real mypage-server (JSON engine), the two
// encodings alternating; rows/s of each and their ratio; target: Shift_JIS ≥ 0.8× UTF-8. The
// Shift_JIS answer first sends the count of the characters CP932 cannot write (X-Unmappable-Chars):
// the server kept it with the rows when it loaded them, and one row in 10,000 here has such a
// character, so the bench checks the header too. Never fails on a number. See docs/performance.md.
//   node scripts/bench-sjis.js [--rows 100000] [--repeat 5]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchData } from './bench-data.js';
import { callRows, MONTHS } from './bench-export.js';
import { addCallRows, cpuMs, isMain, loadText, median, signIn, startServer, stopChild, verdict, writeJsonFolder } from './bench-folder.js';

const TARGET = 0.8;

export async function sjisBench(options = {}) {
  const rows = options.rows ?? 100_000;
  const repeat = options.repeat ?? 5;
  const loadBefore = loadText();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mypage-bench-sjis-'));
  let server;
  try {
    const data = await benchData('demo');
    const contracts = data.contracts.filter((c) => c.billingGroupId === 'bg_a' && c.contractNumber.startsWith('CAF')).map((c) => c.contractNumber);
    await writeJsonFolder(dir, data);
    // an emoji (no CP932 form) in the called number of one row in 10,000
    let unmappable = 0;
    const withEmoji = function* (list) {
      let i = 0;
      for (const r of list) yield i++ % 10_000 === 5_000 ? (unmappable++, { ...r, to: `${r.to}😀` }) : r;
    };
    await addCallRows(dir, 'bg_a', MONTHS.small, withEmoji(callRows(MONTHS.small, rows, contracts)));
    server = await startServer(dir);
    const token = await signIn(server.url);
    const download = async (encoding) => {
      const t = performance.now();
      const cpu0 = cpuMs(server.child.pid);
      const res = await fetch(`${server.url}/api/v1/bills/${MONTHS.small}/call-records.csv?encoding=${encoding}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`CSV ${encoding}: ${res.status} ${await res.text()}`);
      const header = res.headers.get('x-unmappable-chars');
      if (encoding === 'sjis' && header !== String(unmappable)) throw new Error(`X-Unmappable-Chars: ${header}, expected ${unmappable}`);
      let bytes = 0;
      let lines = 0;
      for await (const chunk of res.body) {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      }
      return { ms: performance.now() - t, cpuMs: cpuMs(server.child.pid) - cpu0, bytes, records: lines - 1 };
    };
    await download('utf8'); // warm-up: the month sorted, the code compiled
    const runs = { utf8: [], sjis: [] };
    for (let i = 0; i < repeat; i++) for (const e of i % 2 ? ['sjis', 'utf8'] : ['utf8', 'sjis']) runs[e].push(await download(e));
    const loadAfter = loadText();
    const rate = (e) => median(runs[e].map((r) => r.records / (r.ms / 1000)));
    const ratio = rate('sjis') / rate('utf8');
    // rows per second of the server's CPU time: what the encoding costs, much less the machine's load
    const cpuRate = (e) => median(runs[e].map((r) => r.records / (r.cpuMs / 1000)));
    const cpuRatio = cpuRate('sjis') / cpuRate('utf8');
    console.log(`\nShift_JIS (CP932) CSV against UTF-8 — real mypage-server (JSON engine), GET /bills/${MONTHS.small}/call-records.csv, Node ${process.version}`);
    console.log(`conditions: ${loadBefore} before, ${loadAfter} after; ${repeat} downloads of each, alternating; X-Unmappable-Chars ${unmappable} as expected`);
    console.table(
      ['utf8', 'sjis'].map((e) => ({
        encoding: e,
        rows: runs[e][0].records.toLocaleString('en'),
        MB: (runs[e][0].bytes / 1048576).toFixed(1),
        'rows/s (median)': Math.round(rate(e)).toLocaleString('en'),
        'each run, rows/s': runs[e].map((r) => Math.round(r.records / (r.ms / 1000)).toLocaleString('en')).join(' / '),
        'server CPU ms (median)': Math.round(median(runs[e].map((r) => r.cpuMs))),
        'rows per server CPU-second': Math.round(cpuRate(e)).toLocaleString('en'),
      })),
    );
    console.table([
      { what: 'Shift_JIS rows/s against UTF-8 (wall time)', figure: `${ratio.toFixed(2)}×`, target: `≥ ${TARGET}×`, '': verdict(ratio >= TARGET) },
      { what: 'the same per server CPU-second (less sensitive to the load)', figure: `${cpuRatio.toFixed(2)}×`, target: `≥ ${TARGET}×`, '': verdict(cpuRatio >= TARGET) },
    ]);
    return { ratio, cpuRatio, runs };
  } finally {
    if (server) await stopChild(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, repeat: { type: 'string', default: '5' } } });
  await sjisBench({ rows: Number(values.rows), repeat: Number(values.repeat) });
  process.exit(0);
}
