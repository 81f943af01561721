import type Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { catchUp } from '@/lib/billing/catch-up';
import { StripeBudget } from '@/lib/billing/stripe-budget';
import { createStripeClient } from '@/lib/billing/stripe-client';
import { syncCustomer } from '@/lib/billing/sync';
import type { SyncWorkerOptions } from '@/lib/billing/sync-queue';
import { recordStripeEvent } from '@/lib/billing/webhooks';
import { queueExecutor } from '@/lib/db/queue-sql';
import { expectStoredMatchesStripe, startBillingWorld, storedBilling, webhookEventRows, type BillingWorld } from '../support/billing';

// The sync queue with its workers running in this process, on the run's database (PGlite, or
// PostgreSQL in CI's second pass), against the emulator: coalescing, one sync of a customer at a
// time, retries, Stripe's rate limit and the catch-up. Syncs are counted from the emulator's
// request log: each sync reads the customer once (GET /v1/customers/:id).

type SyncRecord = Parameters<NonNullable<SyncWorkerOptions['onSync']>>[0];

/** Each world gets its own emulator, so its request log counts only its own syncs. */
async function worldWithWorkers(options: { debounceMs?: number; workers?: number; stripe?: (world: BillingWorld) => Stripe } = {}) {
  const world = await startBillingWorld({ queue: { debounceMs: options.debounceMs ?? 200 } });
  const syncs: SyncRecord[] = [];
  await world.startWorkers({
    workers: options.workers ?? 3,
    stripe: options.stripe?.(world),
    onSync: (sync) => syncs.push(sync),
  });
  return { world, syncs };
}

async function requestLog(world: BillingWorld) {
  return (await world.harness.control('GET', '/_emulator/requests')) as {
    total: number;
    counts: Record<string, number>;
    requests: { method: string; path: string; status: number | null }[];
  };
}

/** How many times the customer was read from Stripe, i.e. synced, since the log was cleared. */
async function syncsOf(world: BillingWorld, customerId: string) {
  return (await requestLog(world)).counts[`GET /v1/customers/${customerId}`] ?? 0;
}

/** Events the emulator recorded for this customer since `after` (an event id), oldest first. */
async function eventsFor(world: BillingWorld, customerId: string): Promise<Stripe.Event[]> {
  const events: Stripe.Event[] = [];
  for await (const event of world.stripe.events.list({ limit: 100 })) {
    const object = event.data.object as { id?: string; customer?: unknown; object?: string };
    if (object.customer === customerId || (object.object === 'customer' && object.id === customerId)) events.push(event);
  }
  return events.reverse();
}

function deliverAll(world: BillingWorld, events: Stripe.Event[]) {
  return Promise.all(events.map((event) => recordStripeEvent(world.db, world.queue, event)));
}

