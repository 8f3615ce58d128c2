import { defineConfig } from 'vitest/config';

// Set before any test module loads: src/env.ts parses process.env once.
process.env['LOG_LEVEL'] ??= 'silent';
process.env['NODE_ENV'] = 'test';
// A production-like secret (never in any database), so privacy tests attack what production runs.
process.env['SERVER_SECRET'] ??= 'test-only-server-secret-0123456789abcdefghijklmnop';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/global-postgres.ts'],
          // Clerk's middleware reads import.meta.env, which only exists in modules Vite transforms.
          server: { deps: { inline: ['@clerk/astro'] } },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/setup/e2e-server.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'scale',
          include: ['tests/scale/**/*.test.ts'],
          environment: 'node',
          // One PostgreSQL primary + replica for the run; each file its own database, instances and nginx.
          globalSetup: ['tests/setup/scale-postgres.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
