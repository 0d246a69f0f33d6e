#!/usr/bin/env node
// The mypage CLI. Thin: the program lives in packages/cli (built by `npm run build`).
import { main } from '../packages/cli/dist/index.js';

process.exitCode = await main(process.argv);
