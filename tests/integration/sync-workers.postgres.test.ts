import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createStripeClient } from '@/lib/billing/stripe-client';
import { SyncQueue, type SyncWorkerOptions } from '@/lib/billing/sync-queue';
import { recordStripeEvent } from '@/lib/billing/webhooks';
import { openDatabase, type DatabaseHandle } from '@/lib/db/client';
import { queueExecutor } from '@/lib/db/queue-sql';
import {
  databaseUrlOf,
  EMULATOR_WEBHOOK_SECRET,
  expectStoredMatchesStripe,
  startBillingWorld,
  storedBilling,
  TEST_QUEUE_OPTIONS,
  type BillingWorld,
} from '../support/billing';
import { startScript } from '../support/processes';

// Several sync workers on one PostgreSQL database, as separate instances (own connection pools,
// and in two tests own processes): they never sync one customer at once, a worker that dies
// midway has its job retried by another, and `npm run stripe:catch-up` restores what was missed.
// PostgreSQL only (DATABASE_URL; see vitest.config.ts): PGlite belongs to a single process.
if (!inject('adminDatabaseUrl')) throw new Error('This file needs DATABASE_URL (a local PostgreSQL server).');

type SyncRecord = Parameters<NonNullable<SyncWorkerOptions['onSync']>>[0];

/** Events the emulator recorded for this customer, oldest first. */
async function eventsFor(stripe: Stripe, customerId: string) {
  const events: Stripe.Event[] = [];
  for await (const event of stripe.events.list({ limit: 100 })) {
    const object = event.data.object as { id?: string; customer?: unknown; object?: string };
    if (object.customer === customerId || (object.object === 'customer' && object.id === customerId)) events.push(event);
  }
  return events.reverse();
}

/** The env of a script run against `world`: its database and emulator, emulator mode, quiet about everything else. */
async function scriptEnv(world: BillingWorld, dataDir: string) {
  return {
    DATABASE_URL: await databaseUrlOf(world),
    EMULATOR_PORT: String(world.harness.port),
    AUTH_SECRET: 'workers-test-auth-secret-0123456789abcdef',
    DATA_DIR: dataDir,
    SYNC_DEBOUNCE_MS: '0',
    STRIPE_CATCH_UP_MINUTES: '0',
    NODE_ENV: 'development',
  };
}

describe('two worker instances on one database', () => {
  let world: BillingWorld;
  let second: { handle: DatabaseHandle; queue: SyncQueue } | undefined;

  beforeAll(async () => {
    world = await startBillingWorld({ database: 'own', queue: { debounceMs: 0 }, emulator: { latencyMs: 250, latencyJitterMs: 50 } });
  });
  afterAll(async () => {
    await second?.queue.stop(2000);
    await second?.handle.close();
    await world?.close();
  });

  it('never sync one customer at the same time, and together bring every customer up to date', async () => {
    const subscriptions: string[] = [];
    const byCustomer = new Map<string, Stripe.Event[]>();
    for (let index = 0; index < 4; index++) {
      const customer = await world.newCustomer(`pair-${index}`);
      const subscription = await world.subscribe(customer.customerId, 'starter_monthly');
      for (let step = 0; step < 6; step++) await world.stripe.subscriptions.update(subscription.id, { metadata: { step: String(step) } });
      await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: index % 2 === 0 });
      subscriptions.push(subscription.id);
      byCustomer.set(customer.customerId, await eventsFor(world.stripe, customer.customerId));
    }

    // The second instance: its own pool on the same database and queue, its own Stripe client.
    const url = await databaseUrlOf(world);
    const handle = openDatabase({ kind: 'postgres', url, maxConnections: 5 });
    const queue = new SyncQueue(handle, { ...TEST_QUEUE_OPTIONS, debounceMs: 0, schema: world.queue.schema });
    second = { handle, queue };
    const syncs: (SyncRecord & { instance: number })[] = [];
    await world.startWorkers({ workers: 3, onSync: (sync) => syncs.push({ ...sync, instance: 1 }) });
    const otherStripe = createStripeClient(
      {
        mode: 'emulator',
        secretKey: 'sk_test_second',
        webhookSecret: EMULATOR_WEBHOOK_SECRET,
        livemode: false,
        emulator: { host: '127.0.0.1', port: world.harness.port, protocol: 'http' },
      },
      { maxNetworkRetries: 0 },
    );
    await queue.start({ stripe: otherStripe, workers: 3, onSync: (sync) => syncs.push({ ...sync, instance: 2 }) });

    // Events for every customer keep arriving for three seconds, through both instances' pools,
    // while syncs (each ~0.25 s: the emulator answers slowly) run on both.
    const events = [...byCustomer.values()].map((list) => list.at(-1)!);
    const until = Date.now() + 3000;
    for (let round = 0; Date.now() < until; round++) {
      await Promise.all(
        events.map((event, index) =>
          recordStripeEvent((round + index) % 2 === 0 ? world.db : handle.db, world.queue, {
            ...event,
            id: `${event.id}_r${round}`,
            created: Math.floor(Date.now() / 1000),
          }),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await world.drained(60_000);

    for (const customerId of byCustomer.keys()) {
      const mine = syncs.filter((sync) => sync.customerId === customerId).sort((a, b) => a.startedAt - b.startedAt);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.startedAt).toBeGreaterThanOrEqual(mine[i - 1]!.endedAt);
    }
    // Both instances took part.
    expect(new Set(syncs.map((sync) => sync.instance))).toEqual(new Set([1, 2]));
    for (const id of subscriptions) await expectStoredMatchesStripe(world.db, world.stripe, id);
  }, 120_000);
});

