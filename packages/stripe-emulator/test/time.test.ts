import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Harness } from '../src/testing.js';

// Renewals, trial ends and scheduled cancellations happen when their time comes; the emulator's
// clock is injected so the tests can move it.

const DAY = 86_400;
let now: number;
let harness: Harness;
let stripe: Stripe;
let price: Stripe.Price;

beforeEach(async () => {
  now = Date.UTC(2030, 0, 31, 12) / 1000;
  harness = await startEmulator({ clock: () => now * 1000 });
  stripe = harness.stripe;
  price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 1500,
    recurring: { interval: 'month' },
    product_data: { name: 'Basic' },
  });
});

afterEach(async () => {
  await harness.close();
});

async function subscribe(params: Partial<Stripe.SubscriptionCreateParams> = {}): Promise<Stripe.Subscription> {
  const customer = await stripe.customers.create({ payment_method: 'pm_card_visa' });
  const [card] = (await stripe.customers.listPaymentMethods(customer.id)).data;
  return stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], default_payment_method: card!.id, ...params });
}

describe('billing periods', () => {
  it('end on the same day of the next month, clamped to short months', async () => {
    const subscription = await subscribe();
    const item = subscription.items.data[0]!;
    expect(new Date(item.current_period_end * 1000).toISOString()).toBe('2030-02-28T12:00:00.000Z');
  });

  it('renew with a new paid invoice once the period is over', async () => {
    const subscription = await subscribe();
    const firstEnd = subscription.items.data[0]!.current_period_end;
    now = firstEnd + 60;

    const renewed = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
    expect(renewed.status).toBe('active');
    expect(renewed.items.data[0]!.current_period_start).toBe(firstEnd);
    expect(new Date(renewed.items.data[0]!.current_period_end * 1000).toISOString()).toBe('2030-03-31T12:00:00.000Z');
    expect(renewed.latest_invoice).toMatchObject({ billing_reason: 'subscription_cycle', status: 'paid', total: 1500 });
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(2);
    expect((await stripe.events.list({ type: 'customer.subscription.updated' })).data).toHaveLength(1);
  });

  it('start billing when a trial ends', async () => {
    const subscription = await subscribe({ trial_period_days: 7 });
    now += 8 * DAY;
    const active = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
    expect(active.status).toBe('active');
    expect(active.latest_invoice).toMatchObject({ total: 1500, status: 'paid' });
  });

  it('end the subscription at a scheduled cancellation', async () => {
    const subscription = await subscribe();
    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const periodEnd = subscription.items.data[0]!.current_period_end;
    now = periodEnd + 1;

    const ended = await stripe.subscriptions.retrieve(subscription.id);
    expect(ended).toMatchObject({ status: 'canceled', ended_at: periodEnd });
    expect((await stripe.subscriptions.list({ customer: ended.customer as string })).data).toEqual([]);
    expect((await stripe.events.list({ type: 'customer.subscription.deleted' })).data).toHaveLength(1);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
  });

  it('prorate by the time left in the period', async () => {
    const subscription = await subscribe();
    const item = subscription.items.data[0]!;
    now = item.current_period_start + (item.current_period_end - item.current_period_start) / 2;
    const double = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 3000,
      recurring: { interval: 'month' },
      product_data: { name: 'Double' },
    });
    const preview = await stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: { items: [{ id: item.id, price: double.id }], proration_behavior: 'always_invoice' },
    });
    expect(preview.lines.data.map((line) => line.amount)).toEqual([-750, 1500]);
    expect(preview.amount_due).toBe(750);
  });

  it('use a customer’s credit balance on the next invoice', async () => {
    const subscription = await subscribe();
    const item = subscription.items.data[0]!;
    const cheap = await stripe.prices.create({
      currency: 'usd',
      unit_amount: 500,
      recurring: { interval: 'month' },
      product_data: { name: 'Cheap' },
    });
    await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, price: cheap.id }], proration_behavior: 'always_invoice' });
    const customer = (await stripe.customers.retrieve(subscription.customer as string)) as Stripe.Customer;
    expect(customer.balance).toBe(-1000);

    now = item.current_period_end + 1;
    const renewed = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
    expect(renewed.latest_invoice).toMatchObject({ total: 500, starting_balance: -1000, amount_due: 0, ending_balance: -500 });
  });
});

describe('the clock control', () => {
  it('moves the clock forward and settles what fell due, with the events Stripe would send', async () => {
    const subscription = await subscribe();
    const periodEnd = subscription.items.data[0]!.current_period_end;
    expect(await harness.control('GET', '/_emulator/clock')).toEqual({ now, offset_seconds: 0 });
    const moved = await harness.control('POST', '/_emulator/clock', { to: periodEnd + 60 });
    expect(moved).toEqual({ now: periodEnd + 60, offset_seconds: periodEnd + 60 - now });
    // The renewal happened when the clock moved, not when the subscription is next read.
    const events = await stripe.events.list({ type: 'invoice.paid' });
    expect(events.data.map((event) => (event.data.object as Stripe.Invoice).billing_reason)).toEqual([
      'subscription_cycle',
      'subscription_create',
    ]);
  });

  it('refuses to go back or to take anything but whole seconds', async () => {
    expect(await harness.control('POST', '/_emulator/clock', { to: now - 1 })).toEqual({
      error: { message: 'The clock only moves forward: `to` is in the past.' },
    });
    const invalid = (await harness.control('POST', '/_emulator/clock', { advance_seconds: 1.5 })) as { error: { message: string } };
    expect(invalid.error.message).toMatch(/advance_seconds/);
    expect(await harness.control('GET', '/_emulator/clock')).toEqual({ now, offset_seconds: 0 });
  });
});
