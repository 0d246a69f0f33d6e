import { defineConfig } from 'vitest/config';

// Two projects: `unit` (beside the code, no build needed: `npm run test:fast`) and `e2e` (test/,
// real processes of the built bin/ files). `npm test` runs both after a build.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { TZ: 'America/Los_Angeles' }, // R-FMT-10: dates must be Japan time whatever the machine's zone
    projects: [
      { extends: true, test: { name: 'unit', include: ['packages/*/src/**/*.test.ts', 'mock-server/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'] } },
    ],
  },
});
