#!/usr/bin/env node
// The packages' declarations (`dist/types/**/*.d.ts`, named by each package.json's `types` and
// `exports`), emitted by one run of the TypeScript compiler over every package instead of one
// program and one .d.ts rollup per entry point (which cost most of the build's time).
//
//   node scripts/build-types.js                    the packages' sources (tsconfig.types.json), as
//                                                  `npm run build` does after the JavaScript
//   node scripts/build-types.js -p tsconfig.json   the whole repository: the typecheck of
//                                                  `npm test`, which yields the declarations too
//   … --status FILE                                write the exit code into FILE at the end (what
//                                                  test/helpers/typecheck.ts waits for under `npm test`)
//   … --after PID                                  compile at once, but copy into dist/ only once the
//                                                  process PID (the JavaScript build) has ended
//
// The copy comes after tsup (tsup empties each dist/). Exits non-zero, with the compiler's
// messages, on a type error; nothing is copied then.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const project = option('-p') ?? 'tsconfig.types.json';
const statusFile = option('--status');
const after = option('--after');
// the workspaces that ship declarations (the CLI ships a command, not an API)
const WORKSPACES = ['packages/api', 'packages/sdk', 'mock-server'];
const staging = path.join(root, '.tmp', 'types');

function finish(code) {
  if (statusFile) writeFileSync(statusFile, `${code}\n`);
  process.exit(code);
}

rmSync(staging, { recursive: true, force: true });
const tsc = spawn(
  process.execPath,
  [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project, '--noEmit', 'false', '--declaration', '--emitDeclarationOnly', '--rootDir', '.', '--outDir', staging],
  { cwd: root, stdio: 'inherit' },
);
// stopped (npm test ending early): the compiler stops too
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => tsc.kill(signal));
function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

tsc.on('close', async (code) => {
  if (code !== 0) finish(1);
  while (after && running(Number(after))) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const ws of WORKSPACES) {
    const from = path.join(staging, ws, 'src');
    if (!existsSync(from)) {
      console.error(`no declarations were emitted for ${ws}: ${project} does not include it`);
      finish(1);
    }
    const to = path.join(root, ws, 'dist', 'types');
    rmSync(to, { recursive: true, force: true });
    // what `files` leaves out of the tarball is left out here too
    cpSync(from, to, { recursive: true, filter: (f) => !/\.(test|fixture)\.d\.ts$/.test(f) });
  }
  finish(0);
});
