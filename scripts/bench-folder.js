// A data folder for the JSON engine at a bench scale, written fast: the engine's own file format
// (`writeDataFolder`, mock-server/src/store/json/write-folder.ts) without an fsync per file — the
// large scale is ~130,000 files, which the engine's durable `load()` needs minutes for.
//   node scripts/bench-folder.js --scale large --data DIR      (prints what it wrote)
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { writeDataFolder } from '../mock-server/dist/index.js';
import { benchData } from './bench-data.js';

/** Generates the scale's data and writes it into `dir` (empty or absent); returns counts and times. */
export async function prepareFolder(scale, dir) {
  const t0 = performance.now();
  const data = await benchData(scale);
  const genMs = performance.now() - t0;
  const t1 = performance.now();
  const { files } = writeDataFolder(dir, data);
  return { calls: data.callRecords.length, customers: data.billingGroups.length, files, genMs, writeMs: performance.now() - t1 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: 'large' }, data: { type: 'string' } } });
  if (!values.data) throw new Error('--data DIR is required');
  const r = await prepareFolder(values.scale, values.data);
  console.log(`${values.scale}: ${r.customers} billing groups, ${r.calls} call records, ${r.files} files; generated in ${r.genMs.toFixed(0)} ms, written in ${r.writeMs.toFixed(0)} ms`);
}
