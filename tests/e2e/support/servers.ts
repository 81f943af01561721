import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { freePort, launchAppServer, startAppServer, type AppServer } from '../../support/app-server';

/** The AUTH_SECRET of the e2e servers (playwright.config.ts). */
export const E2E_AUTH_SECRET = 'e2e-only-auth-secret-0123456789abcdef';

/** The main e2e server's emulator; servers of a test's own use it too (for nothing that counts calls). */
const e2eEmulatorPort = String(process.env.E2E_EMULATOR_PORT ?? 12197);

export interface OwnServer extends AppServer {
  /** Its APP_URL, `http://localhost:port`, where a browser goes. */
  readonly appUrl: string;
  readonly dataDir: string;
}

/**
 * A production server of the test's own, from the e2e build, on a free port with its own
 * embedded database: a public demo in emulator mode unless `env` says otherwise. Pass
 * `dataDir` to start a second one on the first one's data (after stopping it).
 */
export async function startOwnServer(env: Record<string, string>, options: { dataDir?: string; port?: number } = {}): Promise<OwnServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'portal-flows-e2e-own-'));
  const appUrl = `http://localhost:${port}`;
  const server = await startAppServer(port, {
    APP_URL: appUrl,
    DATA_DIR: dataDir,
    EMULATOR_PORT: e2eEmulatorPort,
    AUTH_SECRET: E2E_AUTH_SECRET,
    PORTAL_FLOWS_DEMO: 'true',
    ...env,
  });
  return { ...server, appUrl, dataDir, stop: server.stop };
}

/** A server that must refuse to start: resolves with its exit code and output. */
export async function refusedStart(env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portal-flows-e2e-refused-'));
  const port = await freePort();
  const server = launchAppServer(port, { APP_URL: `http://localhost:${port}`, DATA_DIR: dataDir, EMULATOR_PORT: e2eEmulatorPort, ...env });
  const code = await Promise.race([server.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 60_000))]);
  const answered = await fetch(`${server.url}/`).then(
    () => true,
    () => false,
  );
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  return { code, answered, output: server.output() };
}

/** Demo sign-in on `baseUrl`, ending signed in on /account. */
export async function demoSignInAt(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/signin?callbackUrl=%2Faccount`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(`${baseUrl}/account`);
  await expect(page.getByTestId('account-email')).toHaveText(email);
}
