import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCouponToSubscription, cancelSubscription } from '../src/resources/subscriptions/index.js';
import { startEmulator, type Harness } from '../src/testing.js';

let harness: Harness;
let stripe: Stripe;
let monthly: Stripe.Price;
let yearly: Stripe.Price;
let team: Stripe.Price;

beforeAll(async () => {
  harness = await startEmulator();
  stripe = harness.stripe;
  const pro = await stripe.products.create({ name: 'Pro' });
  monthly = await stripe.prices.create({ product: pro.id, currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' } });
  yearly = await stripe.prices.create({ product: pro.id, currency: 'usd', unit_amount: 30000, recurring: { interval: 'year' } });
  team = await stripe.prices.create({ currency: 'usd', unit_amount: 9000, recurring: { interval: 'month' }, product_data: { name: 'Team' } });
});

afterAll(async () => {
  await harness.close();
});

/** A customer whose default card for invoices is the given test card. */
async function customerWithCard(token = 'pm_card_visa'): Promise<{ customer: Stripe.Customer; card: string }> {
  const customer = await stripe.customers.create({ email: 'subscriber@example.com' });
  const card = await stripe.paymentMethods.attach(token, { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  return { customer, card: card.id };
}

async function eventTypesFor(objectId: string): Promise<string[]> {
  const events = await stripe.events.list({ limit: 100 });
  return events.data
    .filter((event) => (event.data.object as { id?: string }).id === objectId)
    .map((event) => event.type)
    .reverse();
}

describe('creating subscriptions', () => {
  it('charges the default card for the first period and carries periods on the items', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id, quantity: 2 }],
      metadata: { seat_plan: 'pro' },
      expand: ['latest_invoice'],
    });

    expect(subscription).toMatchObject({ object: 'subscription', status: 'active', customer: customer.id, currency: 'usd', cancel_at_period_end: false });
    expect(subscription).not.toHaveProperty('current_period_end');
    const [item] = subscription.items.data;
    expect(item).toMatchObject({ object: 'subscription_item', quantity: 2, price: { id: monthly.id }, plan: { id: monthly.id, amount: 3000 } });
    expect(item!.current_period_start).toBe(subscription.start_date);
    const start = new Date(item!.current_period_start * 1000);
    const end = new Date(item!.current_period_end * 1000);
    expect((end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth()).toBe(1);

    const invoice = subscription.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      status: 'paid',
      billing_reason: 'subscription_create',
      amount_due: 6000,
      amount_paid: 6000,
      total: 6000,
      parent: { type: 'subscription_details', subscription_details: { subscription: subscription.id } },
    });
    expect(invoice.number).toMatch(/^[0-9A-F]{8}-0001$/);
    expect(invoice.lines.data[0]).toMatchObject({ amount: 6000, quantity: 2, description: '2 × Pro (at $30.00 / month)' });
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ currency: 'usd' });

    expect(await eventTypesFor(subscription.id)).toEqual(['customer.subscription.created']);
    expect(await eventTypesFor(invoice.id)).toEqual(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded']);
  });

  it('uses the subscription’s own default payment method first', async () => {
    const customer = await stripe.customers.create();
    const card = await stripe.paymentMethods.attach('pm_card_amex', { customer: customer.id });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      default_payment_method: card.id,
    });
    expect(subscription).toMatchObject({ status: 'active', default_payment_method: card.id });
    await expect(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], default_payment_method: 'pm_unknown' }),
    ).rejects.toMatchObject({ param: 'default_payment_method' });
  });

  it('refuses to charge a customer without a card, unless the payment is left incomplete', async () => {
    const customer = await stripe.customers.create();
    await expect(stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] })).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/^This customer has no attached payment source or default payment method\./),
    });
    const incomplete = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      payment_behavior: 'default_incomplete',
      expand: ['latest_invoice'],
    });
    expect(incomplete.status).toBe('incomplete');
    expect(incomplete.latest_invoice).toMatchObject({ status: 'open', amount_due: 3000, attempted: false });
  });

  it('leaves the subscription incomplete when the card is declined', async () => {
    const { customer } = await customerWithCard('pm_card_chargeCustomerFail');
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }], expand: ['latest_invoice'] });
    expect(subscription.status).toBe('incomplete');
    const invoice = subscription.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'open', attempted: true, attempt_count: 1, amount_paid: 0 });
    expect(await eventTypesFor(invoice.id)).toEqual(['invoice.created', 'invoice.finalized', 'invoice.payment_failed']);
  });

  it('starts a free trial', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      trial_period_days: 14,
      expand: ['latest_invoice'],
    });
    expect(subscription.status).toBe('trialing');
    expect(subscription.trial_end! - subscription.trial_start!).toBe(14 * 86_400);
    expect(subscription.items.data[0]!.current_period_end).toBe(subscription.trial_end);
    expect(subscription.latest_invoice).toMatchObject({ status: 'paid', total: 0 });
    expect((subscription.latest_invoice as Stripe.Invoice).lines.data[0]?.description).toBe('Trial period for Pro');
  });

  it('applies coupons and promotion codes as discounts', async () => {
    const { customer } = await customerWithCard();
    const coupon = await stripe.coupons.create({ percent_off: 50, duration: 'forever' });
    const fixed = await stripe.coupons.create({ amount_off: 500, currency: 'usd', duration: 'forever' });
    const code = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: fixed.id }, code: 'FIVEOFF' });

    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      discounts: [{ coupon: coupon.id }, { promotion_code: code.id }],
      expand: ['latest_invoice', 'discounts'],
    });
    const discounts = subscription.discounts as Stripe.Discount[];
    expect(discounts.map((discount) => discount.source.coupon)).toEqual([coupon.id, fixed.id]);
    expect(discounts[1]).toMatchObject({ object: 'discount', promotion_code: code.id, subscription: subscription.id, customer: customer.id });
    expect(subscription.latest_invoice).toMatchObject({ subtotal: 3000, total: 1000, amount_paid: 1000 });
    expect((await stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1);
    expect((await stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);
    expect(await eventTypesFor(discounts[0]!.id)).toEqual(['customer.discount.created']);
  });

  it('validates items', async () => {
    const { customer } = await customerWithCard();
    const oneTime = await stripe.prices.create({ currency: 'usd', unit_amount: 100, product_data: { name: 'Setup fee' } });
    await expect(stripe.subscriptions.create({ customer: customer.id, items: [{ price: oneTime.id }] })).rejects.toMatchObject({
      param: 'items[0][price]',
      message: expect.stringContaining('`type=one_time`'),
    });
    await expect(stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_nope' }] })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'items[0][price]',
    });
    await expect(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }, { price: yearly.id }] }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'items' });
    await expect(stripe.subscriptions.create({ customer: 'cus_nobody', items: [{ price: monthly.id }] })).rejects.toMatchObject({
      message: "No such customer: 'cus_nobody'",
      param: 'customer',
    });
  });
});

