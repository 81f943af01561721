import type Stripe from 'stripe';
import { eq } from 'drizzle-orm';
import { afterAll, expect, inject } from 'vitest';
import type { BillingConfig } from '@/lib/billing/config-schema';
import { ensureStripeCustomer } from '@/lib/billing/customers';
import { applyBilling, type SetupResult } from '@/lib/billing/setup';
import { createStripeClient } from '@/lib/billing/stripe-client';
import { SyncQueue, type SyncQueueOptions } from '@/lib/billing/sync-queue';
import { openDatabase, type Database, type DatabaseHandle } from '@/lib/db/client';
import { findPaymentMethodsByCustomer, findSubscriptionsByCustomer, upsertUserByEmail } from '@/lib/db/queries';
import { customers, webhookEvents, type User } from '@/lib/db/schema';
import { DEFAULT_WEBHOOK_SECRET, type EmulatorOptions } from '@portal-flows/stripe-emulator';
import { startEmulator, type Harness } from '@portal-flows/stripe-emulator/testing';
import { openTestDatabase, uniqueEmail } from './database';
import { testBillingConfig } from './billing-config';
import { hookedFixture } from './fixture';
import { createScratchDatabase } from './scratch-database';

/**
 * Shared fixtures for the billing integration tests: a database (PGlite in memory, or
 * PostgreSQL when DATABASE_URL is set), an in-process Stripe emulator on a free port,
 * the Stripe client the code under test uses, and the tests' own catalogue (./billing-config.ts)
 * applied to it.
 */

/** The secret the emulator signs deliveries to its `webhookUrl` with (`whsec_emulator`). */
export const EMULATOR_WEBHOOK_SECRET = DEFAULT_WEBHOOK_SECRET;

/**
 * Opens a database for billing tests.
 *
 * `shared` is the run's database (PostgreSQL) or a fresh in-memory one (PGlite).
 * `own` is a database nobody else writes to: needed by tests that read `billing_catalog`
 * or use the fixed demo e-mail addresses, because those rows are keyed by config key or
 * address, not by anything unique to one emulator. (In production one database belongs
 * to one Stripe account; test files running in parallel would each bring their own.)
 */
export async function openBillingDatabase(database: 'shared' | 'own' = 'shared'): Promise<DatabaseHandle> {
  const adminUrl = inject('adminDatabaseUrl');
  if (database === 'shared' || !adminUrl) return openTestDatabase();
  const scratch = await createScratchDatabase(adminUrl, 'portal_flows_billing');
  const handle = openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 5 });
  await handle.migrate();
  return {
    ...handle,
    async close() {
      await handle.close();
      await scratch.drop();
    },
  };
}

/**
 * The Stripe client the code under test gets: the app's own builder (same API version,
 * app info and timeouts) pointed at the emulator, without retries, so that an injected
 * fault reaches the code instead of being retried away.
 */
function appStripeClient(harness: Harness): Stripe {
  return createStripeClient(
    {
      mode: 'emulator',
      secretKey: 'sk_test_emulator',
      webhookSecret: EMULATOR_WEBHOOK_SECRET,
      livemode: false,
      emulator: { host: '127.0.0.1', port: harness.port, protocol: 'http' },
    },
    { maxNetworkRetries: 0, timeoutMs: 10_000 },
  );
}

export interface BillingWorld {
  readonly db: Database;
  readonly handle: DatabaseHandle;
  readonly harness: Harness;
  /** The client handed to the code under test (and used by the tests to act as "someone in Stripe"). */
  readonly stripe: Stripe;
  /** The config that was applied (the test catalogue when `apply: false`), and what applying it returned. */
  readonly config: BillingConfig;
  readonly setup: SetupResult;
  /** The Stripe price id of a lookup key in the applied config. */
  priceId(lookupKey: string): string;
  /** A signed-up user with a Stripe customer (through ensureStripeCustomer), optionally with a default card. */
  newCustomer(label: string, options?: { card?: string | false }): Promise<TestCustomer>;
  /** A subscription created through the SDK, paid with the customer's default card. */
  subscribe(customerId: string, lookupKey: string): Promise<Stripe.Subscription>;
  /**
   * The job queue on this world's database, prepared (schema and queues exist) but with no
   * workers: tests start them with `startWorkers` when they want syncs to run.
   */
  readonly queue: SyncQueue;
  /** Starts `workers` sync workers on `queue`, with this world's Stripe client unless given another. */
  startWorkers(options?: { workers?: number; stripe?: Stripe; onSync?: Parameters<SyncQueue['start']>[0]['onSync'] }): Promise<void>;
  /** Waits until no sync is queued or running. */
  drained(timeoutMs?: number): Promise<void>;
  /** Arms an emulator fault (`POST /_emulator/faults`). */
  fault(fault: {
    path: string;
    method?: 'GET' | 'POST' | 'DELETE';
    count?: number;
    kind: '429' | '500' | 'hang';
    hangMs?: number;
  }): Promise<void>;
  /** Stops the emulator and its webhook deliveries, keeping the database open; `close` does it too. */
  stopEmulator(): Promise<void>;
  close(): Promise<void>;
}

