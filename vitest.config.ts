import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` (beside the code, no build needed: `npm run test:fast`) and `e2e` (test/,
// real processes of the built bin/ files). `npm test` runs both after a build, in one pool: the
// end-to-end files start first (the longest), unit files fill the other worker.
//
// Speed (docs/testing.md has the figures):
// - unit files share their worker (isolate: false): the server, the SDK and zod's schemas are loaded
//   once per worker instead of once per file, which was two thirds of the unit tests' CPU time. A
//   unit test file therefore leaves the process as it found it (no vi.mock, restore what it changes
//   in process.env); shared-worker-setup.ts puts back the globals a started server replaces.
// - e2e files stay isolated: each is a fresh process, as the processes they start are.
// - at least two workers: vitest's default (cores − 1) is one worker on a 2-core machine, so every
//   file ran in sequence while end-to-end files mostly wait on the processes they start.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    env: { TZ: 'America/Los_Angeles' }, // R-FMT-10: dates must be Japan time whatever the machine's zone
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'mock-server/src/**/*.test.ts'],
          isolate: false,
          setupFiles: ['test/helpers/shared-worker-setup.ts'],
        },
      },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'] } },
    ],
  },
});
