import { defineConfig, type Options } from 'tsup';

// One build for every entry point. Each workspace package gets its own dist/; dependencies
// (including sibling @mypage/* packages) stay external, so no type or schema is bundled twice.
const common: Options = {
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  tsconfig: 'tsconfig.base.json',
  esbuildOptions(options) {
    options.conditions = ['source'];
  },
};

export default defineConfig([
  { ...common, name: 'api', entry: { index: 'packages/api/src/index.ts' }, outDir: 'packages/api/dist', dts: true },
  { ...common, name: 'sdk', entry: { index: 'packages/sdk/src/index.ts' }, outDir: 'packages/sdk/dist', dts: true },
  {
    ...common,
    name: 'server',
    entry: { index: 'mock-server/src/index.ts', main: 'mock-server/src/main.ts' },
    outDir: 'mock-server/dist',
    dts: { entry: { index: 'mock-server/src/index.ts' } },
  },
  { ...common, name: 'cli', entry: { index: 'packages/cli/src/index.ts' }, outDir: 'packages/cli/dist' },
]);
