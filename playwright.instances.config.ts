import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/lib/chromium';

// The production topology on one machine (tests/instances): two instances of one
// standalone build on one PostgreSQL database, Stripe through the test-only
// STRIPE_API_BASE. Needs DATABASE_URL (a local server); `npm test` runs it then, and
// CI in its PostgreSQL pass. The spec starts its own servers, one test at a time.
export default defineConfig({
  testDir: 'tests/instances',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 1,
  timeout: 240_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report/instances' }]],
  use: {
    trace: 'retain-on-failure',
    launchOptions: { executablePath: chromiumPath(process.env.CHROMIUM_PATH), args: CHROMIUM_ARGS },
  },
  projects: [{ name: 'instances', use: { ...devices['Desktop Chrome'] } }],
});
