import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { count, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncCustomer } from '@/lib/billing/sync';
import { customerOf, handleWebhookRequest, MAX_WEBHOOK_BYTES } from '@/lib/billing/webhooks';
import { openDatabase, type Database } from '@/lib/db/client';
import { queueExecutor } from '@/lib/db/queue-sql';
import { customers, webhookEvents } from '@/lib/db/schema';
import { billingWorldFor, storedBilling, webhookEventRows } from '../support/billing';

// The webhook endpoint minus the framework (handleWebhookRequest): signature checks, recording
// each event once with a sync of its customer queued in the same transaction, no Stripe call in
// the request, and answers that make Stripe retry exactly when our side failed. Events are the
// emulator's own, signed here; the queue's workers run in this process when a test starts them.

const SECRET = 'whsec_portal_flows_integration';

const world = billingWorldFor();
afterEach(() => {
  vi.restoreAllMocks();
});

/** The newest event of this type about this object, as Stripe recorded it. */
async function latestEvent(type: Stripe.Event.Type, objectId: string): Promise<Stripe.Event> {
  const events = await world.stripe.events.list({ type, limit: 100 });
  const event = events.data.find((candidate) => (candidate.data.object as { id?: string }).id === objectId);
  if (!event) throw new Error(`no ${type} event for ${objectId}`);
  return event;
}

/** A delivery as Stripe makes it: the raw body and a Stripe-Signature header over it. */
function signed(event: Stripe.Event, options: { secret?: string; timestamp?: number } = {}) {
  const body = JSON.stringify(event);
  const signature = world.stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? SECRET,
    ...(options.timestamp !== undefined && { timestamp: options.timestamp }),
  });
  return { body, signature };
}

function deliver(delivery: { body: string; signature: string | null }, db: Database = world.db, secret: string | null = SECRET) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (delivery.signature !== null) headers['stripe-signature'] = delivery.signature;
  const request = new Request('http://localhost/api/stripe/webhook', { method: 'POST', headers, body: delivery.body });
  return handleWebhookRequest(request, { db, queue: world.queue, stripe: world.stripe, secret: secret ?? undefined });
}

/** Silences and returns the endpoint's error log, for the tests where errors are the point. */
const quietErrors = () => vi.spyOn(console, 'error').mockImplementation(() => {});

/** Syncs queued for this customer and not yet run. */
async function queuedSyncs(customerId: string) {
  const { rows } = await queueExecutor(world.handle).executeSql(
    `select count(*)::int as count from ${world.queue.schema}.job where name = 'sync-customer' and singleton_key = $1 and state < 'active'`,
    [customerId],
  );
  return Number(rows[0]?.count);
}

async function stripeCalls() {
  return ((await world.harness.control('GET', '/_emulator/requests')) as { total: number }).total;
}

/** A customer with a card and a Pro subscription, synced once, plus a cancel_at_period_end update in Stripe. */
async function subscriberWithPendingUpdate(label: string) {
  const customer = await world.newCustomer(label);
  const subscription = await world.subscribe(customer.customerId, 'pro_monthly');
  await syncCustomer(world.db, world.stripe, customer.customerId);
  await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
  const event = await latestEvent('customer.subscription.updated', subscription.id);
  return { customer, subscription, event };
}

/**
 * A body of `megabytes` of zeros made on demand, 64 KiB at a time, that counts what the endpoint
 * pulled from it: a refusal that reads the body whole would pull all of it.
 */
function streamedBody(megabytes: number) {
  const chunk = new Uint8Array(64 * 1024);
  const total = megabytes * 1024 * 1024;
  const stats = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stats.pulled >= total) return controller.close();
      stats.pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { body, stats };
}