describe('changing subscriptions', () => {
  it('swaps an item’s price with prorations billed on the next invoice', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const itemId = subscription.items.data[0]!.id;

    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: subscription.id,
      subscription_details: { items: [{ id: itemId, price: team.id }] },
    });
    expect(preview.id).toMatch(/^upcoming_in_/);
    expect(preview.lines.data.map((line) => [line.amount, line.parent?.subscription_item_details?.proration])).toEqual([
      [-3000, true],
      [9000, true],
      [9000, false],
    ]);
    expect(preview.lines.data[0]!.description).toMatch(/^Unused time on 1 × Pro after /);
    expect(preview.total).toBe(15000);

    const updated = await stripe.subscriptions.update(subscription.id, { items: [{ id: itemId, price: team.id }] });
    expect(updated.items.data).toHaveLength(1);
    expect(updated.items.data[0]).toMatchObject({ id: itemId, price: { id: team.id } });
    expect(updated.latest_invoice).toBe(subscription.latest_invoice);

    const events = await stripe.events.list({ type: 'customer.subscription.updated', limit: 1 });
    const previous = events.data[0]!.data.previous_attributes as Partial<Stripe.Subscription>;
    expect(previous.items?.data[0]?.price.id).toBe(monthly.id);
    expect((await stripe.events.list({ type: 'invoiceitem.created', limit: 2 })).data).toHaveLength(2);

    const upcoming = await stripe.invoices.createPreview({ subscription: subscription.id });
    expect(upcoming.lines.data.map((line) => line.amount)).toEqual([-3000, 9000, 9000]);
  });

  it('bills prorations at once with always_invoice, and not at all with none', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const itemId = subscription.items.data[0]!.id;

    const billed = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId, quantity: 3 }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    });
    const invoice = billed.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid', total: 6000 });
    expect(invoice.lines.data.map((line) => line.amount)).toEqual([-3000, 9000]);

    const unprorated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId, quantity: 1 }],
      proration_behavior: 'none',
    });
    expect(unprorated.latest_invoice).toBe(invoice.id);
    expect(unprorated.items.data[0]?.quantity).toBe(1);
    expect((await stripe.invoices.createPreview({ subscription: subscription.id })).total).toBe(3000);
  });

  it('starts a new period, billed now, when the interval changes', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]!.id, price: yearly.id }],
      expand: ['latest_invoice'],
    });
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(invoice.lines.data.map((line) => line.amount)).toEqual([-3000, 30000]);
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 27000 });
    const item = updated.items.data[0]!;
    expect(new Date(item.current_period_end * 1000).getUTCFullYear() - new Date(item.current_period_start * 1000).getUTCFullYear()).toBe(1);
  });

  it('starts a new period, billed now, with billing_cycle_anchor[type]=now; a declined card leaves it past_due', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const preview = await stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: { billing_cycle_anchor: { type: 'now' }, proration_behavior: 'none' },
    });
    expect(preview.total).toBe(3000);

    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    const updated = await stripe.subscriptions.update(subscription.id, {
      default_payment_method: failing.id,
      billing_cycle_anchor: { type: 'now' },
      proration_behavior: 'none',
      expand: ['latest_invoice'],
    });
    expect(updated.status).toBe('past_due');
    expect(updated.latest_invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'open', total: 3000 });
    expect(updated.billing_cycle_anchor).toBe(updated.items.data[0]!.current_period_start);

    const unchanged = await stripe.subscriptions.update(subscription.id, { billing_cycle_anchor: { type: 'unchanged' } });
    expect(unchanged.billing_cycle_anchor).toBe(updated.billing_cycle_anchor);
  });

  it('refuses the string billing_cycle_anchor of API versions before 2026-09-30.endive', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    await expect(stripe.subscriptions.update(subscription.id, { billing_cycle_anchor: 'now' as never })).rejects.toMatchObject({
      statusCode: 400,
      message: 'Invalid object',
      param: 'billing_cycle_anchor',
    });
    await expect(
      stripe.invoices.createPreview({
        subscription: subscription.id,
        subscription_details: { billing_cycle_anchor: { type: 'timestamp', timestamp: Math.floor(Date.now() / 1000) } },
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'subscription_details[billing_cycle_anchor][type]' });
    expect((await stripe.subscriptions.retrieve(subscription.id)).billing_cycle_anchor).toBe(subscription.billing_cycle_anchor);
  });

  it('adds and removes items', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const added = await stripe.subscriptions.update(subscription.id, { items: [{ price: team.id, quantity: 2 }], proration_behavior: 'none' });
    expect(added.items.data.map((item) => [item.price.id, item.quantity])).toEqual([
      [monthly.id, 1],
      [team.id, 2],
    ]);
    const removed = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]!.id, deleted: true }],
      proration_behavior: 'none',
    });
    expect(removed.items.data.map((item) => item.price.id)).toEqual([team.id]);
    await expect(
      stripe.subscriptions.update(subscription.id, { items: [{ id: 'si_unknown', price: team.id }] }),
    ).rejects.toMatchObject({ param: 'items[0][id]', code: 'resource_missing' });
  });

  it('schedules cancellation at period end, or at a date, and takes it back', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const periodEnd = subscription.items.data[0]!.current_period_end;

    const scheduled = await stripe.subscriptions.update(subscription.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: 'too_expensive', comment: 'Pricey' },
    });
    expect(scheduled).toMatchObject({
      status: 'active',
      cancel_at_period_end: true,
      cancel_at: periodEnd,
      cancellation_details: { reason: 'cancellation_requested', feedback: 'too_expensive', comment: 'Pricey' },
    });
    expect(scheduled.canceled_at).not.toBeNull();
    const [event] = (await stripe.events.list({ type: 'customer.subscription.updated', limit: 1 })).data;
    expect(event?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });

    const resumed = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    expect(resumed).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null, cancellation_details: { reason: null } });

    const at = periodEnd - 86_400;
    const dated = await stripe.subscriptions.update(subscription.id, { cancel_at: at });
    expect(dated).toMatchObject({ cancel_at: at, cancel_at_period_end: false });
    const cleared = await stripe.subscriptions.update(subscription.id, { cancel_at: '' as unknown as number });
    expect(cleared.cancel_at).toBeNull();
  });

  it('replaces and clears discounts', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    const discounted = await stripe.subscriptions.update(subscription.id, { discounts: [{ coupon: coupon.id }] });
    expect(discounted.discounts).toHaveLength(1);
    expect((await stripe.invoices.createPreview({ subscription: subscription.id })).total).toBe(2700);

    const cleared = await stripe.subscriptions.update(subscription.id, { discounts: '' });
    expect(cleared.discounts).toEqual([]);
    expect(await eventTypesFor(discounted.discounts[0] as string)).toEqual(['customer.discount.created', 'customer.discount.deleted']);
  });

  it('changes the default payment method to an attached card only', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const card = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    const updated = await stripe.subscriptions.update(subscription.id, {
      default_payment_method: card.id,
      expand: ['default_payment_method'],
    });
    expect((updated.default_payment_method as Stripe.PaymentMethod).card?.brand).toBe('mastercard');
  });
});

