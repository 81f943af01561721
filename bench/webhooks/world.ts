import type Stripe from 'stripe';
import { createEmulator, DEFAULT_WEBHOOK_SECRET, type Emulator } from '@portal-flows/stripe-emulator';
import { billingConfig } from '../../billing.config';
import { ensureStripeCustomer } from '../../lib/billing/customers';
import { applyBilling } from '../../lib/billing/setup';
import { createStripeClient } from '../../lib/billing/stripe-client';
import { SyncQueue } from '../../lib/billing/sync-queue';
import { customerOf, isHandledEvent } from '../../lib/billing/webhooks';
import { openDatabase, type DatabaseHandle } from '../../lib/db/client';
import { findSubscriptionsByCustomer, upsertUserByEmail } from '../../lib/db/queries';
import { createScratchDatabase } from '../../tests/support/scratch-database';
import { allEvents, pool } from '../../tests/support/webhook-burst';

/**
 * The bench's world: an in-process emulator (in memory), a scratch PostgreSQL database with the
 * app's schema, billing.config.ts applied, and `customers` customers of ours, each with a card and
 * a subscription changed often enough that Stripe recorded the events the bench will deliver.
 */
export interface BenchWorld {
  emulator: Emulator;
  handle: DatabaseHandle;
  databaseUrl: string;
  /** The bench's own client, straight to the emulator (no budget): set-up and checks only. */
  stripe: Stripe;
  queue: SyncQueue;
  customerIds: string[];
  /** The events to deliver: `events` in all, spread evenly over the customers, oldest first. */
  events: Stripe.Event[];
  /** Events of a type the app does not act on (customer.created), for warming both servers up. */
  warmUp: Stripe.Event[];
  close(): Promise<void>;
}

export const WEBHOOK_SECRET = DEFAULT_WEBHOOK_SECRET;

export async function createBenchWorld(options: {
  adminUrl: string;
  emulatorPort: number;
  customers: number;
  events: number;
  log: (line: string) => void;
}): Promise<BenchWorld> {
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const emulator = await createEmulator({ port: options.emulatorPort, dataFile: null, webhookUrl: '' });
    await emulator.listen();
    closers.push(() => emulator.close());
    const scratch = await createScratchDatabase(options.adminUrl, 'portal_flows_bench').catch((error: unknown) => {
      throw new Error(
        `could not create a database on ${options.adminUrl} (${error instanceof Error ? error.message : error}); is PostgreSQL running?`,
      );
    });
    closers.push(() => scratch.drop());
    const handle = openDatabase({ kind: 'postgres', url: scratch.url, maxConnections: 8 });
    closers.push(() => handle.close());
    await handle.migrate();
    const queue = new SyncQueue(handle, { debounceMs: 1000 });
    await queue.prepare();

    const stripe = createStripeClient(
      {
        mode: 'emulator',
        secretKey: 'sk_test_bench',
        webhookSecret: WEBHOOK_SECRET,
        livemode: false,
        emulator: { host: '127.0.0.1', port: emulator.port, protocol: 'http' },
      },
      { maxNetworkRetries: 0 },
    );
    const { resolved } = await applyBilling(stripe, handle.db, billingConfig, { mode: 'emulator' });
    const prices = billingConfig.products.flatMap((product) => product.prices.map((price) => resolved.price.get(price.lookupKey)!));

    const customerIds = await createCustomers(handle, stripe, prices, options);
    options.log(`▸ reading the ${options.customers.toLocaleString('en')} customers' events from the emulator…`);
    const { events, warmUp } = await pickEvents(stripe, customerIds, options.events);
    return { emulator, handle, databaseUrl: scratch.url, stripe, queue, customerIds, events, warmUp, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** How many events customer `index` gets: `events` spread evenly, the first ones one more. */
function eventsFor(index: number, customers: number, events: number) {
  return Math.floor(events / customers) + (index < events % customers ? 1 : 0);
}

async function createCustomers(
  handle: DatabaseHandle,
  stripe: Stripe,
  prices: string[],
  options: { customers: number; events: number; log: (line: string) => void },
): Promise<string[]> {
  let done = 0;
  const progress = setInterval(
    () => options.log(`  ${done.toLocaleString('en')} of ${options.customers.toLocaleString('en')} customers set up`),
    10_000,
  );
  try {
    return await pool(
      Array.from({ length: options.customers }, (_, index) => async () => {
        const email = `bench-${index}@example.com`;
        const user = await upsertUserByEmail(handle.db, email);
        const customerId = await ensureStripeCustomer(handle.db, stripe, { id: user.id, email });
        const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customerId });
        await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: card.id } });
        const subscription = await stripe.subscriptions.create({
          customer: customerId,
          items: [{ price: prices[index % prices.length]! }],
        });
        // Enough changes that the customer has at least its share of handled events; the last
        // one leaves half the subscriptions canceling at the period's end.
        const updates = eventsFor(index, options.customers, options.events);
        for (let step = 1; step < updates; step++) await stripe.subscriptions.update(subscription.id, { metadata: { step: String(step) } });
        await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: index % 2 === 0 });
        done += 1;
        return customerId;
      }),
      8,
    );
  } finally {
    clearInterval(progress);
  }
}

