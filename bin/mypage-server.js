#!/usr/bin/env node
// The reference server (mock-server). Thin: the program lives in mock-server (built by `npm run build`).
import { main } from '../mock-server/dist/main.js';

await main(process.argv.slice(2));
