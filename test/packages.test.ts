import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/server-process.js';
import { typecheckRun } from './helpers/typecheck.js';

/*
 * The packages as another app gets them: `npm pack` each workspace, install the tarballs into a
 * fresh app outside the repository (no workspace links; dependencies from the npm cache, the
 * registry only for what the cache lacks), then run an ESM app, a CommonJS app, TypeScript under
 * nodenext (declarations fully checked) / node16 / bundler, the bins, and a consumer's vitest
 * suite there. One pack and one install for the whole file. Needs the built dist/ with the
 * declarations (`npm run build`; `npm test` builds the JavaScript first and the declarations beside
 * the tests, with the typecheck, and this file waits for them).
 */

const run = promisify(execFile);
const WORKSPACES = ['packages/api', 'packages/sdk', 'mock-server', 'packages/cli'];
const NAMES = ['@mypage/api', '@mypage/sdk', '@mypage/mock-server', '@mypage/cli'];
const BIN = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);
const rootPkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

let work: string;
let app: string;
const tarballs: Record<string, string> = {};
const contents: Record<string, string[]> = {};

async function sh(file: string, args: string[], cwd: string, timeout = 120_000) {
  try {
    return await run(file, args, { cwd, timeout, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: '', npm_config_update_notifier: 'false' } });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}

/** The declarations are in dist/types/: made by `npm run build`, or under `npm test` by the typecheck beside the tests. */
async function declarationsBuilt() {
  const typecheck = await typecheckRun();
  if (typecheck && typecheck.code !== 0) throw new Error(`the typecheck failed, so no declarations were built to pack:\n${typecheck.log}`);
  for (const dir of ['packages/api', 'packages/sdk', 'mock-server']) {
    const types = join(REPO_ROOT, dir, 'dist', 'types', 'index.d.ts');
    if (!existsSync(types)) throw new Error(`${types} is missing: run \`npm run build\` (JavaScript and declarations) first`);
  }
}

beforeAll(async () => {
  await declarationsBuilt();
  work = await mkdtemp(join(tmpdir(), 'mypage-packages-'));
  const packs = join(work, 'tarballs');
  await mkdir(packs);
  const { stdout } = await sh('npm', ['pack', '--json', '--pack-destination', packs, ...WORKSPACES.flatMap((w) => ['-w', w])], REPO_ROOT);
  for (const entry of JSON.parse(stdout) as { name: string; filename: string; files: { path: string }[] }[]) {
    tarballs[entry.name] = join(packs, entry.filename);
    contents[entry.name] = entry.files.map((f) => f.path);
  }
  app = join(work, 'app');
  await mkdir(app);
  const dependencies = Object.fromEntries(NAMES.map((n) => [n, `file:${tarballs[n]}`]));
  const devDependencies = Object.fromEntries(['typescript', '@types/node', 'vitest', 'msw', 'undici'].map((n) => [n, rootPkg.devDependencies[n]!]));
  // The overrides pin the sibling @mypage/* dependencies of each tarball to the tarballs too.
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({ name: 'consumer-app', version: '1.0.0', private: true, dependencies, devDependencies, overrides: dependencies }, null, 2),
  );
  await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], app, 600_000);
  const fixtures = join(REPO_ROOT, 'test', 'fixtures', 'consumer');
  for (const f of ['esm-app.mjs', 'cjs-app.cjs', 'types.mts', 'types-cjs.cts', 'tsconfig.nodenext.json', 'tsconfig.node16.json', 'tsconfig.bundler.json', 'typecost-empty.mts', 'typecost-sdk.mts', 'tsconfig.typecost-empty.json', 'tsconfig.typecost-sdk.json']) {
    await copyFile(join(fixtures, f), join(app, f));
  }
  await copyFile(join(REPO_ROOT, 'packages', 'sdk', 'examples', 'consumer.test.ts'), join(app, 'consumer.test.ts'));
}, 900_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
}, 180_000);

