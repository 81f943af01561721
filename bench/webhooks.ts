// npm run bench:webhooks — Stripe's webhooks at Stripe's real limits: a burst of signed events at
// our production app on PostgreSQL, beside the floor (a bare Next.js route handler that only
// verifies the signature), against an emulator that answers like api.stripe.com (latency with
// jitter, a 25 requests/s rate limit with Stripe's 429). Prints acknowledgement throughput and
// latency (ours, floor, ratio), Stripe calls against 3 × the customers touched, how long the
// queue took to drain against calls ÷ rate limit, the queue's depth while it ran, whether the
// database then equals Stripe, and whether any event was lost. See bench/README.md.
//
//   npm run bench:webhooks                                 10,000 events over 1,000 customers, each twice, 20 in flight
//   npm run bench:webhooks -- --events 2000 --customers 200 --skip-build
//
// Needs a local PostgreSQL server (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres);
// the bench creates its own database there and drops it afterwards. Only loopback traffic.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { count, isNotNull, sql } from 'drizzle-orm';
import { SYNC_QUEUE } from '../lib/billing/sync-queue';
import { customerOf } from '../lib/billing/webhooks';
import { customers, webhookEvents } from '../lib/db/schema';
import { loadDotEnvFiles } from '../scripts/lib/load-env';
import { STANDALONE_SERVER } from '../tests/support/app-server';
import { assertLocalDatabaseUrl } from '../tests/support/scratch-database';
import { startApp } from '../tests/support/webhook-burst';
import { isAnswering, waitForHttp } from '../scripts/lib/processes';
import { BenchProcesses, onInterrupt, sleep } from './processes';
import { describeQueue, fireAlternating, sampleQueue, shuffledDeliveries } from './webhooks/fire';
import { parseWebhookBenchOptions } from './webhooks/options';
import { printReport } from './webhooks/report';
import { compareWithStripe, createBenchWorld, WEBHOOK_SECRET, type BenchWorld } from './webhooks/world';

const options = parseWebhookBenchOptions(process.argv.slice(2));
// DATABASE_URL (and the rest) from .env files too, as the app and every other command read them.
loadDotEnvFiles();
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
try {
  assertLocalDatabaseUrl(adminUrl);
} catch (error) {
  console.error(`✗ ${(error as Error).message}`);
  process.exit(2);
}

const port = 3307;
const floorPort = 3308;
const emulatorPort = 12397;
const ourUrl = `http://127.0.0.1:${port}`;
const floorUrl = `http://127.0.0.1:${floorPort}`;
const floorDir = 'bench/floor';
// The app keeps a little under the account's limit, as a deployment should configure it.
const appBudget = Math.max(1, options.rateLimit - 1);
const jitterMs = Math.round(options.latencyMs / 3);
// Deliveries per block; ours and the floor take turns.
const BLOCK = 500;
const log = (line: string) => console.log(line);

const processes = new BenchProcesses();
let app: Awaited<ReturnType<typeof startApp>> | undefined;
let world: BenchWorld | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'portal-flows-bench-webhooks-'));
let cleaningUp: Promise<void> | undefined;
/** Stops everything this bench started, drops its database and deletes its files; safe to call twice. */
function cleanUp() {
  cleaningUp ??= (async () => {
    await app?.stop().catch(() => {});
    await processes.stopAll();
    await world?.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  })();
  return cleaningUp;
}
const interrupted = onInterrupt(cleanUp);

/** The database's clock, in seconds since the epoch. */
async function epochNow(bench: BenchWorld): Promise<number> {
  const rows = (await bench.handle.db.execute(sql`select extract(epoch from clock_timestamp())::float8 as t`)) as unknown as {
    t: number;
  }[];
  return Number(rows[0]?.t);
}

