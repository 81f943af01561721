import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { applyCouponToSubscription, cancelSubscription } from '../src/resources/subscriptions/index.js';
import { createDollarPrices, customerWithCard, emulatorSuite } from './emulator-suite.js';
import { eventTypesAbout } from './portal-helpers.js';

const { harness, stripe } = await emulatorSuite();
const { monthly, yearly, team } = await createDollarPrices(stripe);

describe('creating subscriptions', () => {
  it('charges the default card for the first period and carries periods on the items', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id, quantity: 2 }],
      metadata: { seat_plan: 'pro' },
      expand: ['latest_invoice'],
    });

    expect(subscription).toMatchObject({
      object: 'subscription',
      status: 'active',
      customer: customer.id,
      currency: 'usd',
      cancel_at_period_end: false,
    });
    expect(subscription).not.toHaveProperty('current_period_end');
    const [item] = subscription.items.data;
    expect(item).toMatchObject({
      object: 'subscription_item',
      quantity: 2,
      price: { id: monthly.id },
      plan: { id: monthly.id, amount: 3000 },
    });
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

    expect(await eventTypesAbout(stripe, subscription.id)).toEqual(['customer.subscription.created']);
    expect(await eventTypesAbout(stripe, invoice.id)).toEqual([
      'invoice.created',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);
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
    const { customer } = await customerWithCard(stripe, 'pm_card_chargeCustomerFail');
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
      expand: ['latest_invoice'],
    });
    expect(subscription.status).toBe('incomplete');
    const invoice = subscription.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'open', attempted: true, attempt_count: 1, amount_paid: 0 });
    expect(await eventTypesAbout(stripe, invoice.id)).toEqual(['invoice.created', 'invoice.finalized', 'invoice.payment_failed']);
  });

  it('starts a free trial', async () => {
    const { customer } = await customerWithCard(stripe);
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
    const { customer } = await customerWithCard(stripe);
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
    expect(discounts[1]).toMatchObject({
      object: 'discount',
      promotion_code: code.id,
      subscription: subscription.id,
      customer: customer.id,
    });
    expect(subscription.latest_invoice).toMatchObject({ subtotal: 3000, total: 1000, amount_paid: 1000 });
    expect((await stripe.promotionCodes.retrieve(code.id)).times_redeemed).toBe(1);
    expect((await stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);
    expect(await eventTypesAbout(stripe, discounts[0]!.id)).toEqual(['customer.discount.created']);
  });

  it('validates items', async () => {
    const { customer } = await customerWithCard(stripe);
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

describe('listing subscriptions', () => {
  it('filters by customer, status and price, leaving canceled ones out by default', async () => {
    const { customer } = await customerWithCard(stripe);
    const active = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const other = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: team.id }] });
    await stripe.subscriptions.cancel(other.id);

    expect((await stripe.subscriptions.list({ customer: customer.id })).data.map((s) => s.id)).toEqual([active.id]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data.map((s) => s.id)).toEqual([
      other.id,
      active.id,
    ]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'canceled' })).data.map((s) => s.id)).toEqual([other.id]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all', price: team.id })).data.map((s) => s.id)).toEqual([
      other.id,
    ]);
  });
});

describe('the exported operations hosted pages use', () => {
  it('produce the same objects and events as the API', async () => {
    const { customer } = await customerWithCard(stripe);
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
