import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Flags every test browser starts with: no sandbox (root in CI), no GPU, and no reaching out at start-up. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The browser the end-to-end tests use: CHROMIUM_PATH, else Debian's Chromium,
 * else undefined (Playwright's own download, where `npx playwright install` works).
 */
export function chromiumPath(configured: string | undefined): string | undefined {
  if (configured) return configured;
  return existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

/**
 * Before the e2e suite: on a Debian machine without a browser, installs Debian's
 * Chromium when we may (root, apt-get present); otherwise says what to do.
 * Returns false when no browser can be had.
 */
export function ensureChromium(configured: string | undefined): boolean {
  if (chromiumPath(configured)) return true;
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canApt) {
    console.log("▸ installing Debian's chromium for the end-to-end tests (apt-get, about a minute)…");
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const install =
      update.status === 0
        ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
            stdio: 'inherit',
            env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
          })
        : update;
    if (install.status === 0 && existsSync(DEBIAN_CHROMIUM)) return true;
  }
  console.error(
    `✗ No Chromium for the end-to-end tests. Install one (Debian/Ubuntu: \`sudo apt-get install -y chromium\`; elsewhere: \`npx playwright install chromium\`) or set CHROMIUM_PATH.`,
  );
  return false;
}
