import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { emulatorSuite } from './emulator-suite.js';

const { stripe } = await emulatorSuite();
const price = await stripe.prices.create({
  currency: 'usd',
  unit_amount: 2500,
  recurring: { interval: 'month' },
  product_data: { name: 'Plus' },
});
const customer = await stripe.customers.create({ email: 'invoices@example.com', payment_method: 'pm_card_visa' });
const subscription = await stripe.subscriptions.create({
  customer: customer.id,
  items: [{ price: price.id }],
  default_payment_method: (await stripe.customers.listPaymentMethods(customer.id)).data[0]!.id,
});

describe('invoices', () => {
  it('are listed by customer, subscription and status, and retrieved', async () => {
    const other = await stripe.customers.create({ payment_method: 'pm_card_visa' });
    const [card] = (await stripe.customers.listPaymentMethods(other.id)).data;
    await stripe.subscriptions.create({ customer: other.id, items: [{ price: price.id }], default_payment_method: card!.id });

    const mine = await stripe.invoices.list({ customer: customer.id });
    expect(mine.data.map((invoice) => invoice.id)).toEqual([subscription.latest_invoice]);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
    expect((await stripe.invoices.list({ status: 'paid' })).data).toHaveLength(2);
    expect((await stripe.invoices.list({ status: 'open' })).data).toHaveLength(0);

    const invoice = await stripe.invoices.retrieve(subscription.latest_invoice as string, {
      expand: ['customer', 'lines.data.pricing.price_details.price'],
    });
    expect((invoice.customer as Stripe.Customer).email).toBe('invoices@example.com');
    expect(invoice).toMatchObject({ customer_email: 'invoices@example.com', currency: 'usd', total: 2500, status: 'paid' });
    expect((invoice.lines.data[0]!.pricing!.price_details!.price as Stripe.Price).unit_amount).toBe(2500);
    expect(invoice.status_transitions.paid_at).not.toBeNull();
  });

  it('page through their lines', async () => {
    const lines = await stripe.invoices.listLineItems(subscription.latest_invoice as string, { limit: 1 });
    expect(lines).toMatchObject({ object: 'list', has_more: false, url: `/v1/invoices/${subscription.latest_invoice}/lines` });
    expect(lines.data[0]).toMatchObject({ object: 'line_item', amount: 2500, subscription: subscription.id });
    await expect(stripe.invoices.retrieve('in_missing')).rejects.toMatchObject({ message: "No such invoice: 'in_missing'" });
  });

  it('preview the first invoice of a new subscription', async () => {
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: price.id, quantity: 3 }] },
    });
    expect(preview).toMatchObject({ total: 7500, billing_reason: 'subscription_create', status: 'draft' });
    expect(preview.lines.data[0]?.id).toMatch(/^il_tmp_/);
    expect((await stripe.invoices.list({ customer: customer.id })).data).toHaveLength(1);
  });

  it('preview a promotion code without redeeming it', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 20, duration: 'forever' });
    const code = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, max_redemptions: 1 });
    const preview = await stripe.invoices.createPreview({ subscription: subscription.id, discounts: [{ promotion_code: code.id }] });
    expect(preview.total).toBe(2000);
    expect((await stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(0);
    expect((await stripe.subscriptions.retrieve(subscription.id)).discounts).toEqual([]);
    expect((await stripe.events.list({ type: 'customer.discount.created' })).data).toEqual([]);
  });
});

describe('events', () => {
  it('are listed newest first, filtered by type (with wildcards), and retrieved', async () => {
    const all = await stripe.events.list({ limit: 100 });
    expect(all.data.length).toBeGreaterThan(5);
    expect(all.data.every((event, index) => index === 0 || event.created <= all.data[index - 1]!.created)).toBe(true);

    const created = await stripe.events.list({ type: 'customer.subscription.created' });
    expect(created.data.map((event) => (event.data.object as Stripe.Subscription).id)).toContain(subscription.id);

    const invoiceEvents = await stripe.events.list({ type: 'invoice.*', limit: 100 });
    expect(new Set(invoiceEvents.data.map((event) => event.type))).toEqual(
      new Set(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded']),
    );

    const event = await stripe.events.retrieve(created.data[0]!.id);
    expect(event).toMatchObject({
      object: 'event',
      api_version: Stripe.API_VERSION,
      livemode: false,
      type: 'customer.subscription.created',
    });
    expect(event.request?.id).toMatch(/^req_/);
    expect(event.request?.idempotency_key).toMatch(/^stripe-node-retry-/);
    await expect(stripe.events.retrieve('evt_missing')).rejects.toMatchObject({ code: 'resource_missing' });
  });

  it('snapshot the object as it was when they happened', async () => {
    const renamed = await stripe.customers.update(customer.id, { name: 'First' });
    await stripe.customers.update(customer.id, { name: 'Second' });
    const updates = await stripe.events.list({ type: 'customer.updated', limit: 2 });
    expect(updates.data.map((event) => (event.data.object as Stripe.Customer).name)).toEqual(['Second', 'First']);
    expect(updates.data[0]!.data.previous_attributes).toEqual({ name: 'First' });
    expect(renamed.name).toBe('First');
  });
});
