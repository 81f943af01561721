import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@/': root,
      // `server-only` throws outside React Server Components; tests import server modules directly.
      'server-only': fileURLToPath(new URL('./tests/support/empty-module.ts', import.meta.url)),
    },
  },
  test: {
    // Keeps lib/env.ts from generating secrets under .data/ when a test imports it.
    env: { AUTH_SECRET: 'vitest-only-auth-secret-not-for-any-server', STRIPE_WEBHOOK_SECRET: 'whsec_vitest_only' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // *.postgres.test.ts need a PostgreSQL server: they run in CI's PostgreSQL pass.
          exclude: process.env.DATABASE_URL ? [] : ['tests/integration/**/*.postgres.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/integration-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'contract',
          include: ['tests/contract/**/*.test.ts'],
          environment: 'node',
          // Refuses a key that is not a test key, picks the run id, says whether Stripe runs.
          globalSetup: ['tests/contract/setup.ts'],
          // Against Stripe every call crosses the internet, and clean-up makes two per object.
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          // The project's npm scripts run as a developer runs them, in a scratch copy of the project.
          name: 'commands',
          include: ['tests/commands/**/*.test.ts'],
          environment: 'node',
          testTimeout: 900_000,
          hookTimeout: 300_000,
          // One file at a time: each runs the whole app on what may be a small machine.
          fileParallelism: false,
        },
      },
      // The emulator package's own suite, with its own config.
      'packages/stripe-emulator',
    ],
  },
});
