import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/lib/chromium';
import { APP_VARIABLE_PATTERN, appServerEnv } from './tests/support/app-server';
import { E2E_AUTH_SECRET } from './tests/e2e/support/servers';

// End-to-end tests run against a production build (`next build` + `npm start`)
// on their own ports and data directories, so a running `npm run dev` is untouched.
//
// Two servers share the build:
// - the main one, with webhooks off: a landing page is right only if its own sync
//   made it right;
// - the webhook one, with webhooks on and the landing-page sync off: a flow's
//   result reaches /account only through webhooks;
// and a third, the bare standalone server, whose database is unreachable, for the fault suite.
const port = Number(process.env.E2E_PORT ?? 3107);
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 12197);
const webhookPort = port + 1;
const webhookEmulatorPort = emulatorPort + 1;
export const appUrl = `http://localhost:${port}`;
const webhookAppUrl = `http://localhost:${webhookPort}`;
const deadDatabasePort = port + 2;
/** How long the main emulator's portal links stay valid unopened (tests/e2e/flows-2026.spec.ts reads it too). */
const portalTtlSeconds = Number(process.env.E2E_EMULATOR_PORTAL_TTL_S ?? 20);

// Where Playwright cannot download its browsers, Debian's Chromium is used instead.
const executablePath = chromiumPath(process.env.CHROMIUM_PATH);

// The e2e servers always run in emulator mode, whatever the shell has: its Stripe key,
// database and other app variables are cleared (a blank one would be refused), and a
// production server in emulator mode is the explicit public demo.
function serverEnv(appUrl: string, emulatorPort: number, dataDir: string) {
  // Playwright lays `env` over its own environment: an app variable the shell has is
  // removed by naming it with no value (a child process never sees an undefined one).
  const cleared = Object.fromEntries(
    Object.keys(process.env)
      .filter((name) => APP_VARIABLE_PATTERN.test(name))
      .map((name) => [name, undefined]),
  );
  return {
    ...cleared,
    ...appServerEnv({
      APP_URL: appUrl,
      PORT: new URL(appUrl).port,
      EMULATOR_PORT: String(emulatorPort),
      // Absolute: the standalone server changes into its own directory.
      DATA_DIR: path.resolve(dataDir),
      AUTH_SECRET: E2E_AUTH_SECRET,
      PORTAL_FLOWS_DEMO: 'true',
    }),
  } as Record<string, string>;
}

export default defineConfig({
  testDir: 'tests/e2e',
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    trace: 'on-first-retry',
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: ['webhooks/**', 'faults.spec.ts', 'plans-over-time.spec.ts'],
      use: { ...devices['Desktop Chrome'], baseURL: appUrl },
    },
    {
      // Moving the emulator's clock is global to it (portal links expire, periods renew): alone,
      // after the main suite.
      name: 'plans-over-time',
      testMatch: 'plans-over-time.spec.ts',
      dependencies: ['chromium', 'webhooks'],
      use: { ...devices['Desktop Chrome'], baseURL: appUrl },
    },
    {
      // Fault injection is global to the emulator: run alone, after the rest.
      name: 'faults',
      testMatch: 'faults.spec.ts',
      dependencies: ['chromium', 'webhooks', 'plans-over-time'],
      use: { ...devices['Desktop Chrome'], baseURL: appUrl },
    },
    {
      name: 'webhooks',
      testMatch: 'webhooks/**/*.spec.ts',
      use: { ...devices['Desktop Chrome'], baseURL: webhookAppUrl },
    },
  ],
  webServer: [
    {
      command: 'npx tsx scripts/e2e-server.ts',
      url: `${appUrl}/`,
      timeout: 240_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'pipe',
      stderr: 'pipe',
      // A short Stripe timeout, so the fault suite's hanging emulator is given up on quickly; portal
      // links that expire after 20 s unopened (Stripe's last minutes), so flows-2026.spec.ts can recover one.
      env: {
        ...serverEnv(appUrl, emulatorPort, '.data/e2e'),
        EMULATOR_WEBHOOK_URL: '',
        STRIPE_TIMEOUT_MS: '2000',
        EMULATOR_PORTAL_TTL_S: String(portalTtlSeconds),
      },
    },
    {
      // Started after the first, whose build it reuses.
      command: 'npx tsx scripts/e2e-server.ts --skip-build',
      url: `${webhookAppUrl}/`,
      timeout: 120_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        ...serverEnv(webhookAppUrl, webhookEmulatorPort, '.data/e2e-webhooks'),
        EMULATOR_WEBHOOK_URL: `${webhookAppUrl}/api/stripe/webhook`,
        BILLING_LANDING_SYNC: 'off',
      },
    },
    {
      // The same build with a database nothing answers at, using the main
      // emulator so the fault suite can count the Stripe calls it makes (none).
      command: 'node .next/standalone/server.js',
      url: `http://localhost:${deadDatabasePort}/`,
      timeout: 60_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        ...serverEnv(`http://localhost:${deadDatabasePort}`, emulatorPort, '.data/e2e-dead-database'),
        DATABASE_URL: 'postgres://portal:flows@127.0.0.1:9/unreachable',
      },
    },
  ],
});