async function pickEvents(stripe: Stripe, customerIds: string[], total: number) {
  const byCustomer = new Map<string, Stripe.Event[]>(customerIds.map((id) => [id, []]));
  const warmUp: Stripe.Event[] = [];
  for (const event of await allEvents(stripe)) {
    if (event.type === 'customer.created') warmUp.push(event);
    const customerId = isHandledEvent(event.type) ? customerOf(event) : null;
    if (customerId) byCustomer.get(customerId)?.push(event);
  }
  const events: Stripe.Event[] = [];
  customerIds.forEach((customerId, index) => {
    const want = eventsFor(index, customerIds.length, total);
    const mine = byCustomer.get(customerId) ?? [];
    if (mine.length < want) throw new Error(`customer ${customerId} has ${mine.length} events we act on; the bench needs ${want}`);
    events.push(...mine.slice(-want));
  });
  return { events, warmUp: warmUp.slice(0, 200) };
}

export interface Comparison {
  customers: number;
  subscriptions: number;
  /** One line per subscription (or missing/extra one) that differs. */
  differences: string[];
}

/** Every customer's subscriptions in our database against the emulator's (status, price, quantity, cancel at period end). */
export async function compareWithStripe(world: BenchWorld): Promise<Comparison> {
  const differences: string[] = [];
  let subscriptions = 0;
  await pool(
    world.customerIds.map((customerId) => async () => {
      const [stored, live] = await Promise.all([
        findSubscriptionsByCustomer(world.handle.db, customerId),
        world.stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 }),
      ]);
      subscriptions += live.data.length;
      for (const subscription of live.data) {
        const row = stored.find((candidate) => candidate.id === subscription.id);
        const item = subscription.items.data[0];
        if (!row) differences.push(`${customerId}: ${subscription.id} missing from our database`);
        else if (
          row.status !== subscription.status ||
          row.cancelAtPeriodEnd !== subscription.cancel_at_period_end ||
          row.priceId !== item?.price.id ||
          row.quantity !== (item?.quantity ?? 1)
        ) {
          differences.push(
            `${customerId}: ${subscription.id} differs (ours ${row.status}/${row.cancelAtPeriodEnd}, Stripe ${subscription.status}/${subscription.cancel_at_period_end})`,
          );
        }
      }
      for (const row of stored) {
        if (!live.data.some((subscription) => subscription.id === row.id)) differences.push(`${customerId}: ${row.id} is ours only`);
      }
    }),
    8,
  );
  return { customers: world.customerIds.length, subscriptions, differences };
}