describe('canceling subscriptions', () => {
  it('ends the subscription now and records why', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const canceled = await stripe.subscriptions.cancel(subscription.id, {
      cancellation_details: { feedback: 'unused', comment: 'Not needed' },
    });
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancellation_details: { reason: 'cancellation_requested', feedback: 'unused', comment: 'Not needed' },
    });
    expect(canceled.ended_at).not.toBeNull();
    expect(canceled.canceled_at).toBe(canceled.ended_at);
    expect(await eventTypesFor(subscription.id)).toEqual(['customer.subscription.created', 'customer.subscription.deleted']);

    await expect(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })).rejects.toMatchObject({
      message: 'A canceled subscription can only update its cancellation_details and metadata.',
    });
    await expect(stripe.subscriptions.update(subscription.id, { metadata: { note: 'ok' } })).resolves.toMatchObject({
      metadata: { note: 'ok' },
    });
    await expect(stripe.subscriptions.cancel(subscription.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(stripe.invoices.createPreview({ subscription: subscription.id })).rejects.toMatchObject({
      code: 'invoice_upcoming_none',
    });
  });

  it('credits unused time and invoices it at once when asked', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const canceled = await stripe.subscriptions.cancel(subscription.id, { prorate: true, invoice_now: true, expand: ['latest_invoice'] });
    expect(canceled.latest_invoice).toMatchObject({ total: -3000, amount_due: 0, ending_balance: -3000 });
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-3000);
  });
});