/** When the queue's last sync job completed, in seconds since the epoch (pg-boss's job table). */
async function lastSyncFinished(bench: BenchWorld): Promise<number> {
  const rows = (await bench.handle.db.execute(
    sql`select extract(epoch from max(completed_on))::float8 as t from ${sql.identifier(bench.queue.schema)}.job where name = ${SYNC_QUEUE}`,
  )) as unknown as { t: number | null }[];
  return Number(rows[0]?.t ?? NaN);
}

function build() {
  log('▸ npm run build (the app)…');
  const ours = spawnSync('npm', ['run', 'build'], {
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (ours.status !== 0) throw new Error('npm run build failed; run it to see why');
  log(`▸ next build ${floorDir} (the floor)…`);
  const floor = spawnSync('npx', ['next', 'build', floorDir], {
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (floor.status !== 0) throw new Error(`next build ${floorDir} failed; run \`npx next build ${floorDir}\` to see why`);
}

try {
  for (const url of [ourUrl, floorUrl, `http://127.0.0.1:${emulatorPort}`]) {
    if (await isAnswering(url))
      throw new Error(`something already answers at ${url}; the bench needs ports ${port}, ${floorPort} and ${emulatorPort}`);
  }
  if (!options.skipBuild) build();
  for (const file of [STANDALONE_SERVER, '.next/BUILD_ID', `${floorDir}/.next/BUILD_ID`]) {
    if (!existsSync(file)) throw new Error(`no production build (${file} is missing); run without --skip-build`);
  }

  log(
    `▸ preparing: emulator, scratch database, billing set-up, ${options.customers.toLocaleString('en')} customers and their ${options.events.toLocaleString('en')} events…`,
  );
  world = await createBenchWorld({ adminUrl, emulatorPort, customers: options.customers, events: options.events, log });
  const { emulator, stripe } = world;

  log('▸ starting the floor and ours (production servers)…');
  const floor = processes.start('floor', 'npx', ['next', 'start', floorDir, '--port', String(floorPort), '--hostname', '127.0.0.1'], {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    FLOOR_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });
  await waitForHttp(`${floorUrl}/api/webhook`, 60_000, floor);
  app = await startApp(port, {
    APP_URL: `http://localhost:${port}`,
    HOSTNAME: '127.0.0.1',
    DATABASE_URL: world.databaseUrl,
    EMULATOR_PORT: String(emulator.port),
    EMULATOR_WEBHOOK_URL: '',
    AUTH_SECRET: 'bench-only-auth-secret-0123456789abcdef',
    DATA_DIR: dataDir,
    // Emulator mode in production: the explicit public demo, signed with the emulator's test secret.
    PORTAL_FLOWS_DEMO: 'true',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_RATE_LIMIT: String(appBudget),
  });

  const urls = { ours: `${ourUrl}/api/stripe/webhook`, floor: `${floorUrl}/api/webhook` };
  const fireOptions = { stripe, secret: WEBHOOK_SECRET, concurrency: options.concurrency, blockSize: BLOCK };
  log(`▸ warming up both with ${world.warmUp.length} deliveries of an event type neither acts on…`);
  await fireAlternating(urls, { ours: world.warmUp, floor: world.warmUp }, fireOptions);

  // From here Stripe answers like api.stripe.com, and every call it gets is ours.
  emulator.realism.configure({ latencyMs: options.latencyMs, jitterMs, rateLimit: options.rateLimit });
  emulator.requests.clear();
  const deliveries = { ours: shuffledDeliveries(world.events, 2), floor: shuffledDeliveries(world.events, 2) };
  const total = deliveries.ours.length;
  log(
    `▸ ${total.toLocaleString('en')} deliveries to each, ${options.concurrency} in flight, in alternating blocks of ${BLOCK}; ` +
      `Stripe answers in ${options.latencyMs} ± ${jitterMs} ms, ${options.rateLimit} requests/s…`,
  );
  const since = performance.now();
  const startedAtDb = await epochNow(world);
  const sampler = sampleQueue(world.queue, () => emulator.requests.summary().total, since);
  let lastLine = performance.now();
  const runs = await fireAlternating(urls, deliveries, {
    ...fireOptions,
    onRound: (done) => {
      if (performance.now() - lastLine < 5000) return;
      lastLine = performance.now();
      log(
        `  ${done.toLocaleString('en')} of ${total.toLocaleString('en')} delivered to each · ours: ${describeQueue(sampler.samples.at(-1))}`,
      );
    },
  });
  const [ourRun, floorRun] = [runs.ours, runs.floor];
  log(`▸ all delivered after ${((performance.now() - since) / 1000).toFixed(1)} s; waiting for the queue to drain…`);
  const drainLimitMs = Math.max(600_000, (10 * 3 * options.customers * 1000) / options.rateLimit);
  for (;;) {
    const last = await sampler.take();
    if (last && last.queued === 0 && last.active === 0) break;
    if (performance.now() - since > drainLimitMs)
      throw new Error(`the queue did not drain within ${drainLimitMs / 1000} s (${describeQueue(last)})`);
    if (performance.now() - lastLine > 5000) {
      log(`  draining: ${describeQueue(last)}`);
      lastLine = performance.now();
    }
    await sleep(250);
  }
  // When the last sync finished, by the database's clock (the sampling above is 1 s coarse).
  const drainSeconds = (await lastSyncFinished(world)) - startedAtDb;
  sampler.stop();
  const log429 = emulator.requests.summary();
  emulator.realism.configure({ latencyMs: 0, jitterMs: 0, rateLimit: 0 });

  log('▸ comparing every customer with Stripe…');
  const db = world.handle.db;
  const [recorded] = await db.select({ value: count() }).from(webhookEvents);
  const [synced] = await db.select({ value: count() }).from(customers).where(isNotNull(customers.syncedAt));
  const status = await world.queue.status();
  const comparison = await compareWithStripe(world);
  const touched = new Set(deliveries.ours.map((event) => customerOf(event))).size;

  const require = createRequire(import.meta.url);
  const nextVersion = (JSON.parse(readFileSync(require.resolve('next/package.json'), 'utf8')) as { version: string }).version;
  const [server] = (await world.handle.db.execute<{ server_version: string }>(sql`show server_version`)) as unknown as {
    server_version: string;
  }[];
  const postgresVersion = server?.server_version;
  const ok = printReport({
    header: `Portal Flows webhook bench — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, Next.js ${nextVersion}, PostgreSQL ${postgresVersion ?? '?'}`,
    settings:
      `${total.toLocaleString('en')} deliveries to each side (${world.events.length.toLocaleString('en')} events over ${options.customers.toLocaleString('en')} customers, each twice, shuffled), ` +
      `${options.concurrency} in flight, in alternating blocks of ${BLOCK}; Stripe (emulator) ${options.latencyMs} ± ${jitterMs} ms, ${options.rateLimit} requests/s; the app's budget ${appBudget}/s, 4 sync workers, 1 s debounce`,
    ours: ourRun,
    floor: floorRun,
    customersTouched: touched,
    stripeCalls: log429.total,
    callsByRoute: log429.routes,
    rateLimited: log429.requests.filter((request) => request.status === 429).length,
    rateLimit: options.rateLimit,
    appBudget,
    drainSeconds,
    samples: sampler.samples,
    syncedCustomers: synced?.value ?? 0,
    comparison,
    distinctEvents: world.events.length,
    recordedEvents: recorded?.value ?? 0,
    failedJobs: status.failed,
  });
  if (!ok) process.exitCode = 1;
} catch (error) {
  // After Ctrl-C the servers stopping under a request is expected, not worth reporting.
  if (!interrupted()) {
    processes.printOutput();
    if (app) console.error(`── last lines from ours:\n${app.output().split('\n').slice(-30).join('\n')}`);
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exitCode = 1;
} finally {
  await cleanUp();
}