describe('worker processes', () => {
  let world: BillingWorld;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'portal-flows-workers-'));

  beforeAll(async () => {
    // pg-boss's default schema, which `npm run worker` and `npm run stripe:catch-up` use: so this world has a database of its own.
    world = await startBillingWorld({ database: 'own', queue: { schema: 'pgboss', debounceMs: 0, expireInSeconds: 3 } });
  });
  afterAll(async () => {
    await world?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a worker process killed in the middle of a sync → its job expires, is retried by another worker and applied', async () => {
    const customer = await world.newCustomer('killed');
    const subscription = await world.subscribe(customer.customerId, 'pro_monthly');
    await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    // The sync's customer read hangs, so the worker is killed mid-sync.
    await world.fault({ path: `/v1/customers/${customer.customerId}`, method: 'GET', count: 1, kind: 'hang', hangMs: 60_000 });

    const worker = startScript('scripts/worker.ts', ['--concurrency', '1'], await scriptEnv(world, dataDir));
    try {
      await worker.waitFor(/✓ worker: 1 concurrent syncs/);
      const [event] = (await eventsFor(world.stripe, customer.customerId)).slice(-1);
      expect(await recordStripeEvent(world.db, world.queue, event!)).toBe('queued');
      await expect.poll(async () => (await world.queue.status()).active, { timeout: 20_000, interval: 100 }).toBe(1);
      await expect
        .poll(
          async () => {
            const log = (await world.harness.control('GET', '/_emulator/requests')) as {
              requests: { path: string; status: number | null }[];
            };
            return log.requests.some((request) => request.path === `/v1/customers/${customer.customerId}` && request.status === null);
          },
          { timeout: 20_000, interval: 100 },
        )
        .toBe(true);
    } finally {
      worker.kill();
    }
    await worker.exited;
    expect((await storedBilling(world.db, customer.customerId)).subscriptions).toEqual([]);

    // Another worker (this process) takes the job once it has expired (3 s) and pg-boss's maintenance retries it.
    await world.startWorkers({ workers: 1 });
    await world.drained(40_000);
    expect((await expectStoredMatchesStripe(world.db, world.stripe, subscription.id)).stored.cancelAtPeriodEnd).toBe(true);
    const { rows } = await queueExecutor(world.handle).executeSql(
      `select state::text as state, retry_count from pgboss.job where name = 'sync-customer' and singleton_key = $1`,
      [customer.customerId],
    );
    expect(rows).toEqual([{ state: 'completed', retry_count: 1 }]);
  }, 120_000);

  it('`npm run stripe:catch-up` restores a customer whose events were never delivered', async () => {
    await world.startWorkers({ workers: 2 });
    const customer = await world.newCustomer('never-delivered');
    const subscription = await world.subscribe(customer.customerId, 'pro_monthly');
    await world.stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]!.id, price: world.priceId('starter_monthly') }],
    });
    expect((await storedBilling(world.db, customer.customerId)).subscriptions).toEqual([]);

    const catchUp = startScript(
      'scripts/stripe-catch-up.ts',
      ['--since', new Date(Date.now() - 5 * 60_000).toISOString()],
      await scriptEnv(world, dataDir),
    );
    expect(await catchUp.exited).toBe(0);
    expect(catchUp.output()).toMatch(/✓ catch-up: read \d+ events created since .*; newly recorded: \d+ queued/);

    await world.drained(30_000);
    const { stored } = await expectStoredMatchesStripe(world.db, world.stripe, subscription.id);
    expect(stored.priceId).toBe(world.priceId('starter_monthly'));
  }, 120_000);
});
