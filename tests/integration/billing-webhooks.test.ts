import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { syncCustomer } from '@/lib/billing/sync';
import { customerOf, handleWebhook, type WebhookResponse } from '@/lib/billing/webhooks';
import { openDatabase } from '@/lib/db/client';
import {
  EMULATOR_WEBHOOK_SECRET,
  eventually,
  expectStoredMatchesStripe,
  startBillingWorld,
  storedBilling,
  webhookEventRows,
  type BillingWorld,
  type TestCustomer,
} from '../support/billing';

// The webhook endpoint minus HTTP (handleWebhook): signature checks, recording each event
// once, re-reading Stripe instead of trusting the payload, and answering so that Stripe
// retries exactly when our side failed. Events are the emulator's own, signed here.

const SECRET = 'whsec_portal_flows_integration';

let world: BillingWorld;
beforeAll(async () => {
  world = await startBillingWorld();
});
afterAll(async () => {
  await world?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The newest event of this type about this object, as Stripe recorded it. */
async function latestEvent(type: string, objectId: string): Promise<Stripe.Event> {
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

function deliver(delivery: { body: string; signature: string | null }, db = world.db): Promise<WebhookResponse> {
  return handleWebhook(db, world.stripe, { ...delivery, secret: SECRET });
}

/** Silences and returns the endpoint's error log, for the tests where errors are the point. */
const quietErrors = () => vi.spyOn(console, 'error').mockImplementation(() => {});

/** A customer with a card and a Pro subscription, synced once, plus a cancel_at_period_end update in Stripe. */
async function subscriberWithPendingUpdate(label: string) {
  const customer = await world.newCustomer(label);
  const subscription = await world.subscribe(customer.customerId, 'pro_monthly');
  await syncCustomer(world.db, world.stripe, customer.customerId);
  await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
  const event = await latestEvent('customer.subscription.updated', subscription.id);
  return { customer, subscription, event };
}

describe('handleWebhook refuses deliveries it cannot verify (400, nothing recorded)', () => {
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
    const response = await handleWebhook(world.db, world.stripe, { ...signed(event), secret: undefined });
    expect(response).toEqual({ status: 500, body: { error: 'Webhook secret not configured' } });
    expect(log).toHaveBeenCalled();
    expect(await webhookEventRows(world.db, event.id)).toEqual([]);
  });
});

describe('handleWebhook applies verified events', () => {
  it('customer.subscription.updated for our customer → 200 synced, the event recorded, and our row matches Stripe', async () => {
    const { customer, subscription, event } = await subscriberWithPendingUpdate('updated');
    expect((await storedBilling(world.db, customer.customerId)).subscriptions[0]?.cancelAtPeriodEnd).toBe(false);

    expect(await deliver(signed(event))).toEqual({ status: 200, body: { received: true, outcome: 'synced' } });
    expect(await webhookEventRows(world.db, event.id)).toEqual([
      expect.objectContaining({
        type: 'customer.subscription.updated',
        stripeCustomerId: customer.customerId,
        outcome: 'synced',
        created: new Date(event.created * 1000),
      }),
    ]);
    const { stored } = await expectStoredMatchesStripe(world.db, world.stripe, subscription.id);
    expect(stored.cancelAtPeriodEnd).toBe(true);
  });

  it('the same event delivered twice → synced, then duplicate; one row', async () => {
    const { event } = await subscriberWithPendingUpdate('twice');
    const delivery = signed(event);
    expect((await deliver(delivery)).body).toEqual({ received: true, outcome: 'synced' });
    expect(await deliver(delivery)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(await webhookEventRows(world.db, event.id)).toHaveLength(1);
  });

  it('the same event delivered 5 times at once → exactly one synced, four duplicate, one row', async () => {
    const { subscription, event } = await subscriberWithPendingUpdate('five');
    const delivery = signed(event);
    const responses = await Promise.all(Array.from({ length: 5 }, () => deliver(delivery)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    const outcomes = responses.map((response) => ('outcome' in response.body ? response.body.outcome : 'error'));
    expect(outcomes.sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'synced']);
    expect(await webhookEventRows(world.db, event.id)).toHaveLength(1);
    await expectStoredMatchesStripe(world.db, world.stripe, subscription.id);
  });

  it('an updated event arriving after the subscription was canceled → still canceled in our database', async () => {
    const { customer, subscription, event: staleUpdate } = await subscriberWithPendingUpdate('late');
    await world.stripe.subscriptions.cancel(subscription.id);
    const deleted = await latestEvent('customer.subscription.deleted', subscription.id);

    // Stripe does not promise order: the deletion arrives first, the older update after it.
    expect((await deliver(signed(deleted))).body).toEqual({ received: true, outcome: 'synced' });
    expect((await deliver(signed(staleUpdate))).body).toEqual({ received: true, outcome: 'synced' });
    // The stale payload says "active, cancel at period end"; Stripe says canceled, and so do we.
    expect((staleUpdate.data.object as Stripe.Subscription).status).toBe('active');
    const [row] = (await storedBilling(world.db, customer.customerId)).subscriptions;
    expect(row).toMatchObject({ id: subscription.id, status: 'canceled', endedAt: expect.any(Date) });
  });

  it('payment_method.detached (the customer only in previous_attributes) → synced, and the card is gone', async () => {
    const customer = await world.newCustomer('detached');
    const extra = await world.stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.customerId });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    expect((await storedBilling(world.db, customer.customerId)).paymentMethods).toHaveLength(2);

    await world.stripe.paymentMethods.detach(extra.id);
    const event = await latestEvent('payment_method.detached', extra.id);
    expect(customerOf(event)).toBe(customer.customerId);
    expect((await deliver(signed(event))).body).toEqual({ received: true, outcome: 'synced' });
    expect((await storedBilling(world.db, customer.customerId)).paymentMethods.map((method) => method.id)).toEqual([
      customer.cardId,
    ]);
  });

  it('an event about a Stripe customer that is not ours → 200 unknown_customer, recorded, nothing else written', async () => {
    const stranger = await world.stripe.customers.create({ email: 'stranger@example.com' });
    await world.stripe.customers.update(stranger.id, { name: 'Not one of ours' });
    const event = await latestEvent('customer.updated', stranger.id);

    expect(await deliver(signed(event))).toEqual({ status: 200, body: { received: true, outcome: 'unknown_customer' } });
    expect(await webhookEventRows(world.db, event.id)).toEqual([
      expect.objectContaining({ stripeCustomerId: stranger.id, outcome: 'unknown_customer' }),
    ]);
    expect(await storedBilling(world.db, stranger.id)).toEqual({ customer: null, subscriptions: [], paymentMethods: [] });
    // Recorded, so a redelivery is a no-op too.
    expect((await deliver(signed(event))).body).toEqual({ received: true, outcome: 'duplicate' });
  });

  it('an event type we do not act on → 200 ignored, recorded, and Stripe is not asked anything', async () => {
    const event = await latestEvent('product.created', world.setup.resolved.product.get('pro')!);
    await world.harness.control('DELETE', '/_emulator/requests');
    expect(await deliver(signed(event))).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
    expect(await webhookEventRows(world.db, event.id)).toEqual([
      expect.objectContaining({ type: 'product.created', stripeCustomerId: null, outcome: 'ignored' }),
    ]);
    expect(((await world.harness.control('GET', '/_emulator/requests')) as { total: number }).total).toBe(0);
  });
});

describe('handleWebhook when our side fails (500, nothing recorded, so Stripe redelivers)', () => {
  let pending: { customer: TestCustomer; subscription: Stripe.Subscription; event: Stripe.Event };
  beforeAll(async () => {
    pending = await subscriberWithPendingUpdate('failing');
  });

  it('Stripe failing while the event is synced → 500, the transaction rolls back; the redelivery → 200 synced', async () => {
    const { customer, subscription, event } = pending;
    const delivery = signed(event);
    await world.fault({ path: '/v1/customers/:id', method: 'GET', count: 1, kind: '500' });
    const log = quietErrors();

    expect(await deliver(delivery)).toEqual({ status: 500, body: { error: 'Could not process the event; it will be retried' } });
    expect(log.mock.calls[0]?.[0]).toContain(event.id);
    expect(await webhookEventRows(world.db, event.id)).toEqual([]);
    expect((await storedBilling(world.db, customer.customerId)).subscriptions[0]?.cancelAtPeriodEnd).toBe(false);

    expect(await deliver(delivery)).toEqual({ status: 200, body: { received: true, outcome: 'synced' } });
    expect(await webhookEventRows(world.db, event.id)).toHaveLength(1);
    expect((await expectStoredMatchesStripe(world.db, world.stripe, subscription.id)).stored.cancelAtPeriodEnd).toBe(true);
  });

  it('the database unreachable → 500 without throwing; the redelivery once it is back → 200', async () => {
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

    expect(await deliver(delivery)).toEqual({ status: 200, body: { received: true, outcome: 'synced' } });
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

/** A local HTTP endpoint that hands each delivery to `handle` and answers with its status. */
async function startWebhookEndpoint(handle: (body: string, signature: string | null) => Promise<WebhookResponse>) {
  const inFlight = new Set<Promise<unknown>>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const signature = req.headers['stripe-signature'];
      const work = handle(Buffer.concat(chunks).toString('utf8'), typeof signature === 'string' ? signature : null)
        .then((response) => {
          res.writeHead(response.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(response.body));
        })
        .catch(() => res.writeHead(500).end())
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/stripe/webhook`,
    /** Waits for the deliveries being handled, then stops listening. */
    async close() {
      await Promise.allSettled([...inFlight]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

describe('the emulator’s own signed deliveries to an endpoint that calls handleWebhook', () => {
  let live: BillingWorld;
  let endpoint: Awaited<ReturnType<typeof startWebhookEndpoint>>;

  beforeAll(async () => {
    // Deliveries made while billing is being set up wait until the world exists.
    let ready!: (world: BillingWorld) => void;
    const started = new Promise<BillingWorld>((resolve) => (ready = resolve));
    endpoint = await startWebhookEndpoint(async (body, signature) => {
      const { db, stripe } = await started;
      return handleWebhook(db, stripe, { body, signature, secret: EMULATOR_WEBHOOK_SECRET });
    });
    // The file's database, with a second emulator that delivers its events.
    live = await startBillingWorld({
      database: world.handle,
      emulator: { webhookUrl: endpoint.url, webhookRetry: { initialDelayMs: 100, maxAttempts: 4 } },
    });
    ready(live);
  });
  afterAll(async () => {
    await live?.stopEmulator();
    await endpoint?.close();
    await live?.close();
  });

  /** Every event the emulator recorded has been answered 2xx. */
  const allDelivered = (world: BillingWorld) =>
    world.harness.emulator.store.events.values().every((event) => event.pending_webhooks === 0);
  const storedSubscription = async (customerId: string, id: string) =>
    (await storedBilling(live.db, customerId)).subscriptions.find((row) => row.id === id);

  it('a subscription created and then canceled through the SDK → our database follows, without calling syncCustomer', async () => {
    const customer = await live.newCustomer('delivered');
    const subscription = await live.subscribe(customer.customerId, 'team_monthly');
    await eventually(async () => (await storedSubscription(customer.customerId, subscription.id))?.status === 'active');

    await live.stripe.subscriptions.cancel(subscription.id);
    const deleted = (await live.stripe.events.list({ type: 'customer.subscription.deleted', limit: 10 })).data.find(
      (event) => (event.data.object as { id: string }).id === subscription.id,
    );
    // Once the customer.subscription.deleted delivery has been applied, our row says canceled.
    const [recorded] = await eventually(async () => {
      const rows = await webhookEventRows(live.db, deleted!.id);
      return rows.length > 0 ? rows : undefined;
    }, 10_000, 'the customer.subscription.deleted delivery');
    expect(recorded).toMatchObject({ stripeCustomerId: customer.customerId, outcome: 'synced' });
    expect(await storedSubscription(customer.customerId, subscription.id)).toMatchObject({
      status: 'canceled',
      productName: 'Team',
      endedAt: expect.any(Date),
    });
  });

  it('a delivery that fails on our side (Stripe read error) → answered 500, retried by the emulator, then applied', async () => {
    const customer = await live.newCustomer('retried');
    const subscription = await live.subscribe(customer.customerId, 'starter_monthly');
    await eventually(async () => (await storedSubscription(customer.customerId, subscription.id))?.status === 'active');
    // Let the deliveries caused so far finish before arming the fault.
    await eventually(async () => allDelivered(live), 10_000, 'the earlier deliveries');
    const log = quietErrors();

    await live.fault({ path: '/v1/customers/:id', method: 'GET', count: 1, kind: '500' });
    await live.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const updated = (await live.stripe.events.list({ type: 'customer.subscription.updated', limit: 10 })).data.find(
      (event) => (event.data.object as { id: string }).id === subscription.id,
    )!;
    const attemptsFor = () => live.harness.emulator.webhooks.attempts.filter((attempt) => attempt.event === updated.id);
    await eventually(async () => attemptsFor().some((attempt) => attempt.status === 200), 10_000, 'a successful redelivery');

    expect(attemptsFor().map((attempt) => attempt.status)).toEqual([500, 200]);
    expect((await storedSubscription(customer.customerId, subscription.id))?.cancelAtPeriodEnd).toBe(true);
    expect(log).toHaveBeenCalled();
    expect(await webhookEventRows(live.db, updated.id)).toEqual([expect.objectContaining({ outcome: 'synced' })]);
  });
});
