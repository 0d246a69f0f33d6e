#!/usr/bin/env node
// A reference server on the MEMORY engine with generated data, for `scripts/bench.js` (the JSON
// engine is benchmarked on the real `bin/mypage-server.js`). Set up as startServer() does —
// same app, same outbox in the data folder, the same V8 setting (keepCompiledCode) — only the
// engine differs. Prints `READY <json>`.
//   node scripts/bench-server.js --scale demo|large --data DIR
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp, createAppServer, defaultConfig, keepCompiledCode, MemoryEngine, Outbox, systemClock } from '../mock-server/dist/index.js';
import { benchData } from './bench-data.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'demo' }, data: { type: 'string' } } });
keepCompiledCode();
const t0 = performance.now();
const store = await MemoryEngine.create(await benchData(values.scale));
const startMs = performance.now() - t0;
const clock = systemClock;
const mailer = new Outbox({ clock, dir: path.join(values.data, 'outbox') });
const config = defaultConfig({ dev: true, operatorToken: 'bench-operator' });
const app = createApp({ repos: store, mailer, clock, captcha: { info: () => ({ provider: 'none' }), verify: async () => true }, config });
const server = createAppServer(app, { hostname: '127.0.0.1' });
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
config.publicUrl = `http://127.0.0.1:${server.address().port}`;
process.stdout.write(`READY ${JSON.stringify({ url: config.publicUrl, startMs })}\n`);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