function overlapping(syncs: SyncRecord[]) {
  const sorted = [...syncs].sort((a, b) => a.startedAt - b.startedAt);
  return sorted.filter((sync, index) => index > 0 && sync.startedAt < sorted[index - 1]!.endedAt);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('coalescing', () => {
  let world: BillingWorld;
  let syncs: SyncRecord[];
  beforeAll(async () => {
    // The default debounce, one second, as the app runs it.
    ({ world, syncs } = await worldWithWorkers({ debounceMs: 1000 }));
  });
  afterAll(async () => {
    await world?.close();
  });

  it('50 events for one customer delivered within a second → at most 2 syncs, and the database equals Stripe', async () => {
    const customer = await world.newCustomer('burst');
    const subscription = await world.subscribe(customer.customerId, 'pro_monthly');
    for (let step = 0; step < 49; step++) await world.stripe.subscriptions.update(subscription.id, { metadata: { step: String(step) } });
    await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const events = (await eventsFor(world, customer.customerId)).filter((event) => event.type === 'customer.subscription.updated');
    expect(events).toHaveLength(50);
    await world.harness.control('DELETE', '/_emulator/requests');

    const started = performance.now();
    const outcomes = await deliverAll(world, events);
    // The premise: the burst arrives within about one debounce (half again on a loaded 2-core machine).
    expect(performance.now() - started).toBeLessThan(1500);
    expect(new Set(outcomes)).toEqual(new Set(['queued']));

    await world.drained();
    const count = await syncsOf(world, customer.customerId);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(2);
    expect((await expectStoredMatchesStripe(world.db, world.stripe, subscription.id)).stored.cancelAtPeriodEnd).toBe(true);
  });

  it('an event that arrives while its customer is being synced → exactly one more sync, after the first ends', async () => {
    const customer = await world.newCustomer('mid-sync');
    const subscription = await world.subscribe(customer.customerId, 'pro_monthly');
    await syncCustomer(world.db, world.stripe, customer.customerId);
    syncs.length = 0;

    // The next sync's customer read is held 2.5 s: events arrive while it runs.
    await world.fault({ path: `/v1/customers/${customer.customerId}`, method: 'GET', count: 1, kind: 'hang', hangMs: 2500 });
    await world.stripe.subscriptions.update(subscription.id, { metadata: { before: 'sync' } });
    const [first] = (await eventsFor(world, customer.customerId)).slice(-1);
    expect(await recordStripeEvent(world.db, world.queue, first!)).toBe('queued');
    // Wait until the first sync is under way (its customer read is being held).
    await vi.waitFor(
      async () => {
        const log = await requestLog(world);
        expect(log.requests.some((request) => request.path === `/v1/customers/${customer.customerId}` && request.status === null)).toBe(
          true,
        );
      },
      { timeout: 5000, interval: 50 },
    );
    await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await world.stripe.customers.update(customer.customerId, { name: 'During the sync' });
    const during = (await eventsFor(world, customer.customerId)).slice(-2);
    expect((await deliverAll(world, during)).sort()).toEqual(['queued', 'queued']);

    await world.drained();
    const mine = syncs.filter((sync) => sync.customerId === customer.customerId);
    expect(mine).toHaveLength(2);
    expect(overlapping(mine)).toEqual([]);
    expect(mine[1]!.startedAt).toBeGreaterThanOrEqual(mine[0]!.endedAt);
    const stored = await storedBilling(world.db, customer.customerId);
    expect(stored.subscriptions[0]?.cancelAtPeriodEnd).toBe(true);
  });
});

describe('failures', () => {
  it('a sync whose Stripe read fails midway (500) → the job is retried with backoff and applied', async () => {
    const { world } = await worldWithWorkers();
    try {
      const customer = await world.newCustomer('fails-midway');
      const subscription = await world.subscribe(customer.customerId, 'pro_monthly');
      await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
      // The client has no retries of its own here: the failure reaches the job.
      await world.fault({ path: '/v1/subscriptions', method: 'GET', count: 1, kind: '500' });
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const [event] = (await eventsFor(world, customer.customerId)).slice(-1);
      expect(await recordStripeEvent(world.db, world.queue, event!)).toBe('queued');

      await world.drained(30_000);
      expect((await expectStoredMatchesStripe(world.db, world.stripe, subscription.id)).stored.cancelAtPeriodEnd).toBe(true);
      const { rows } = await queueExecutor(world.handle).executeSql(
        `select state::text as state, retry_count from ${world.queue.schema}.job where name = 'sync-customer' and singleton_key = $1`,
        [customer.customerId],
      );
      expect(rows).toEqual([{ state: 'completed', retry_count: 1 }]);
    } finally {
      await world.close();
    }
  }, 45_000);

  it('a 429 storm (Stripe allowing 4 requests a second) → syncs are delayed, none is lost, no job fails', async () => {
    const { world } = await worldWithWorkers({
      workers: 4,
      // The app's client: within a budget that believes it may send 20 a second, and backs off.
      stripe: (w) =>
        createStripeClient(
          {
            mode: 'emulator',
            secretKey: 'sk_test_storm',
            webhookSecret: undefined,
            livemode: false,
            emulator: { host: '127.0.0.1', port: w.harness.port, protocol: 'http' },
          },
          { maxNetworkRetries: 0, budget: new StripeBudget({ requestsPerSecond: 20, backoffMs: 200, maxBackoffMs: 1000 }) },
        ),
    });
    try {
      const subscriptions: string[] = [];
      const events: Stripe.Event[] = [];
      for (let index = 0; index < 8; index++) {
        const customer = await world.newCustomer(`storm-${index}`);
        const subscription = await world.subscribe(customer.customerId, 'starter_monthly');
        await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: index % 2 === 0 });
        subscriptions.push(subscription.id);
        events.push(...(await eventsFor(world, customer.customerId)).slice(-1));
      }
      await world.harness.control('DELETE', '/_emulator/requests');
      world.harness.emulator.realism.configure({ rateLimit: 4 });

      await deliverAll(world, events);
      await world.drained(60_000);
      world.harness.emulator.realism.configure({ rateLimit: 0 });

      const log = await requestLog(world);
      expect(log.requests.filter((request) => request.status === 429).length).toBeGreaterThan(0);
      const status = await world.queue.status();
      expect(status).toMatchObject({ queued: 0, active: 0, failed: 0 });
      for (const id of subscriptions) await expectStoredMatchesStripe(world.db, world.stripe, id);
    } finally {
      await world.close();
    }
  }, 90_000);
});

describe('catch-up', () => {
  it('restores a customer whose events were never delivered, and records nothing twice', async () => {
    const { world } = await worldWithWorkers();
    try {
      const customer = await world.newCustomer('missed');
      const subscription = await world.subscribe(customer.customerId, 'pro_monthly');
      await syncCustomer(world.db, world.stripe, customer.customerId);
      // The endpoint was down: these changes' events never reached us.
      await world.stripe.subscriptions.update(subscription.id, {
        items: [{ id: subscription.items.data[0]!.id, price: world.priceId('team_monthly') }],
      });
      await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
      const missed = (await eventsFor(world, customer.customerId)).filter((event) => event.type === 'customer.subscription.updated');
      expect((await storedBilling(world.db, customer.customerId)).subscriptions[0]?.priceId).toBe(world.priceId('pro_monthly'));

      const result = await catchUp(world.db, world.stripe, world.queue, { since: new Date(Date.now() - 10 * 60_000) });
      expect(result.read).toBeGreaterThanOrEqual(missed.length);
      expect(result.recorded.queued).toBeGreaterThanOrEqual(1);
      for (const event of missed) {
        expect(await webhookEventRows(world.db, event.id)).toEqual([expect.objectContaining({ source: 'catch_up' })]);
      }

      await world.drained();
      const { stored } = await expectStoredMatchesStripe(world.db, world.stripe, subscription.id);
      expect(stored).toMatchObject({ priceId: world.priceId('team_monthly'), cancelAtPeriodEnd: true });

      // Again: the cursor moved on, and everything it reads again is already recorded.
      const again = await catchUp(world.db, world.stripe, world.queue);
      expect(again.recorded).toEqual({});
      expect(again.cursor.getTime()).toBeGreaterThanOrEqual(result.cursor.getTime());
    } finally {
      await world.close();
    }
  });
});
