// npm run bench — the account page and a click on "Update card", ours beside the floor.
//
// Builds and starts, against one local Stripe emulator, our app (production, signed in as the
// demo customer) and the floor (bench/floor: a bare Next.js app whose server action makes the
// same single portal-session call and redirects). Then, alternating between the two so that
// the machine's noise falls on both alike, it measures:
//
//   - a no-JavaScript click on "Update card" (the form post → server action → one
//     POST /v1/billing_portal/sessions → 303 to the portal): p50/p95/p99 at concurrency 1
//     and 10, and ours ÷ floor at each;
//   - GET /account: time to first byte (response headers), ours ÷ floor;
//   - the page's first-load JavaScript (gzip), ours ÷ floor;
//   - Stripe calls per render and per click, from the emulator's request log.
//
//   npm run bench                                  1,000 samples per side and row (builds first)
//   npm run bench -- --iterations 100 --warmup 50 --skip-build
//   npm run bench -- --database postgres           ours on a scratch database on a local PostgreSQL
//                                                  server (DATABASE_URL, default
//                                                  postgres://postgres@127.0.0.1:5432/postgres)
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import Stripe from 'stripe';
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/lib/chromium';
import { appServerEnv } from '../tests/support/app-server';
import { loadDotEnvFiles } from '../scripts/lib/load-env';
import { assertLocalDatabaseUrl, createScratchDatabase } from '../tests/support/scratch-database';
import { printAccountReport } from './account-report';
import { alternate, type Measured, type Side } from './alternate';
import { firstLoadJs, type FirstLoadJs } from './first-load-js';
import { isAnswering, waitForHttp } from '../scripts/lib/processes';
import { BenchProcesses, onInterrupt } from './processes';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '300' },
    database: { type: 'string', default: 'pglite' },
    'skip-build': { type: 'boolean', default: false },
  },
});
const iterations = Number(values.iterations);
if (!Number.isInteger(iterations) || iterations < 20 || iterations > 5000) {
  console.error('--iterations must be a whole number from 20 to 5000');
  process.exit(2);
}
const database = values.database;
if (database !== 'pglite' && database !== 'postgres') {
  console.error('--database must be pglite (embedded, the default) or postgres (a local server)');
  process.exit(2);
}
// DATABASE_URL (and the rest) from .env files too, as the app and every other command read them.
loadDotEnvFiles();
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
if (database === 'postgres') {
  try {
    assertLocalDatabaseUrl(adminUrl);
  } catch (error) {
    console.error(`--database postgres: ${(error as Error).message}`);
    process.exit(2);
  }
}
let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;

const warmup = Number(values.warmup);
if (!Number.isInteger(warmup) || warmup < 0 || warmup > 5000) {
  console.error('--warmup must be a whole number from 0 to 5000');
  process.exit(2);
}

const port = 3207;
const floorPort = 3407;
const emulatorPort = 12297;
const appUrl = `http://localhost:${port}`;
const floorUrl = `http://localhost:${floorPort}`;
const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
const dataDir = '.data/bench';
const floorDir = 'bench/floor';
const emulatorSecretKey = 'sk_test_emulator'; // any sk_test_… key; the emulator's own default
const concurrencies = [1, 10] as const;

// ── processes ──────────────────────────────────────────────────────────────────────────────

const processes = new BenchProcesses();
let browser: Browser | undefined;

let cleaningUp: Promise<void> | undefined;
/** Stops everything this bench started and deletes its data directory; safe to call twice. */
function cleanUp() {
  cleaningUp ??= (async () => {
    await browser?.close().catch(() => {});
    await processes.stopAll();
    rmSync(dataDir, { recursive: true, force: true });
    await scratch?.drop().catch(() => {});
  })();
  return cleaningUp;
}
const interrupted = onInterrupt(cleanUp);

function build(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync('npx', ['next', 'build', ...args], { stdio: 'ignore', env });
  if (result.status !== 0) throw new Error(`next build ${args.join(' ')} failed; run \`npx next build ${args.join(' ')}\` to see why`);
}

// ── the run ────────────────────────────────────────────────────────────────────────────────

// Emulator mode in production is the explicit public demo (PORTAL_FLOWS_DEMO=true); the
// shell's own Stripe key or database never leaks in (a blank variable would be refused).
const serverEnv = {
  ...appServerEnv({
    NEXT_TELEMETRY_DISABLED: '1',
    APP_URL: appUrl,
    PORT: String(port),
    EMULATOR_PORT: String(emulatorPort),
    EMULATOR_WEBHOOK_URL: '',
    DATA_DIR: dataDir,
    AUTH_SECRET: 'bench-only-auth-secret-0123456789abcdef',
    PORTAL_FLOWS_DEMO: 'true',
  }),
};

