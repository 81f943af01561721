import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Harness } from '../src/testing.js';

// Signed webhook delivery: to endpoints created through the API (each with its own secret) and to
// the configured default URL, verified the way an app verifies them, with retries on failure.

interface Delivery {
  readonly body: string;
  readonly headers: IncomingHttpHeaders;
}

interface Receiver {
  readonly url: string;
  readonly deliveries: Delivery[];
  /** Resolves once `count` deliveries have arrived. */
  waitFor(count: number): Promise<Delivery[]>;
  close(): Promise<void>;
}

/** A local HTTP receiver that answers with `statuses` in turn (then 200). */
async function startReceiver(statuses: number[] = []): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
      for (const waiter of waiters.filter((w) => deliveries.length >= w.count)) waiter.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    deliveries,
    waitFor(count) {
      if (deliveries.length >= count) return Promise.resolve(deliveries);
      return new Promise((resolve) => waiters.push({ count, resolve: () => resolve(deliveries) }));
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(options: Parameters<typeof startEmulator>[0] = {}): Promise<Harness> {
  const harness = await startEmulator(options);
  cleanups.push(() => harness.close());
  return harness;
}

async function receiver(statuses?: number[]): Promise<Receiver> {
  const started = await startReceiver(statuses);
  cleanups.push(() => started.close());
  return started;
}

describe('webhook delivery', () => {
  it('posts events to the default URL signed with the default secret', async () => {
    const app = await receiver();
    const { stripe } = await setUp({ webhookUrl: app.url, webhookSecret: 'whsec_test_default' });
    const customer = await stripe.customers.create({ email: 'hook@example.com' });

    const [delivery] = await app.waitFor(1);
    const event = stripe.webhooks.constructEvent(delivery!.body, delivery!.headers['stripe-signature'] as string, 'whsec_test_default');
    expect(event.type).toBe('customer.created');
    expect(event.data.object).toMatchObject({ id: customer.id, email: 'hook@example.com' });
    expect(event.request?.id).toBe(customer.lastResponse.requestId);
    expect(() => stripe.webhooks.constructEvent(delivery!.body, delivery!.headers['stripe-signature'] as string, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it('posts to endpoints created through the API with their own secrets and event filters', async () => {
    const everything = await receiver();
    const subscriptionsOnly = await receiver();
    const { stripe } = await setUp();
    const all = await stripe.webhookEndpoints.create({ url: everything.url, enabled_events: ['*'] });
    const filtered = await stripe.webhookEndpoints.create({
      url: subscriptionsOnly.url,
      enabled_events: ['customer.updated'],
    });
    expect(all.secret).toMatch(/^whsec_/);
    expect(filtered.secret).not.toBe(all.secret);

    const customer = await stripe.customers.create();
    await stripe.customers.update(customer.id, { name: 'Renamed', metadata: { plan: 'pro' } });

    const [, update] = await everything.waitFor(2);
    const [only] = await subscriptionsOnly.waitFor(1);
    const updated = stripe.webhooks.constructEvent(only!.body, only!.headers['stripe-signature'] as string, filtered.secret!);
    expect(updated.type).toBe('customer.updated');
    expect(updated.data.previous_attributes).toEqual({ name: null, metadata: {} });
    const fromAll = stripe.webhooks.constructEvent(update!.body, update!.headers['stripe-signature'] as string, all.secret!);
    expect(fromAll.id).toBe(updated.id);
    expect(subscriptionsOnly.deliveries).toHaveLength(1);
  });

  it('retries a failing receiver with backoff until it answers 2xx', async () => {
    const flaky = await receiver([500, 503]);
    const harness = await setUp({
      webhookUrl: flaky.url,
      webhookRetry: { initialDelayMs: 20, maxAttempts: 5, timeoutMs: 1_000 },
    });
    const customer = await harness.stripe.customers.create();

    const deliveries = await flaky.waitFor(3);
    const ids = deliveries.map((delivery) => (JSON.parse(delivery.body) as Stripe.Event).id);
    expect(new Set(ids).size).toBe(1);
    const attempts = harness.emulator.webhooks.attempts;
    await expect.poll(() => attempts.length).toBe(3);
    expect(attempts.map((attempt) => attempt.status)).toEqual([500, 503, 200]);
    expect(attempts[2]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(55);
    const event = await harness.stripe.events.retrieve(ids[0]!);
    expect(event).toMatchObject({ type: 'customer.created', pending_webhooks: 0 });
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
  });

  it('gives up after the configured number of attempts without disturbing the API', async () => {
    const broken = await receiver([500, 500, 500, 500]);
    const lines: string[] = [];
    const harness = await setUp({
      webhookUrl: broken.url,
      webhookRetry: { initialDelayMs: 5, maxAttempts: 2, timeoutMs: 500 },
      log: (line) => lines.push(line),
    });
    await harness.stripe.customers.create();
    await broken.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(broken.deliveries).toHaveLength(2);
    const log = (await harness.control('GET', '/_emulator/deliveries')) as { deliveries: { status: number }[] };
    expect(log.deliveries.map((delivery) => delivery.status)).toEqual([500, 500]);
    expect((await harness.stripe.events.list()).data[0]?.pending_webhooks).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^gave up delivering evt_\w+ \(customer\.created\) to .* after 2 attempts: HTTP 500$/)]);
  });

  it('keeps answering when the receiver is unreachable', async () => {
    const harness = await setUp({
      webhookUrl: 'http://127.0.0.1:9/unreachable',
      webhookRetry: { initialDelayMs: 5, maxAttempts: 2, timeoutMs: 200 },
    });
    await expect(harness.stripe.customers.create()).resolves.toMatchObject({ object: 'customer' });
    await expect.poll(() => harness.emulator.webhooks.attempts.length).toBe(2);
    expect(harness.emulator.webhooks.attempts[0]).toMatchObject({ status: null, error: expect.any(String) });
  });
});

describe('webhook endpoints', () => {
  it('are created, listed, retrieved, updated and deleted', async () => {
    const { stripe } = await setUp();
    const created = await stripe.webhookEndpoints.create({
      url: 'https://example.com/hooks',
      enabled_events: ['invoice.paid', 'customer.subscription.updated'],
      description: 'App',
    });
    expect(created).toMatchObject({ object: 'webhook_endpoint', status: 'enabled', livemode: false });

    const retrieved = await stripe.webhookEndpoints.retrieve(created.id);
    expect(retrieved.secret).toBeUndefined();
    expect(retrieved.enabled_events).toEqual(['invoice.paid', 'customer.subscription.updated']);

    const disabled = await stripe.webhookEndpoints.update(created.id, { disabled: true });
    expect(disabled.status).toBe('disabled');
    expect((await stripe.webhookEndpoints.list()).data.map((endpoint) => endpoint.id)).toEqual([created.id]);

    expect(await stripe.webhookEndpoints.del(created.id)).toMatchObject({ id: created.id, deleted: true });
    await expect(stripe.webhookEndpoints.retrieve(created.id)).rejects.toMatchObject({ code: 'resource_missing' });
  });

  it('require a url and events', async () => {
    const { stripe } = await setUp();
    await expect(stripe.webhookEndpoints.create({ enabled_events: ['*'] } as Stripe.WebhookEndpointCreateParams)).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'url',
    });
    await expect(stripe.webhookEndpoints.create({ url: 'not a url', enabled_events: ['*'] })).rejects.toMatchObject({ param: 'url' });
  });
});