function deliverStream(body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
  const request = new Request('http://localhost/api/stripe/webhook', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
  return handleWebhookRequest(request, { db: world.db, queue: world.queue, stripe: world.stripe, secret: SECRET });
}

describe('handleWebhookRequest caps what it reads (no row, no job, the body never read whole)', () => {
  it('300 MB with a Stripe-Signature header → 413 after reading just past the cap', async () => {
    const { body, stats } = streamedBody(300);
    const callsBefore = await stripeCalls();
    const started = performance.now();
    const response = await deliverStream(body, { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=0123' });
    expect(response.status).toBe(413);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(stats.pulled).toBeLessThanOrEqual(MAX_WEBHOOK_BYTES + 2 * 64 * 1024);
    expect(await stripeCalls()).toBe(callsBefore);
  });

  it('300 MB without a Stripe-Signature header → 400 before a byte is read', async () => {
    const { body, stats } = streamedBody(300);
    const response = await deliverStream(body, { 'content-type': 'application/json' });
    expect(response).toEqual({ status: 400, body: { error: 'Missing Stripe-Signature header' } });
    expect(stats.pulled).toBeLessThanOrEqual(64 * 1024);
  });

  it('neither refusal left a row or a queued job', async () => {
    const counts = async () => {
      const jobs = await queueExecutor(world.handle).executeSql(
        `select count(*)::int as count from ${world.queue.schema}.job where name = 'sync-customer'`,
        [],
      );
      const [events] = await world.db.select({ n: count() }).from(webhookEvents);
      return { jobs: Number(jobs.rows[0]?.count), events: events?.n };
    };
    const before = await counts();
    for (const headers of [{ 'stripe-signature': 't=1,v1=0123' }, {}] as Record<string, string>[])
      await deliverStream(streamedBody(5).body, headers);
    expect(await counts()).toEqual(before);
  });
});

describe('handleWebhookRequest refuses deliveries it cannot verify (400, nothing recorded)', () => {
  let event: Stripe.Event;
  beforeAll(async () => {
    ({ event } = await subscriberWithPendingUpdate('refused'));
  });

  it('no Stripe-Signature header → 400', async () => {
    const response = await deliver({ body: JSON.stringify(event), signature: null });
    expect(response).toEqual({ status: 400, body: { error: 'Missing Stripe-Signature header' } });
    expect(await webhookEventRows(world.db, event.id)).toEqual([]);
  });

  it('signed with another secret (forged) → 400', async () => {
    const response = await deliver(signed(event, { secret: 'whsec_someone_else' }));
    expect(response.status).toBe(400);
    expect(await webhookEventRows(world.db, event.id)).toEqual([]);
    // The reason is the SDK's, so whoever reads the endpoint's answer knows what to fix.
    expect(response.body).toEqual({
      error: expect.stringMatching(/^Invalid signature: No signatures found matching the expected signature/),
    });
  });

  it('a malformed header → 400', async () => {
    const response = await deliver({ body: JSON.stringify(event), signature: 'v1=deadbeef,not-a-timestamp' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: expect.stringMatching(/^Invalid signature: /) });
    expect(await webhookEventRows(world.db, event.id)).toEqual([]);
  });

  it('signed more than 300 s ago (a replay) → 400', async () => {
    const response = await deliver(signed(event, { timestamp: Math.floor(Date.now() / 1000) - 301 }));
    expect(response.status).toBe(400);
    expect(await webhookEventRows(world.db, event.id)).toEqual([]);
    expect(response.body).toEqual({ error: expect.stringContaining('Timestamp outside the tolerance zone') });
  });

  it('a body changed after signing → 400', async () => {
    const { body, signature } = signed(event);
    const tampered = body.replace(event.id, `${event.id}x`);
    expect(tampered).not.toBe(body);
    expect((await deliver({ body: tampered, signature })).status).toBe(400);
    expect(await webhookEventRows(world.db, `${event.id}x`)).toEqual([]);
  });

  it('no webhook secret configured → 500 (so Stripe keeps the event), nothing recorded', async () => {
    const log = quietErrors();
    const response = await deliver(signed(event), world.db, null);
    expect(response).toEqual({ status: 500, body: { error: 'Webhook secret not configured' } });
    expect(log).toHaveBeenCalled();
    expect(await webhookEventRows(world.db, event.id)).toEqual([]);
  });
});

describe('handleWebhookRequest records and queues, without calling Stripe', () => {
  it('customer.subscription.updated for our customer → 200 queued, the event recorded and one sync queued; no Stripe call', async () => {
    const { customer, event } = await subscriberWithPendingUpdate('updated');
    await world.harness.control('DELETE', '/_emulator/requests');

    expect(await deliver(signed(event))).toEqual({ status: 200, body: { received: true, outcome: 'queued' } });
    expect(await webhookEventRows(world.db, event.id)).toEqual([
      expect.objectContaining({
        type: 'customer.subscription.updated',
        stripeCustomerId: customer.customerId,
        outcome: 'queued',
        source: 'webhook',
        created: new Date(event.created * 1000),
      }),
    ]);
    expect(await queuedSyncs(customer.customerId)).toBe(1);
    expect(await stripeCalls()).toBe(0);
    // Not applied yet: that is the worker's job.
    expect((await storedBilling(world.db, customer.customerId)).subscriptions[0]?.cancelAtPeriodEnd).toBe(false);
  });

  it('the same event delivered twice → queued, then duplicate; one row, one queued sync', async () => {
    const { customer, event } = await subscriberWithPendingUpdate('twice');
    const delivery = signed(event);
    expect((await deliver(delivery)).body).toEqual({ received: true, outcome: 'queued' });
    expect(await deliver(delivery)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(await webhookEventRows(world.db, event.id)).toHaveLength(1);
    expect(await queuedSyncs(customer.customerId)).toBe(1);
  });

  it('the same event delivered 5 times at once → exactly one queued, four duplicate, one row', async () => {
    const { customer, event } = await subscriberWithPendingUpdate('five');
    const delivery = signed(event);
    const responses = await Promise.all(Array.from({ length: 5 }, () => deliver(delivery)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const outcomes = responses.map((response) => ('outcome' in response.body ? response.body.outcome : 'error'));
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'queued']);
    expect(await webhookEventRows(world.db, event.id)).toHaveLength(1);
    expect(await queuedSyncs(customer.customerId)).toBe(1);
  });

  it('several events for one customer while their sync is queued → all recorded, still one queued sync', async () => {
    const { customer, subscription, event } = await subscriberWithPendingUpdate('coalesced');
    await world.stripe.subscriptions.update(subscription.id, { metadata: { note: 'a' } });
    await world.stripe.customers.update(customer.customerId, { name: 'Renamed' });
    const more = [
      await latestEvent('customer.subscription.updated', subscription.id),
      await latestEvent('customer.updated', customer.customerId),
    ];
    expect(more[0]!.id).not.toBe(event.id);
    for (const next of [event, ...more]) expect((await deliver(signed(next))).body).toEqual({ received: true, outcome: 'queued' });
    expect(await queuedSyncs(customer.customerId)).toBe(1);
  });

  it('an event older than our last sync of its customer → recorded as already_synced, nothing queued', async () => {
    const { customer, event } = await subscriberWithPendingUpdate('already');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // A sync that began reading well after the event was created (its created + the margin).
    await world.db
      .update(customers)
      .set({ syncedAt: new Date(event.created * 1000 + 6_000) })
      .where(eq(customers.stripeCustomerId, customer.customerId));
    expect((await deliver(signed(event))).body).toEqual({ received: true, outcome: 'already_synced' });
    expect(await webhookEventRows(world.db, event.id)).toEqual([expect.objectContaining({ outcome: 'already_synced' })]);
    expect(await queuedSyncs(customer.customerId)).toBe(0);
  });

  it('payment_method.detached (the customer only in previous_attributes) → queued for that customer', async () => {
    const customer = await world.newCustomer('detached');
    const extra = await world.stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.customerId });
    await world.stripe.paymentMethods.detach(extra.id);
    const event = await latestEvent('payment_method.detached', extra.id);
    expect(customerOf(event)).toBe(customer.customerId);
    expect((await deliver(signed(event))).body).toEqual({ received: true, outcome: 'queued' });
    expect(await queuedSyncs(customer.customerId)).toBe(1);
  });

  it('an event about a Stripe customer that is not ours → 200 unknown_customer, recorded, nothing queued', async () => {
    const stranger = await world.stripe.customers.create({ email: 'stranger@example.com' });
    await world.stripe.customers.update(stranger.id, { name: 'Not one of ours' });
    const event = await latestEvent('customer.updated', stranger.id);

    expect(await deliver(signed(event))).toEqual({ status: 200, body: { received: true, outcome: 'unknown_customer' } });
    expect(await webhookEventRows(world.db, event.id)).toEqual([
      expect.objectContaining({ stripeCustomerId: stranger.id, outcome: 'unknown_customer' }),
    ]);
    expect(await queuedSyncs(stranger.id)).toBe(0);
    // Recorded, so a redelivery is a no-op too.
    expect((await deliver(signed(event))).body).toEqual({ received: true, outcome: 'duplicate' });
  });

  it('an event type we do not act on → 200 ignored, no row (a public emulator secret cannot grow the table)', async () => {
    const event = await latestEvent('product.created', world.setup.resolved.product.get('pro')!);
    await world.harness.control('DELETE', '/_emulator/requests');
    expect(await deliver(signed(event))).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
    expect(await deliver(signed(event))).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
    expect(await webhookEventRows(world.db, event.id)).toEqual([]);
    expect(await stripeCalls()).toBe(0);
  });

  it('the database unreachable → 500 without throwing, nothing queued; the redelivery once it is back → 200', async () => {
    const { customer } = await subscriberWithPendingUpdate('db-down');
    await world.stripe.customers.update(customer.customerId, { name: 'Renamed while the database was down' });
    const event = await latestEvent('customer.updated', customer.customerId);
    const delivery = signed(event);

    // A PostgreSQL server that is not there: a port that was free a moment ago, so connecting is refused.
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/portal_flows`;
    const down = openDatabase({ kind: 'postgres', url, maxConnections: 1 });
    const log = quietErrors();
    expect(await deliver(delivery, down.db)).toEqual({
      status: 500,
      body: { error: 'Could not process the event; it will be retried' },
    });
    expect(log).toHaveBeenCalled();
    await down.close();

    expect(await deliver(delivery)).toEqual({ status: 200, body: { received: true, outcome: 'queued' } });
    expect(await webhookEventRows(world.db, event.id)).toHaveLength(1);
  });
});

/** A loopback port nothing listens on: bound by the system's choice, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
