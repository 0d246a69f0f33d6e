import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

// One build for every entry point. Each workspace package gets its own dist/. tsup only reads the
// root package.json to decide what stays external, so each build names its own package's
// dependencies: they (including sibling @mypage/* packages) are imported at run time, never
// bundled — no schema is bundled twice and no CommonJS package is inlined into ESM.
function dependenciesOf(dir: string): string[] {
  const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
}

// JavaScript only: the declarations (dist/types/) come from one TypeScript compiler run over every
// package, scripts/build-types.js, which `npm run build` runs after this.
function build(name: string, dir: string, entry: Record<string, string>): Options {
  // peer dependencies (msw for `@mypage/sdk/testing`) stay external too
  const deps = dependenciesOf(dir);
  return {
    name,
    entry,
    outDir: `${dir}/dist`,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
    tsconfig: 'tsconfig.base.json',
    // a dependency and anything below it (`hono/body-limit`, `lowdb/node`)
    external: deps.map((d) => new RegExp(`^${d.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/.*)?$`)),
    esbuildOptions(options) {
      options.conditions = ['source'];
    },
  };
}

export default defineConfig([
  build('api', 'packages/api', { index: 'packages/api/src/index.ts', contract: 'packages/api/src/contract.ts', validate: 'packages/api/src/validate/index.ts' }),
  build('sdk', 'packages/sdk', { index: 'packages/sdk/src/index.ts', imap: 'packages/sdk/src/imap/index.ts', testing: 'packages/sdk/src/testing/index.ts' }),
  build(
    'server',
    'mock-server',
    { index: 'mock-server/src/index.ts', main: 'mock-server/src/main.ts', 'pdf-worker': 'mock-server/src/pdf/worker.ts', 'testing-kit': 'mock-server/src/testing-kit.ts' },
  ),
  build('cli', 'packages/cli', { index: 'packages/cli/src/index.ts' }),
]);
