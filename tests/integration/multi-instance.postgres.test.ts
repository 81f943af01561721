import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { webhookEvents } from '@/lib/db/schema';
import { EMULATOR_WEBHOOK_SECRET, expectStoredMatchesStripe, startBillingWorld, type BillingWorld } from '../support/billing';
import { freePort, type AppServer } from '../support/app-server';
import { allEvents, deliver, ensureProductionBuild, pool, signedDelivery, startApp, stopApp } from '../support/webhook-burst';

// Two app instances on one PostgreSQL server receive the same burst of real,
// signed events, each event at both, in different orders and concurrently.
// Each event must be applied once and every delivery answered 200. Runs only in
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
    ports.push(await freePort(), await freePort());
    world = await startBillingWorld({ database: 'own' });
    const databaseUrl = world.handle.kind === 'postgres' ? await scratchUrlOf(world) : null;
    if (!databaseUrl) throw new Error('expected a PostgreSQL database');
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

  it('apply each event once, answering every delivery 200', async () => {
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
    const rows = await world.db.select().from(webhookEvents);
    expect(rows).toHaveLength(events.length);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(events.map((event) => event.id)));
    // Each event applied by exactly one instance; the other saw a duplicate.
    const applied = results.filter((result) => result.outcome !== 'duplicate').length;
    expect(applied).toBe(events.length);
    for (const id of subscriptionIds) await expectStoredMatchesStripe(world.db, world.stripe, id);
  }, 120_000);
});

/** The URL of the world's own PostgreSQL database. */
async function scratchUrlOf(world: BillingWorld) {
  const { sql } = await import('drizzle-orm');
  const result = (await world.db.execute(sql`select current_database() as name`)) as unknown as { name: string }[];
  const url = new URL(inject('adminDatabaseUrl')!);
  url.pathname = `/${result[0]!.name}`;
  return url.toString();
}
