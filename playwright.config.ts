import { defineConfig, devices } from '@playwright/test';
import { chromiumPath } from './scripts/lib/chromium';

// End-to-end tests run against a production build (`next build` + `npm start`)
// on their own ports and data directory, so a running `npm run dev` is untouched.
const port = Number(process.env.E2E_PORT ?? 3107);
const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 12197);
export const appUrl = `http://localhost:${port}`;

// Where Playwright cannot download its browsers, Debian's Chromium is used instead.
const executablePath = chromiumPath(process.env.CHROMIUM_PATH);

export default defineConfig({
  testDir: 'tests/e2e',
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: appUrl,
    trace: 'on-first-retry',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'npx tsx scripts/e2e-server.ts',
    url: `${appUrl}/`,
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      APP_URL: appUrl,
      PORT: String(port),
      EMULATOR_PORT: String(emulatorPort),
      DATA_DIR: '.data/e2e',
      AUTH_SECRET: 'e2e-only-auth-secret-0123456789abcdef',
      // The e2e server always runs in emulator mode, whatever the shell has.
      STRIPE_SECRET_KEY: '',
      STRIPE_WEBHOOK_SECRET: '',
      DATABASE_URL: '',
      // Webhooks off: what the tests see on landing pages must come from their own sync.
      EMULATOR_WEBHOOK_URL: process.env.E2E_WEBHOOKS === 'on' ? `${appUrl}/api/stripe/webhook` : '',
    },
  },
});
