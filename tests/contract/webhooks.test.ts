import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { eventsAbout, eventually, rejection } from './fixtures';
import { contractTargets, useTarget } from './target';

// Webhook signatures and endpoints: an event the target recorded, signed with an endpoint's
// secret, verifies with the SDK's constructEvent and nothing else does; endpoints are created with
// a secret shown once; and (emulator only) an endpoint receives events signed with that secret.

/** A local HTTP receiver on a free port that records what is posted to it. */
async function startReceiver() {
  const deliveries: { body: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    deliveries,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

for (const name of contractTargets()) {
  describe(`${name}: webhooks`, () => {
    const target = useTarget(name);

    const createEndpoint = async (params: Partial<Stripe.WebhookEndpointCreateParams> = {}) => {
      const t = target();
      return t.track(
        await t.stripe.webhookEndpoints.create({
          url: `https://example.com/contract/${t.runId}`,
          enabled_events: ['customer.updated'],
          metadata: t.metadata,
          ...params,
        }),
      );
    };

    it('sign a recorded event with an endpoint’s secret: constructEvent accepts it, and refuses any change', async () => {
      const t = target();
      const customer = t.track(await t.stripe.customers.create({ metadata: t.metadata }));
      await expect.poll(async () => (await eventsAbout(t, customer.id, 'customer.created')).length, eventually(t)).toBe(1);
      const [event] = await eventsAbout(t, customer.id, 'customer.created');
      const { secret } = await createEndpoint();
      expect(secret).toMatch(/^whsec_/);

      const payload = JSON.stringify(event, null, 2);
      const header = t.stripe.webhooks.generateTestHeaderString({ payload, secret: secret! });
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const verified = t.stripe.webhooks.constructEvent(payload, header, secret!);
      expect(verified).toEqual(JSON.parse(payload));
      expect(verified).toMatchObject({ id: event!.id, type: 'customer.created', data: { object: { id: customer.id } } });

      const refused = (body: string, signature: string, key: string) => () => t.stripe.webhooks.constructEvent(body, signature, key);
      expect(refused(payload, header, 'whsec_another_secret')).toThrow(Stripe.errors.StripeSignatureVerificationError);
      expect(refused(payload.replace(customer.id, 'cus_forged'), header, secret!)).toThrow(Stripe.errors.StripeSignatureVerificationError);
      const old = t.stripe.webhooks.generateTestHeaderString({ payload, secret: secret!, timestamp: Math.floor(Date.now() / 1000) - 600 });
      expect(refused(payload, old, secret!)).toThrow(/Timestamp outside the tolerance zone/);
    });

    it('endpoints: created with a secret shown once, disabled, listed, deleted; a url is required', async () => {
      const t = target();
      const created = await createEndpoint({
        enabled_events: ['invoice.paid', 'customer.subscription.updated'],
        description: 'Portal Flows',
      });
      const n = t.normaliser({ endpoint: created.id });
      expect(n.normalise(created)).toMatchObject({
        id: '<endpoint>',
        object: 'webhook_endpoint',
        status: 'enabled',
        livemode: false,
        url: 'https://example.com/contract/<run>',
        enabled_events: ['invoice.paid', 'customer.subscription.updated'],
        description: 'Portal Flows',
        metadata: { contract_run: '<run>' },
        created: 'now',
        secret: expect.stringMatching(/^<whsec_\d+>$/),
      });
      expect((await t.stripe.webhookEndpoints.retrieve(created.id)).secret).toBeUndefined();
      expect((await t.stripe.webhookEndpoints.update(created.id, { disabled: true })).status).toBe('disabled');
      expect((await t.stripe.webhookEndpoints.list({ limit: 100 })).data.map((endpoint) => endpoint.id)).toContain(created.id);
      expect(await t.stripe.webhookEndpoints.del(created.id)).toMatchObject({ id: created.id, object: 'webhook_endpoint', deleted: true });
      expect(await rejection(t, n, t.stripe.webhookEndpoints.retrieve(created.id))).toMatchObject({
        type: 'invalid_request_error',
        code: 'resource_missing',
      });

      expect(
        await rejection(t, n, t.stripe.webhookEndpoints.create({ enabled_events: ['*'] } as Stripe.WebhookEndpointCreateParams)),
      ).toMatchObject({ type: 'invalid_request_error', code: 'parameter_missing', param: 'url' });
      expect(await rejection(t, n, createEndpoint({ url: 'not a url' }))).toMatchObject({ type: 'invalid_request_error', param: 'url' });
    });

    // Delivery needs a URL the target can reach. Stripe cannot post to a receiver on this machine
    // (that takes `stripe listen` or a public tunnel), so this runs on the emulator only; the
    // suite's set-up prints so when the Stripe target runs.
    if (name === 'emulator') {
      it('deliver events to an endpoint, signed with its secret', async () => {
        const t = target();
        const receiver = await startReceiver();
        try {
          const endpoint = await createEndpoint({ url: receiver.url });
          const customer = t.track(await t.stripe.customers.create({ metadata: t.metadata }));
          await t.stripe.customers.update(customer.id, { name: 'Delivered' });

          await expect.poll(() => receiver.deliveries.length).toBe(1);
          const [delivery] = receiver.deliveries;
          const signature = delivery!.headers['stripe-signature'] as string;
          expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
          const event = t.stripe.webhooks.constructEvent(delivery!.body, signature, endpoint.secret!);
          expect(event).toMatchObject({
            type: 'customer.updated',
            data: { object: { id: customer.id, name: 'Delivered' }, previous_attributes: { name: null } },
          });
          expect(() => t.stripe.webhooks.constructEvent(delivery!.body, signature, 'whsec_another_secret')).toThrow(
            Stripe.errors.StripeSignatureVerificationError,
          );
        } finally {
          await receiver.close();
        }
      });
    }
  });
}
