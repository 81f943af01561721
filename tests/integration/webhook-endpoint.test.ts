import { startEmulator, type Harness } from '@portal-flows/stripe-emulator/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWebhookEndpoint, enabledEventsDrift } from '@/lib/billing/webhook-endpoint';
import { HANDLED_EVENTS } from '@/lib/billing/webhooks';

// `npm run stripe:doctor`'s webhook check, against the emulator's webhook endpoints through the
// real SDK: the endpoint at APP_URL + /api/stripe/webhook, its enabled_events against HANDLED_EVENTS.

// Nothing listens on port 9 (discard): the emulator's deliveries to these endpoints just fail.
const url = 'http://127.0.0.1:9/api/stripe/webhook';
let harness: Harness;

beforeAll(async () => {
  harness = await startEmulator();
});
afterAll(async () => {
  await harness?.close();
});

async function freshEndpoint(enabled_events: string[]) {
  for await (const endpoint of harness.stripe.webhookEndpoints.list({ limit: 100 })) await harness.stripe.webhookEndpoints.del(endpoint.id);
  return harness.stripe.webhookEndpoints.create({ url, enabled_events: enabled_events as never });
}

describe('stripe:doctor: the webhook endpoint’s enabled_events', () => {
  it('no endpoint for APP_URL (only one for another url) → no endpoint, nothing reported', async () => {
    await freshEndpoint([...HANDLED_EVENTS]);
    const report = await checkWebhookEndpoint(harness.stripe, 'http://127.0.0.1:9/elsewhere');
    expect(report).toEqual({ endpoint: null, notes: [], problems: [] });
  });

  it('an endpoint that sends exactly the events the app acts on → a note, no problem', async () => {
    const endpoint = await freshEndpoint([...HANDLED_EVENTS].reverse());
    const report = await checkWebhookEndpoint(harness.stripe, url);
    expect(report.endpoint?.id).toBe(endpoint.id);
    expect(report.problems).toEqual([]);
    expect(report.notes).toEqual([
      `webhooks: endpoint ${endpoint.id} → ${url} sends exactly the ${HANDLED_EVENTS.length} events the app acts on`,
    ]);
  });

  it('a drifted endpoint → the missing and the extra events, each with what to do in the Dashboard', async () => {
    const sent = HANDLED_EVENTS.filter((type) => type !== 'invoice.paid' && type !== 'payment_method.detached');
    const endpoint = await freshEndpoint([...sent, 'charge.refunded']);
    const report = await checkWebhookEndpoint(harness.stripe, url);
    expect(report.notes).toEqual([]);
    expect(report.problems).toEqual([
      `webhook endpoint ${endpoint.id} does not send 2 events the app acts on: invoice.paid, payment_method.detached. ` +
        `Add these events in the Dashboard (Developers → Webhooks → ${endpoint.id} → Update details → Select events); ` +
        'until then those changes reach /account only through a landing page or the catch-up.',
      `webhook endpoint ${endpoint.id} sends 1 event the app ignores: charge.refunded. ` +
        `Remove these events in the Dashboard (Developers → Webhooks → ${endpoint.id} → Update details → Select events): each costs a delivery that changes nothing.`,
    ]);
  });

  it('the same endpoint after its events are fixed through the API → clean again', async () => {
    const endpoint = await freshEndpoint(['customer.updated']);
    expect((await checkWebhookEndpoint(harness.stripe, url)).problems).toHaveLength(1);
    await harness.stripe.webhookEndpoints.update(endpoint.id, { enabled_events: [...HANDLED_EVENTS] });
    expect((await checkWebhookEndpoint(harness.stripe, url)).problems).toEqual([]);
  });

  it('an endpoint that sends every event (*) → nothing missing, a note that the rest is acknowledged', async () => {
    const endpoint = await freshEndpoint(['*']);
    const report = await checkWebhookEndpoint(harness.stripe, url);
    expect(report.problems).toEqual([]);
    expect(report.notes[0]).toContain(`endpoint ${endpoint.id} → ${url} sends every event type (*)`);
  });

  it('a disabled endpoint is not the one Stripe posts to → no endpoint', async () => {
    const endpoint = await freshEndpoint([...HANDLED_EVENTS]);
    await harness.stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    expect((await checkWebhookEndpoint(harness.stripe, url)).endpoint).toBeNull();
  });
});

describe('enabledEventsDrift', () => {
  it('lists missing events in the app’s order and extra ones sorted', () => {
    expect(enabledEventsDrift(['b.x', 'z.z', 'a.a'], ['a.a', 'b.x', 'c.c'])).toEqual({
      missing: ['c.c'],
      extra: ['z.z'],
      everything: false,
    });
  });
});