describe('packages installed from their tarballs into another app', () => {
  it('ship dist, licence and README, no tests, and are publishable', async () => {
    for (const name of NAMES) {
      const files = contents[name]!;
      expect(files, name).toContain('LICENSE');
      expect(files, name).toContain('README.md');
      expect(files.some((f) => f.startsWith('dist/')), name).toBe(true);
      expect(files.filter((f) => /\.test\.ts$/.test(f)), name).toEqual([]);
      const pkg = JSON.parse(await readFile(join(app, 'node_modules', name, 'package.json'), 'utf8')) as { private?: boolean };
      expect(pkg.private, name).toBeUndefined();
    }
    // installed as copies of the tarballs, not links into the repository
    const real = await sh('node', ['-p', 'require("fs").realpathSync(require.resolve("@mypage/sdk"))'], app);
    expect(real.stdout).toContain(join(app, 'node_modules'));
  });

  it('an ESM app imports the SDK and the testing kit and talks to the reference server', async () => {
    const { stdout } = await sh('node', ['esm-app.mjs'], app);
    expect(stdout).toContain('esm ok');
  }, 120_000);

  it('a CommonJS app require()s every package (Node ≥ 20.19 loads ES modules with require)', async () => {
    const { stdout, stderr } = await sh('node', ['cjs-app.cjs'], app);
    expect(stdout).toContain('cjs ok');
    expect(stderr).not.toMatch(/ERR_REQUIRE_ESM|ERR_PACKAGE_PATH_NOT_EXPORTED/);
  }, 120_000);

  for (const mode of ['nodenext', 'node16', 'bundler']) {
    it(`TypeScript resolves the types under ${mode}`, async () => {
      await sh(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', `tsconfig.${mode}.json`], app, 300_000);
    }, 320_000);
  }

  // Instantiation counts are deterministic (same compiler, same files), so this is a plain test.
  it("`import '@mypage/sdk'` costs a consumer's compiler at most 1.5× the type instantiations of an empty file (skipLibCheck off)", async () => {
    const instantiations = async (project: string) => {
      const { stdout } = await sh(process.execPath, [join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project, '--extendedDiagnostics'], app, 300_000);
      const m = /^Instantiations:\s+(\d+)$/m.exec(stdout);
      if (!m) throw new Error(`no instantiation count in:\n${stdout}`);
      return Number(m[1]);
    };
    const empty = await instantiations('tsconfig.typecost-empty.json');
    const sdk = await instantiations('tsconfig.typecost-sdk.json');
    expect(sdk / empty, `${sdk} instantiations with the SDK, ${empty} without`).toBeLessThanOrEqual(1.5);
  }, 620_000);

  it('the bins start: mypage --version, mypage-server --help', async () => {
    const cli = await sh(join(app, 'node_modules', '.bin', 'mypage'), ['--version'], app);
    expect(cli.stdout.trim()).toMatch(/\d+\.\d+\.\d+/);
    const server = await sh(join(app, 'node_modules', '.bin', 'mypage-server'), ['--help'], app);
    expect(server.stdout).toContain('Usage: mypage-server');
  }, 60_000);

  it("a consumer's vitest suite (docs/sdk.md, Testing) passes against the installed testing kit", async () => {
    const { stdout } = await sh(process.execPath, [join(app, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', app], app, 240_000);
    expect(stdout).toMatch(/2 passed/);
  }, 260_000);

  it('publint finds no problem and arethetypeswrong only what docs/sdk.md declares', async () => {
    for (const dir of WORKSPACES) {
      const { stdout } = await sh(BIN('publint'), ['--strict', join(REPO_ROOT, dir)], REPO_ROOT);
      expect(stdout, dir).not.toMatch(/error|warning|suggestion/i);
    }
    // Declared in docs/sdk.md: ESM only, loaded by require() from Node 20.19 and TypeScript ≥ 5.8
    // (nodenext); node10 resolution (no `exports`) is not supported.
    for (const name of ['@mypage/api', '@mypage/sdk', '@mypage/mock-server']) {
      await sh(BIN('attw'), [tarballs[name]!, '--profile', 'node16', '--ignore-rules', 'cjs-resolves-to-esm', '--format', 'ascii'], REPO_ROOT);
    }
  }, 240_000);
});
