// npm run bench — the account page and a button click, against a production build on the emulator.
//
// Prints p50/p95/p99 latency for rendering /account and for a no-JavaScript press of
// "Update card" (server action → portal session → 303 to the portal), and counts the
// Stripe API calls each makes, read from the emulator's request log.
//
//   npm run bench                      200 renders and 200 clicks (a build first)
//   npm run bench -- --iterations 50 --skip-build
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { chromiumPath } from '../scripts/lib/chromium';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '200' },
    'skip-build': { type: 'boolean', default: false },
  },
});
const iterations = Number(values.iterations);
if (!Number.isInteger(iterations) || iterations < 10 || iterations > 10_000) {
  console.error('--iterations must be a whole number between 10 and 10000');
  process.exit(2);
}

const port = 3207;
const emulatorPort = 12297;
const appUrl = `http://localhost:${port}`;
const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
const dataDir = '.data/bench';

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function summary(label: string, samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log(`${label.padEnd(34)} ${f(percentile(sorted, 50))} ${f(percentile(sorted, 95))} ${f(percentile(sorted, 99))}   n=${samples.length}`);
}

async function stripeCalls(): Promise<number> {
  const log = (await (await fetch(`${emulatorUrl}/_emulator/requests`)).json()) as { total: number };
  return log.total;
}

async function waitFor(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

const serverEnv = {
  ...process.env,
  NODE_ENV: 'production' as const,
  APP_URL: appUrl,
  PORT: String(port),
  EMULATOR_PORT: String(emulatorPort),
  EMULATOR_WEBHOOK_URL: '',
  DATA_DIR: dataDir,
  AUTH_SECRET: 'bench-only-auth-secret-0123456789abcdef',
  STRIPE_SECRET_KEY: '',
  DATABASE_URL: '',
};

let server: ChildProcess | undefined;
try {
  if (!values['skip-build']) {
    console.log('▸ next build…');
    const build = spawnSync('npx', ['next', 'build'], { stdio: 'ignore', env: serverEnv });
    if (build.status !== 0) throw new Error('next build failed; run `npm run build` to see why');
  }
  rmSync(dataDir, { recursive: true, force: true });
  console.log('▸ starting the app and the emulator…');
  server = spawn('npx', ['tsx', 'scripts/start.ts'], { env: serverEnv, stdio: 'ignore', detached: true });
  await waitFor(`${appUrl}/`, 120_000);

  // Sign in once in a browser with JavaScript off, and read the "Update card" form
  // exactly as a browser without JavaScript would post it.
  const browser = await chromium.launch({
    executablePath: chromiumPath(process.env.CHROMIUM_PATH),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${appUrl}/signin?callbackUrl=%2Faccount`);
  await page.getByLabel('E-mail').fill('demo@example.com');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${appUrl}/account`);
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const fields = await page
    .locator('form', { has: page.getByRole('button', { name: 'Update card' }) })
    .first()
    .evaluate((form) => [...new FormData(form as HTMLFormElement).entries()].map(([k, v]) => [k, String(v)] as [string, string]));
  await browser.close();

  const render = async () => {
    const started = performance.now();
    const response = await fetch(`${appUrl}/account`, { headers: { cookie }, redirect: 'manual' });
    await response.text();
    if (response.status !== 200) throw new Error(`/account answered ${response.status}`);
    return performance.now() - started;
  };
  const click = async () => {
    const body = new FormData();
    for (const [key, value] of fields) body.append(key, value);
    const started = performance.now();
    const response = await fetch(`${appUrl}/account`, { method: 'POST', body, headers: { cookie, origin: appUrl }, redirect: 'manual' });
    await response.text();
    const location = response.headers.get('location') ?? '';
    if (response.status !== 303 || !location.startsWith(emulatorUrl)) {
      throw new Error(`the click answered ${response.status} → ${location || 'no redirect'}`);
    }
    return performance.now() - started;
  };

  for (let i = 0; i < 20; i++) await render(); // warm up
  for (let i = 0; i < 20; i++) await click();

  const callsBeforeRenders = await stripeCalls();
  const renders: number[] = [];
  for (let i = 0; i < iterations; i++) renders.push(await render());
  const renderCalls = (await stripeCalls()) - callsBeforeRenders;

  const callsBeforeClicks = await stripeCalls();
  const clicks: number[] = [];
  for (let i = 0; i < iterations; i++) clicks.push(await click());
  const clickCalls = (await stripeCalls()) - callsBeforeClicks;

  console.log(`\nPortal Flows bench — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}`);
  console.log(`${''.padEnd(34)}     p50     p95     p99   (ms, sequential)`);
  summary('GET /account (signed in)', renders);
  summary('click "Update card" (no JS)', clicks);
  console.log(`\nStripe calls per render: ${(renderCalls / iterations).toFixed(2)}  (${renderCalls} in ${iterations})`);
  console.log(`Stripe calls per click:  ${(clickCalls / iterations).toFixed(2)}  (${clickCalls} in ${iterations})`);
} finally {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
