import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Harness } from '../src/testing.js';

// Stripe's own fixtures are the shape oracle: every object the emulator returns, at any depth,
// has exactly the top-level fields of the fixture of its `object` type. The fixtures predate a few
// fields the pinned SDK declares; those are allowed on top, each only where the SDK has it.

/** Fields newer than the fixtures: optional in the SDK (present only when they apply) or new. */
const NEWER_THAN_FIXTURES: Readonly<Record<string, readonly string[]>> = {
  // `status_details?`: only on a paused subscription.
  subscription: ['status_details'],
  // `pause_schedules`: schedules now carry pauses.
  subscription_schedule: ['pause_schedules'],
  // `tax_ids?`: includable, only when expanded.
  customer: ['tax_ids'],
  // `after_expiration?`: only on sessions created with it.
  'billing_portal.session': ['after_expiration'],
};

const FIXTURES = fileURLToPath(new URL('../../../../shared/stripe/fixtures3.json', import.meta.url));

function loadFixtures(): Record<string, Record<string, unknown>> {
  if (!existsSync(FIXTURES)) {
    throw new Error(`Stripe's fixtures are missing: expected ${FIXTURES} (shared/stripe/fixtures3.json beside the project).`);
  }
  return (JSON.parse(readFileSync(FIXTURES, 'utf8')) as { resources: Record<string, Record<string, unknown>> }).resources;
}

/** Every Stripe object inside a response (lists are containers, not objects). */
function collectObjects(value: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) {
    for (const element of value) collectObjects(element, found);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.object === 'string' && record.object !== 'list') found.push(record);
    for (const child of Object.values(record)) collectObjects(child, found);
  }
  return found;
}

let harness: Harness;
let responses: unknown[];

beforeAll(async () => {
  harness = await startEmulator();
  const stripe = harness.stripe;
  const product = await stripe.products.create({
    name: 'Shape',
    default_price_data: { currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } },
  });
  const price = await stripe.prices.retrieve(product.default_price as string);
  const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'once' });
  const code = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } });
  const customer = await stripe.customers.create({ email: 'shape@example.com', payment_method: 'pm_card_visa' });
  const [card] = (await stripe.customers.listPaymentMethods(customer.id)).data;
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card!.id } });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    discounts: [{ promotion_code: code.id }],
  });
  const other = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' } });
  await stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]!.id, price: other.id }] });
  const endpoint = await stripe.webhookEndpoints.create({ url: 'https://example.com/hook', enabled_events: ['*'] });
  await stripe.subscriptions.cancel(subscription.id, { prorate: true, invoice_now: true });

  // A timed pause from the portal (a schedule), a session with after_expiration, tax IDs.
  const portalProduct = await stripe.products.retrieve(product.id);
  await stripe.billingPortal.configurations.create({
    features: {
      payment_method_update: { enabled: true },
      subscription_pause: { enabled: true },
      subscription_update: { enabled: true, products: [{ product: portalProduct.id, prices: [price.id] }] },
    },
  });
  const paused = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
  const pauseSession = await stripe.billingPortal.sessions.create({
    customer: customer.id,
    return_url: 'https://example.com/account',
    after_expiration: { type: 'customer_login' },
    flow_data: { type: 'subscription_pause', subscription_pause: { subscription: paused.id } },
  });
  const pausePage = await fetch(`${pauseSession.url}/subscriptions/${paused.id}/pause`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'duration=0',
    redirect: 'manual',
  });
  if (pausePage.status !== 303) throw new Error(`pausing in the portal answered ${pausePage.status}`);
  // A schedule made through the API for the customer, its second phase then changed.
  const scheduled = await stripe.subscriptionSchedules.create({
    customer: customer.id,
    phases: [{ items: [{ price: price.id }] }, { items: [{ price: other.id }] }],
  });
  const [firstPhase] = scheduled.phases;
  const rescheduled = await stripe.subscriptionSchedules.update(scheduled.id, {
    phases: [
      { items: [{ price: price.id }], start_date: firstPhase!.start_date, end_date: firstPhase!.end_date },
      { items: [{ price: other.id, quantity: 2 }], duration: { interval: 'month' } },
    ],
  });
  const taxId = await stripe.customers.createTaxId(customer.id, { type: 'us_ein', value: '12-3456789' });
  const removed = await stripe.customers.createTaxId(customer.id, { type: 'eu_vat', value: 'DE123456789' });

  responses = [
    await stripe.products.retrieve(product.id),
    await stripe.prices.list({ expand: ['data.product'] }),
    await stripe.coupons.retrieve(coupon.id),
    await stripe.promotionCodes.retrieve(code.id, { expand: ['promotion.coupon'] }),
    await stripe.customers.retrieve(customer.id, { expand: ['invoice_settings.default_payment_method'] }),
    await stripe.paymentMethods.list({ customer: customer.id }),
    await stripe.subscriptions.list({ status: 'all', expand: ['data.latest_invoice', 'data.discounts'] }),
    await stripe.invoices.list({ expand: ['data.discounts'] }),
    await stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: price.id }] } }),
    await stripe.events.list({ limit: 100 }),
    await stripe.webhookEndpoints.retrieve(endpoint.id),
    await stripe.webhookEndpoints.del(endpoint.id),
    harness.emulator.store.invoiceitems.values(),
    await stripe.accounts.retrieveCurrent(),
    pauseSession,
    await stripe.subscriptions.retrieve(paused.id, { expand: ['schedule'] }),
    rescheduled,
    await stripe.customers.retrieve(customer.id, { expand: ['tax_ids'] }),
    taxId,
    await stripe.customers.deleteTaxId(customer.id, removed.id),
  ];
});

afterAll(async () => {
  await harness.close();
});

describe('object shapes', () => {
  it('match the top-level fields of Stripe’s fixtures for every object type returned', () => {
    const fixtures = loadFixtures();
    const seen = new Set<string>();
    for (const object of responses.flatMap((response) => collectObjects(response))) {
      const type = object.deleted === true ? `deleted_${String(object.object)}` : String(object.object);
      seen.add(type);
      const fixture = fixtures[type];
      expect(fixture, `no fixture for ${type}`).toBeDefined();
      const newer = (NEWER_THAN_FIXTURES[type] ?? []).filter((key) => key in object);
      expect(Object.keys(object).sort(), `${type} ${String(object.id)}`).toEqual([...Object.keys(fixture!), ...newer].sort());
    }
    expect([...seen].sort()).toEqual(
      [
        'account',
        'billing_portal.configuration',
        'billing_portal.session',
        'coupon',
        'customer',
        'deleted_discount',
        'deleted_tax_id',
        'deleted_webhook_endpoint',
        'discount',
        'event',
        'invoice',
        'invoiceitem',
        'line_item',
        'payment_method',
        'plan',
        'price',
        'product',
        'promotion_code',
        'subscription',
        'subscription_item',
        'subscription_schedule',
        'tax_id',
        'webhook_endpoint',
      ].sort(),
    );
  });

  it('give webhook endpoints their secret on create only', async () => {
    const created = await harness.stripe.webhookEndpoints.create({ url: 'https://example.com/other', enabled_events: ['*'] });
    expect(Object.keys(created).filter((key) => !(key in loadFixtures().webhook_endpoint!))).toEqual(['secret']);
  });
});