export interface TestCustomer {
  user: User;
  customerId: string;
  /** The default card's payment method id, when one was attached. */
  cardId: string | null;
}

export interface BillingWorldOptions {
  /** Which database (see openBillingDatabase); or an open handle to reuse, which the world leaves open. */
  database?: 'shared' | 'own' | DatabaseHandle;
  /** The config to apply; `false` applies nothing. Default: the test catalogue (./billing-config.ts). */
  apply?: BillingConfig | false;
  emulator?: EmulatorOptions;
  /** The sync queue's options; tests default to a short debounce and fast polling. */
  queue?: Partial<SyncQueueOptions>;
}

/** Queue settings that keep tests quick: a 200 ms debounce, polling every half second. */
export const TEST_QUEUE_OPTIONS: SyncQueueOptions = { debounceMs: 200, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 };

export async function startBillingWorld(options: BillingWorldOptions = {}): Promise<BillingWorld> {
  const ownsHandle = typeof options.database !== 'object';
  const handle = typeof options.database === 'object' ? options.database : await openBillingDatabase(options.database);
  const harness = await startEmulator(options.emulator);
  const stripe = appStripeClient(harness);
  const config = options.apply === false ? testBillingConfig : (options.apply ?? testBillingConfig);
  let setup: SetupResult = {
    steps: [],
    resolved: { product: new Map(), price: new Map(), coupon: new Map(), promotion_code: new Map(), portal_configuration: new Map() },
    scope: { mode: 'emulator', accountId: '' },
  };
  try {
    if (options.apply !== false) setup = await applyBilling(stripe, handle.db, config, { mode: 'emulator' });
  } catch (error) {
    await harness.close();
    if (ownsHandle) await handle.close();
    throw error;
  }

  // A pg-boss schema of its own: on PostgreSQL the test files share one database, and one world's
  // workers must not take another world's jobs (whose customers its emulator does not know).
  const schema = `pgboss_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const queue = new SyncQueue(handle, { ...TEST_QUEUE_OPTIONS, schema, ...options.queue });
  try {
    await queue.prepare();
  } catch (error) {
    await harness.close();
    if (ownsHandle) await handle.close();
    throw error;
  }

  let emulatorStopped: Promise<void> | undefined;
  const world: BillingWorld = {
    db: handle.db,
    handle,
    harness,
    stripe,
    config,
    setup,
    priceId(lookupKey) {
      const id = setup.resolved.price.get(lookupKey);
      if (!id) throw new Error(`No price with lookup key ${lookupKey} was set up`);
      return id;
    },
    async newCustomer(label, { card = 'pm_card_visa' } = {}) {
      const email = uniqueEmail(label);
      const user = await upsertUserByEmail(handle.db, email);
      const customerId = await ensureStripeCustomer(handle.db, stripe, { id: user.id, email, name: label });
      if (!card) return { user, customerId, cardId: null };
      const attached = await stripe.paymentMethods.attach(card, { customer: customerId });
      await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: attached.id } });
      return { user, customerId, cardId: attached.id };
    },
    subscribe(customerId, lookupKey) {
      return stripe.subscriptions.create({ customer: customerId, items: [{ price: world.priceId(lookupKey) }] });
    },
    queue,
    startWorkers({ workers = 2, stripe: client = stripe, onSync } = {}) {
      return queue.start({ stripe: client, workers, onSync });
    },
    async drained(timeoutMs = 20_000) {
      await eventually(
        async () => {
          const status = await queue.status();
          return status.queued === 0 && status.active === 0;
        },
        timeoutMs,
        'the sync queue to drain',
      );
    },
    async fault(fault) {
      const answer = (await harness.control('POST', '/_emulator/faults', { count: 1, ...fault })) as { fault?: unknown };
      if (!answer.fault) throw new Error(`The emulator refused the fault: ${JSON.stringify(answer)}`);
    },
    stopEmulator() {
      emulatorStopped ??= harness.close();
      return emulatorStopped;
    },
    async close() {
      await queue.stop(1000);
      await world.stopEmulator();
      if (ownsHandle) await handle.close();
    },
  };
  return world;
}

/**
 * A billing world for the tests of the enclosing `describe` block (or of the file, at its top level):
 * started before them, or before each one with `{ each: true }`, and closed after. It reads as a
 * constant: every property read goes to the world of the moment. `options` may be a function, read
 * when the world starts (for a database opened at the file's top level, say).
 */
export function billingWorldFor(
  options: BillingWorldOptions | (() => BillingWorldOptions) = {},
  { each = false }: { each?: boolean } = {},
): BillingWorld {
  return hookedFixture(
    () => startBillingWorld(typeof options === 'function' ? options() : options),
    (world) => world.close(),
    { each },
  );
}

/** A database of the file's own (see openBillingDatabase), closed after its tests: awaited at the file's top level. */
export async function ownBillingDatabaseForFile(): Promise<DatabaseHandle> {
  const handle = await openBillingDatabase('own');
  afterAll(() => handle.close());
  return handle;
}

/** What our database holds for one Stripe customer, in a stable order. */
export async function storedBilling(db: Database, stripeCustomerId: string) {
  const [customer] = await db.select().from(customers).where(eq(customers.stripeCustomerId, stripeCustomerId));
  return {
    customer: customer ?? null,
    subscriptions: await findSubscriptionsByCustomer(db, stripeCustomerId),
    paymentMethods: await findPaymentMethodsByCustomer(db, stripeCustomerId),
  };
}

export async function webhookEventRows(db: Database, eventId: string) {
  return db.select().from(webhookEvents).where(eq(webhookEvents.id, eventId));
}

export async function customerRows(db: Database, userId: string) {
  return db.select().from(customers).where(eq(customers.userId, userId));
}

/** Seconds since the epoch as a Date, the way our tables store Stripe timestamps. */
export const fromUnix = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null);

/**
 * Asserts that our row for a subscription says what Stripe says now: status, price,
 * product, period (from the item) and the cancellation fields.
 */
export async function expectStoredMatchesStripe(db: Database, stripe: Stripe, subscriptionId: string) {
  const live = await stripe.subscriptions.retrieve(subscriptionId, { expand: ['items.data.price.product'] });
  const customerId = typeof live.customer === 'string' ? live.customer : live.customer.id;
  const stored = (await findSubscriptionsByCustomer(db, customerId)).find((row) => row.id === subscriptionId);
  const item = live.items.data[0]!;
  const product = item.price.product as Stripe.Product;
  expect(stored).toMatchObject({
    status: live.status,
    priceId: item.price.id,
    productId: product.id,
    productName: product.name,
    unitAmount: item.price.unit_amount,
    currentPeriodStart: fromUnix(item.current_period_start),
    currentPeriodEnd: fromUnix(item.current_period_end),
    cancelAtPeriodEnd: live.cancel_at_period_end,
    cancelAt: fromUnix(live.cancel_at),
    canceledAt: fromUnix(live.canceled_at),
    endedAt: fromUnix(live.ended_at),
  });
  return { live, stored: stored! };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The connection string of a world's PostgreSQL database (for app and worker processes a test starts). */
export async function databaseUrlOf(world: BillingWorld): Promise<string> {
  const adminUrl = inject('adminDatabaseUrl');
  if (world.handle.kind !== 'postgres' || !adminUrl) throw new Error('databaseUrlOf needs a PostgreSQL world (DATABASE_URL)');
  const [row] = await world.handle.client<{ name: string }[]>`select current_database() as name`;
  const url = new URL(adminUrl);
  url.pathname = `/${row!.name}`;
  return url.toString();
}
