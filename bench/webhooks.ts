// npm run bench:webhooks — a burst of real, signed Stripe events (with duplicates) at a
// production app instance on PostgreSQL; prints events/s, latency percentiles, and
// whether the database ends equal to Stripe.
//
//   npm run bench:webhooks                      2,400 deliveries, 10 in flight
//   npm run bench:webhooks -- --updates 400 --concurrency 20
//
// Needs a local PostgreSQL server (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres);
// the bench creates its own database there and drops it afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { billingConfig } from '../billing.config';
import { createEmulator, DEFAULT_WEBHOOK_SECRET } from '@portal-flows/stripe-emulator';
import { ensureStripeCustomer } from '../lib/billing/customers';
import { applyBilling } from '../lib/billing/setup';
import { createStripeClient } from '../lib/billing/stripe-client';
import { openDatabase } from '../lib/db/client';
import { findSubscriptionsByCustomer, upsertUserByEmail } from '../lib/db/queries';
import { webhookEvents } from '../lib/db/schema';
import { loadDotEnvFiles } from '../scripts/lib/load-env';
import { assertLocalDatabaseUrl, createScratchDatabase } from '../tests/support/scratch-database';
import { allEvents, deliver, ensureProductionBuild, pool, signedDelivery, startApp, stopApp } from '../tests/support/webhook-burst';
import { percentile } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '6' },
    updates: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '10' },
  },
});
const customerCount = Number(values.customers);
const updatesPerCustomer = Number(values.updates);
const concurrency = Number(values.concurrency);
for (const [name, value, max] of [
  ['--customers', customerCount, 100],
  ['--updates', updatesPerCustomer, 5000],
  ['--concurrency', concurrency, 100],
] as const) {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    console.error(`${name} must be a whole number from 1 to ${max}`);
    process.exit(2);
  }
}

// DATABASE_URL (and the rest) from .env files too, as the app and every other command read them.
loadDotEnvFiles();
const adminUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
try {
  assertLocalDatabaseUrl(adminUrl);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const port = 3217;
const dataDir = mkdtempSync(path.join(tmpdir(), 'portal-flows-bench-'));


let app: Awaited<ReturnType<typeof startApp>> | undefined;
const emulator = await createEmulator({ port: 0, dataFile: path.join(dataDir, 'stripe.json'), webhookUrl: '' });
const scratch = await createScratchDatabase(adminUrl, 'portal_flows_bench');
const handle = openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 4 });
try {
  console.log('▸ preparing: build, database, billing set-up, customers and their activity…');
  ensureProductionBuild();
  await emulator.listen();
  await handle.migrate();
  const stripe = createStripeClient(
    { mode: 'emulator', secretKey: 'sk_test_bench', webhookSecret: DEFAULT_WEBHOOK_SECRET, livemode: false, emulator: { host: '127.0.0.1', port: emulator.port, protocol: 'http' } },
    { maxNetworkRetries: 0 },
  );
  const { resolved } = await applyBilling(stripe, handle.db, billingConfig, { mode: 'emulator' });
  // Any price will do: the first one billing.config.ts declares.
  const priceId = resolved.price.get(billingConfig.products[0]!.prices[0]!.lookupKey)!;

  const customers: string[] = [];
  for (let index = 0; index < customerCount; index++) {
    const email = `bench-${index}-${randomBytes(2).toString('hex')}@example.com`;
    const user = await upsertUserByEmail(handle.db, email);
    const customerId = await ensureStripeCustomer(handle.db, stripe, { id: user.id, email });
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customerId });
    await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: card.id } });
    const subscription = await stripe.subscriptions.create({ customer: customerId, items: [{ price: priceId }] });
    for (let update = 0; update < updatesPerCustomer; update++) {
      await stripe.subscriptions.update(subscription.id, { metadata: { step: String(update) } });
    }
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: index % 2 === 0 });
    customers.push(customerId);
  }
  const events = await allEvents(stripe);
  // Every event twice, shuffled: Stripe retries and redelivers, and order is not guaranteed.
  const deliveries = [...events, ...events]
    .map((event) => ({ sort: Math.random(), delivery: signedDelivery(stripe, event, DEFAULT_WEBHOOK_SECRET) }))
    .sort((a, b) => a.sort - b.sort)
    .map((entry) => entry.delivery);

  app = await startApp(port, {
    APP_URL: `http://localhost:${port}`,
    DATABASE_URL: scratch.url,
    EMULATOR_PORT: String(emulator.port),
    AUTH_SECRET: 'bench-only-auth-secret-0123456789abcdef',
    DATA_DIR: dataDir,
    // Emulator mode in production: the explicit public demo, signed with the emulator's fixed test secret.
    PORTAL_FLOWS_DEMO: 'true',
    STRIPE_WEBHOOK_SECRET: DEFAULT_WEBHOOK_SECRET,
  });

  console.log(`▸ firing ${deliveries.length} deliveries (${events.length} distinct events) at ${concurrency} in flight…`);
  const started = performance.now();
  const results = await pool(
    deliveries.map((delivery) => () => deliver(`http://127.0.0.1:${port}/api/stripe/webhook`, delivery)),
    concurrency,
  );
  const seconds = (performance.now() - started) / 1000;

  const latencies = results.map((result) => result.ms);
  const failures = results.filter((result) => result.status !== 200).length;
  const recorded = (await handle.db.select({ id: webhookEvents.id }).from(webhookEvents)).length;
  let mismatches = 0;
  for (const customerId of customers) {
    const stored = await findSubscriptionsByCustomer(handle.db, customerId);
    const live = await stripe.subscriptions.list({ customer: customerId, status: 'all' });
    for (const subscription of live.data) {
      const row = stored.find((candidate) => candidate.id === subscription.id);
      const same =
        row?.status === subscription.status &&
        row.cancelAtPeriodEnd === subscription.cancel_at_period_end &&
        row.priceId === subscription.items.data[0]?.price.id;
      if (!same) mismatches++;
    }
  }

  console.log(`\nPortal Flows webhook bench — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, PostgreSQL`);
  console.log(`deliveries:        ${deliveries.length} (${events.length} distinct events, each twice, shuffled), ${concurrency} in flight`);
  console.log(`throughput:        ${(deliveries.length / seconds).toFixed(0)} deliveries/s over ${seconds.toFixed(1)} s`);
  console.log(`latency (ms):      p50 ${percentile(latencies, 50).toFixed(1)}   p95 ${percentile(latencies, 95).toFixed(1)}   p99 ${percentile(latencies, 99).toFixed(1)}`);
  console.log(`non-200 answers:   ${failures}`);
  console.log(`events recorded:   ${recorded} of ${events.length} distinct (each once)`);
  console.log(`database = Stripe: ${mismatches === 0 ? 'yes' : `NO, ${mismatches} subscriptions differ`} (${customers.length} customers)`);
  if (failures || recorded !== events.length || mismatches) process.exitCode = 1;
} finally {
  await stopApp(app);
  await handle.close();
  await emulator.close();
  await scratch.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