try {
  for (const url of [appUrl, floorUrl, emulatorUrl]) {
    if (await isAnswering(url))
      throw new Error(`something already answers at ${url}; the bench needs ports ${port}, ${floorPort} and ${emulatorPort}`);
  }
  if (!values['skip-build']) {
    console.log('▸ npm run build (the app)…');
    const app = spawnSync('npm', ['run', 'build'], { stdio: 'ignore', env: serverEnv });
    if (app.status !== 0) throw new Error('npm run build failed; run it to see why');
    console.log('▸ next build bench/floor…');
    build([floorDir], { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' });
  }
  for (const dir of ['.next', `${floorDir}/.next`]) {
    if (!existsSync(`${dir}/BUILD_ID`)) throw new Error(`no production build in ${dir}; run without --skip-build`);
  }
  rmSync(dataDir, { recursive: true, force: true });
  if (database === 'postgres') {
    scratch = await createScratchDatabase(adminUrl, 'portal_flows_bench').catch((error: unknown) => {
      throw new Error(
        `could not create a database on ${adminUrl} (${error instanceof Error ? error.message : error}); is PostgreSQL running?`,
      );
    });
  }

  console.log('▸ starting the app and the emulator…');
  const server = processes.start('app', 'node', ['scripts/start.mjs'], scratch ? { ...serverEnv, DATABASE_URL: scratch.url } : serverEnv);
  await waitForHttp(`${appUrl}/`, 120_000, server);

  // The floor is given the ids our app has in its database: the demo customer and the
  // portal configuration billing.config.ts names "default" (which "Update card" uses).
  const stripe = new Stripe(emulatorSecretKey, { host: '127.0.0.1', port: emulatorPort, protocol: 'http', telemetry: false });
  const customer = (await stripe.customers.list({ email: 'demo@example.com', limit: 1 })).data[0];
  const configuration = (await stripe.billingPortal.configurations.list({ limit: 100 })).data.find(
    (candidate) => candidate.metadata?.portal_flows_key === 'default',
  );
  if (!customer || !configuration) throw new Error('the emulator has no demo customer or default portal configuration');

  console.log('▸ starting the floor…');
  const floor = processes.start('floor', 'npx', ['next', 'start', floorDir, '--port', String(floorPort)], {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    FLOOR_CUSTOMER_ID: customer.id,
    FLOOR_CONFIGURATION_ID: configuration.id,
    FLOOR_EMULATOR_PORT: String(emulatorPort),
    FLOOR_APP_URL: floorUrl,
  });
  await waitForHttp(`${floorUrl}/account`, 60_000, floor);

  // Sign in once in a browser with JavaScript off, and read each "Update card" form
  // exactly as a browser without JavaScript would post it.
  browser = await chromium.launch({
    executablePath: chromiumPath(process.env.CHROMIUM_PATH),
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const formFields = (on: Page) =>
    on
      .locator('form', { has: on.getByRole('button', { name: 'Update card' }) })
      .first()
      .evaluate((form) => [...new FormData(form as HTMLFormElement).entries()].map(([k, v]) => [k, String(v)] as [string, string]));
  await page.goto(`${appUrl}/signin?callbackUrl=%2Faccount`);
  await page.getByLabel('E-mail').fill('demo@example.com');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`${appUrl}/account`);
  const cookie = (await context.cookies(appUrl)).map((c) => `${c.name}=${c.value}`).join('; ');
  const fields: Record<Side, [string, string][]> = { ours: await formFields(page), floor: [] };
  await page.goto(`${floorUrl}/account`);
  fields.floor = await formFields(page);
  await browser.close();
  browser = undefined;

  const origin: Record<Side, string> = { ours: appUrl, floor: floorUrl };
  const headers: Record<Side, Record<string, string>> = { ours: { cookie }, floor: {} };

  /** Time to first byte (fetch resolves once the headers are in) and to the whole document. */
  const render = (side: Side) => async () => {
    const started = performance.now();
    const response = await fetch(`${origin[side]}/account`, { headers: headers[side], redirect: 'manual' });
    const ttfb = performance.now() - started;
    await response.text();
    if (response.status !== 200) throw new Error(`${side}: GET /account answered ${response.status}`);
    return { ttfb, total: performance.now() - started };
  };
  const click = (side: Side) => async () => {
    const body = new FormData();
    for (const [key, value] of fields[side]) body.append(key, value);
    const started = performance.now();
    const response = await fetch(`${origin[side]}/account`, {
      method: 'POST',
      body,
      headers: { ...headers[side], origin: origin[side] },
      redirect: 'manual',
    });
    await response.text();
    const location = response.headers.get('location') ?? '';
    if (response.status !== 303 || !location.startsWith(emulatorUrl)) {
      throw new Error(`${side}: the click answered ${response.status} → ${location || 'no redirect'}`);
    }
    return performance.now() - started;
  };

  // A server answers thousands of requests between deploys: the figures are its steady state,
  // after V8 has compiled the hot paths (ours has more code to compile than the floor, so a
  // cold measurement would mostly compare compilers), not its first minute.
  console.log(`▸ warming up: ${warmup} renders and clicks per side…`);
  await alternate(emulatorUrl, { ours: render('ours'), floor: render('floor') }, warmup, 1);
  for (const concurrency of concurrencies)
    await alternate(emulatorUrl, { ours: click('ours'), floor: click('floor') }, warmup, concurrency);

  console.log(`▸ measuring: ${iterations} samples per side and row…`);
  const renders = await alternate(emulatorUrl, { ours: render('ours'), floor: render('floor') }, iterations, 1);
  const clicks = new Map<number, Record<Side, Measured<number>>>();
  for (const concurrency of concurrencies) {
    clicks.set(concurrency, await alternate(emulatorUrl, { ours: click('ours'), floor: click('floor') }, iterations, concurrency));
  }

  const html = async (side: Side) => (await fetch(`${origin[side]}/account`, { headers: headers[side] })).text();
  const js: Record<Side, FirstLoadJs> = {
    ours: firstLoadJs(await html('ours'), '.next'),
    floor: firstLoadJs(await html('floor'), `${floorDir}/.next`),
  };

  printAccountReport({ database, warmup, iterations, renders, clicks, js });
} catch (error) {
  // After Ctrl-C the servers stopping under a request is expected, not worth reporting.
  if (!interrupted()) {
    processes.printOutput();
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exitCode = 1;
} finally {
  await cleanUp();
}