describe('listing subscriptions', () => {
  it('filters by customer, status and price, leaving canceled ones out by default', async () => {
    const { customer } = await customerWithCard();
    const active = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const other = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id }] });
    await stripe.subscriptions.cancel(other.id);

    expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([active.id]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.map((s) => s.id)).toEqual([other.id, active.id]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'canceled' })).data.map((s) => s.id)).toEqual([other.id]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all', price: team.id })).data.map((s) => s.id)).toEqual([other.id]);
  });
});

describe('the exported operations hosted pages use', () => {
  it('produce the same objects and events as the API', async () => {
    const { customer } = await customerWithCard();
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const coupon = await stripe.coupons.create({ percent_off: 30, duration: 'repeating', duration_in_months: 3 });

    const store = harness.emulator.store;
    const offered = store.transaction(() => applyCouponToSubscription(store, subscription.id, { coupon: coupon.id }));
    expect(offered.discounts).toHaveLength(1);
    const retrieved = await stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] });
    const discount = retrieved.discounts[0] as Stripe.Discount;
    expect(discount.end).toBeGreaterThan(discount.start);

    store.transaction(() => cancelSubscription(store, subscription.id, {}));
    const events = await stripe.events.list({ limit: 3 });
    expect(events.data.map((event) => event.type)).toEqual([
      'customer.subscription.deleted',
      'customer.subscription.updated',
      'customer.discount.created',
    ]);
    expect(events.data[0]!.request).toEqual({ id: null, idempotency_key: null });
  });
});
