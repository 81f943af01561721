import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleWebhookRequest, type WebhookResponse } from '@/lib/billing/webhooks';
import {
  EMULATOR_WEBHOOK_SECRET,
  eventually,
  expectStoredMatchesStripe,
  startBillingWorld,
  storedBilling,
  type BillingWorld,
} from '../support/billing';

// The webhook endpoint behind a real HTTP server, fed by the emulator's own signed deliveries
// (with its retries), and the queue's workers running: our database follows Stripe through
// webhooks alone. (The endpoint's checks, one request at a time: billing-webhooks.test.ts.)

/** A local HTTP endpoint that hands each delivery to `handle` and answers with its status. */
async function startWebhookEndpoint(handle: (request: Request) => Promise<WebhookResponse>) {
  const inFlight = new Set<Promise<unknown>>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const request = new Request(`http://localhost${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) });
      const work = handle(request)
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

describe('the emulator’s own signed deliveries, with the queue’s workers running', () => {
  let live: BillingWorld;
  let endpoint: Awaited<ReturnType<typeof startWebhookEndpoint>>;

  beforeAll(async () => {
    // Deliveries made while billing is being set up wait until the world exists.
    let ready!: (world: BillingWorld) => void;
    const started = new Promise<BillingWorld>((resolve) => (ready = resolve));
    endpoint = await startWebhookEndpoint(async (request) => {
      const { db, stripe, queue } = await started;
      return handleWebhookRequest(request, { db, stripe, queue, secret: EMULATOR_WEBHOOK_SECRET });
    });
    live = await startBillingWorld({
      emulator: { webhookUrl: endpoint.url, webhookRetry: { initialDelayMs: 100, maxAttempts: 4 } },
    });
    ready(live);
    await live.startWorkers({ workers: 2 });
  });
  afterAll(async () => {
    await live?.stopEmulator();
    await endpoint?.close();
    await live?.close();
  });

  const storedSubscription = async (customerId: string, id: string) =>
    (await storedBilling(live.db, customerId)).subscriptions.find((row) => row.id === id);

  it('a subscription created and then canceled through the SDK → our database follows, through webhooks and the queue alone', async () => {
    const customer = await live.newCustomer('delivered');
    const subscription = await live.subscribe(customer.customerId, 'team_monthly');
    await eventually(async () => (await storedSubscription(customer.customerId, subscription.id))?.status === 'active');

    await live.stripe.subscriptions.cancel(subscription.id);
    await eventually(async () => (await storedSubscription(customer.customerId, subscription.id))?.status === 'canceled');
    expect(await storedSubscription(customer.customerId, subscription.id)).toMatchObject({
      status: 'canceled',
      productName: 'Team',
      endedAt: expect.any(Date),
    });
    await expectStoredMatchesStripe(live.db, live.stripe, subscription.id);
  });

  it('an updated event that arrives after the subscription was canceled → still canceled in our database', async () => {
    const customer = await live.newCustomer('late');
    const subscription = await live.subscribe(customer.customerId, 'pro_monthly');
    await live.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const staleUpdate = (await live.stripe.events.list({ type: 'customer.subscription.updated', limit: 10 })).data.find(
      (candidate) => (candidate.data.object as { id: string }).id === subscription.id,
    )!;
    await live.stripe.subscriptions.cancel(subscription.id);
    await eventually(async () => (await storedSubscription(customer.customerId, subscription.id))?.status === 'canceled');
    // The stale payload says "active, cancel at period end", delivered again now; Stripe says canceled, and so do we.
    expect((staleUpdate.data.object as Stripe.Subscription).status).toBe('active');
    const body = JSON.stringify({ ...staleUpdate, id: `${staleUpdate.id}_again` });
    const request = new Request(endpoint.url, {
      method: 'POST',
      body,
      headers: { 'stripe-signature': live.stripe.webhooks.generateTestHeaderString({ payload: body, secret: EMULATOR_WEBHOOK_SECRET }) },
    });
    expect((await fetch(request)).status).toBe(200);
    await live.drained();
    expect(await storedSubscription(customer.customerId, subscription.id)).toMatchObject({ status: 'canceled' });
  });
});
