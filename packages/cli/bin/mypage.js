#!/usr/bin/env node
// `mypage` of the installed package (docs/cli.md); the program is dist/index.js.
import { main } from '../dist/index.js';

process.exitCode = await main(process.argv);
