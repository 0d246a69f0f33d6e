#!/usr/bin/env node
// `mypage-server` of the installed package (docs/server.md); the program is dist/main.js.
import { main } from '../dist/main.js';

await main(process.argv.slice(2));
