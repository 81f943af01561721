import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCustomer } from '@/lib/billing/sync';
import type { SyncWorkerOptions } from '@/lib/billing/sync-queue';
import { ALREADY_SYNCED_MARGIN_MS, needsSync, recordStripeEvent } from '@/lib/billing/webhooks';
import { customers, webhookEvents } from '@/lib/db/schema';
import { type BillingWorld, billingWorldFor, expectStoredMatchesStripe, startBillingWorld } from '../support/billing';

// A queued sync whose customer another sync has covered since its events arrived ends without
// calling Stripe (needsSync, lib/billing/webhooks.ts): on the run's database (PGlite, or
// PostgreSQL in CI's second pass), against the emulator. Stripe reads counted from its request log.

const world = billingWorldFor();

const seconds = (n: number) => n * 1000;

/** A known customer synced at `syncedAt` (null: never), with events recorded as given. */
async function customerWith(label: string, syncedAt: Date | null, events: { receivedAt: Date; created: Date }[]) {
  const { customerId } = await world.newCustomer(label, { card: false });
  await world.db.update(customers).set({ syncedAt }).where(eq(customers.stripeCustomerId, customerId));
  for (const [index, event] of events.entries()) {
    await world.db.insert(webhookEvents).values({
      id: `evt_${label}_${index}_${Date.now()}`,
      type: 'customer.subscription.updated',
      stripeCustomerId: customerId,
      outcome: 'queued',
      ...event,
    });
  }
  return customerId;
}

describe('needsSync', () => {
  const synced = new Date('2026-11-30T10:00:00Z');
  const at = (offsetMs: number) => new Date(synced.getTime() + offsetMs);

  it('another customer’s events, however new, do not count', async () => {
    await customerWith('other', null, [{ receivedAt: at(seconds(60)), created: at(seconds(60)) }]);
    expect(await needsSync(world.db, await customerWith('quiet', synced, []))).toBe(false);
  });

  it('a customer never synced → needs it, with or without events', async () => {
    expect(await needsSync(world.db, await customerWith('never', null, []))).toBe(true);
  });

  it('synced, and every event arrived before that sync began → covered', async () => {
    const id = await customerWith('before', synced, [{ receivedAt: at(-1), created: at(-seconds(1)) }]);
    expect(await needsSync(world.db, id)).toBe(false);
  });

  it('an event that arrived after the sync began but happened well before it (by Stripe’s clock, beyond the margin) → covered', async () => {
    const id = await customerWith('late-old', synced, [
      { receivedAt: at(seconds(2)), created: at(-ALREADY_SYNCED_MARGIN_MS - seconds(1)) },
    ]);
    expect(await needsSync(world.db, id)).toBe(false);
  });

  it('an event that arrived after the sync began and happened within the margin of it → needs a sync', async () => {
    const id = await customerWith('late-new', synced, [
      { receivedAt: at(-seconds(1)), created: at(-seconds(60)) },
      { receivedAt: at(seconds(2)), created: at(-ALREADY_SYNCED_MARGIN_MS + seconds(1)) },
    ]);
    expect(await needsSync(world.db, id)).toBe(true);
  });

  it('an event that arrived at the very moment the sync began → needs a sync (the read may have missed it)', async () => {
    const id = await customerWith('same-moment', synced, [{ receivedAt: synced, created: synced }]);
    expect(await needsSync(world.db, id)).toBe(true);
  });

  it('a Stripe customer that is not ours → left to the sync (which reports it unknown)', async () => {
    expect(await needsSync(world.db, 'cus_not_ours')).toBe(true);
  });
});

describe('sync workers skip what another sync has covered', () => {
  type SyncRecord = Parameters<NonNullable<SyncWorkerOptions['onSync']>>[0];
  let workerWorld: BillingWorld;
  const syncs: SyncRecord[] = [];
  beforeAll(async () => {
    // A debounce long enough for a landing page's inline sync to come first.
    workerWorld = await startBillingWorld({ queue: { debounceMs: 1500 } });
    await workerWorld.startWorkers({ workers: 2, onSync: (sync) => syncs.push(sync) });
  });
  afterAll(async () => {
    await workerWorld?.close();
  });

  async function lastEventOf(customerId: string): Promise<Stripe.Event> {
    for await (const event of workerWorld.stripe.events.list({ limit: 100 })) {
      if ((event.data.object as { customer?: unknown }).customer === customerId) return event;
    }
    throw new Error(`no event for ${customerId}`);
  }
  const customerReads = async (customerId: string) =>
    ((await workerWorld.harness.control('GET', '/_emulator/requests')) as { counts: Record<string, number> }).counts[
      `GET /v1/customers/${customerId}`
    ] ?? 0;

  it('a webhook’s queued sync, then the landing page’s inline sync → the queued one ends without reading Stripe', async () => {
    const customer = await workerWorld.newCustomer('inline-first');
    const subscription = await workerWorld.subscribe(customer.customerId, 'pro_monthly');
    await workerWorld.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(await recordStripeEvent(workerWorld.db, workerWorld.queue, await lastEventOf(customer.customerId))).toBe('queued');
    // The customer lands on a page that syncs inline while the job waits out its debounce.
    await syncCustomer(workerWorld.db, workerWorld.stripe, customer.customerId);
    await workerWorld.harness.control('DELETE', '/_emulator/requests');

    await workerWorld.drained();
    expect(await customerReads(customer.customerId)).toBe(0);
    expect(syncs.filter((sync) => sync.customerId === customer.customerId)).toEqual([]);
    expect((await expectStoredMatchesStripe(workerWorld.db, workerWorld.stripe, subscription.id)).stored.cancelAtPeriodEnd).toBe(true);
  });

  it('a change made after that inline sync, and its event → the queued sync runs and brings it in', async () => {
    const customer = await workerWorld.newCustomer('changed-after');
    const subscription = await workerWorld.subscribe(customer.customerId, 'pro_monthly');
    await syncCustomer(workerWorld.db, workerWorld.stripe, customer.customerId);
    await workerWorld.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await workerWorld.harness.control('DELETE', '/_emulator/requests');
    expect(await recordStripeEvent(workerWorld.db, workerWorld.queue, await lastEventOf(customer.customerId))).toBe('queued');

    await workerWorld.drained();
    expect(await customerReads(customer.customerId)).toBe(1);
    expect(syncs.filter((sync) => sync.customerId === customer.customerId)).toHaveLength(1);
    expect((await expectStoredMatchesStripe(workerWorld.db, workerWorld.stripe, subscription.id)).stored.cancelAtPeriodEnd).toBe(true);
  });
});
