import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { customerOf, isHandledEvent } from '@/lib/billing/webhooks';
import { webhookEvents } from '@/lib/db/schema';
import {
  databaseUrlOf,
  EMULATOR_WEBHOOK_SECRET,
  expectStoredMatchesStripe,
  startBillingWorld,
  type BillingWorld,
} from '../support/billing';
import { freePort, type AppServer } from '../support/app-server';
import { allEvents, deliver, ensureProductionBuild, pool, signedDelivery, startApp, stopApp } from '../support/webhook-burst';

// Two app instances on one PostgreSQL server receive the same burst of real,
// signed events, each event at both, in different orders and concurrently.
// Each event must be recorded once, every delivery answered 200, and the
// instances' own workers must then bring every customer up to date. Runs only in
// the PostgreSQL pass (DATABASE_URL; see vitest.config.ts): PGlite belongs to a
// single process, so two instances cannot share it.
if (!inject('adminDatabaseUrl')) throw new Error('This file needs DATABASE_URL (a local PostgreSQL server).');

describe('two app instances on one PostgreSQL database', () => {
  let world: BillingWorld;
  const apps: AppServer[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portal-flows-instances-'));
  const ports: number[] = [];

  beforeAll(async () => {
    ensureProductionBuild();
    // pg-boss's default schema, as the app instances use: their queue exists before they start.
    world = await startBillingWorld({ database: 'own', queue: { schema: 'pgboss' } });
    const databaseUrl = await databaseUrlOf(world);
    ports.push(await freePort(), await freePort());
    for (const port of ports) {
      apps.push(
        await startApp(port, {
          APP_URL: `http://localhost:${port}`,
          DATABASE_URL: databaseUrl,
          EMULATOR_PORT: String(world.harness.port),
          AUTH_SECRET: 'instances-test-auth-secret-0123456789abcdef',
          DATA_DIR: dataDir,
          // Emulator mode in production is the explicit public demo; the deliveries
          // below are signed with the test emulator's fixed secret.
          PORTAL_FLOWS_DEMO: 'true',
          STRIPE_WEBHOOK_SECRET: EMULATOR_WEBHOOK_SECRET,
        }),
      );
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all(apps.map(stopApp));
    await world?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('record each event once, answer every delivery 200, and sync every customer', async () => {
    // Real billing activity for a few customers, recorded as events by the emulator.
    const subscriptionIds: string[] = [];
    for (let index = 0; index < 4; index++) {
      const customer = await world.newCustomer(`instances-${index}`);
      const subscription = await world.subscribe(customer.customerId, 'starter_monthly');
      await world.stripe.subscriptions.update(subscription.id, {
        items: [{ id: subscription.items.data[0]!.id, price: world.priceId('pro_monthly') }],
      });
      if (index % 2 === 0) await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
      else await world.stripe.subscriptions.cancel(subscription.id);
      subscriptionIds.push(subscription.id);
    }
    const events = await allEvents(world.stripe);
    expect(events.length).toBeGreaterThan(30);

    const deliveries = events.map((event) => signedDelivery(world.stripe, event, EMULATOR_WEBHOOK_SECRET));
    const tasks = ports.flatMap((port, instance) => {
      const ordered = instance === 0 ? deliveries : [...deliveries].reverse();
      return ordered.map((delivery) => () => deliver(`http://127.0.0.1:${port}/api/stripe/webhook`, delivery));
    });
    const results = await pool(tasks, 12);

    expect(results.filter((result) => result.status !== 200)).toEqual([]);
    // The events we act on are recorded, each once; the others leave no row.
    const acted = events.filter((event) => isHandledEvent(event.type) && customerOf(event));
    expect(acted.length).toBeGreaterThan(10);
    const rows = await world.db.select().from(webhookEvents);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(acted.map((event) => event.id)));
    expect(rows).toHaveLength(acted.length);
    // Each recorded by exactly one instance; the other saw a duplicate.
    const recorded = results.filter((result) => result.outcome !== 'duplicate' && result.outcome !== 'ignored').length;
    expect(recorded).toBe(acted.length);
    // The instances' workers sync what was queued.
    await world.drained(60_000);
    for (const id of subscriptionIds) await expectStoredMatchesStripe(world.db, world.stripe, id);
  }, 120_000);
});
