import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Harness } from '../src/testing.js';
import { eventsAbout } from './portal-helpers.js';

// `POST /v1/subscriptions/:id/pause` and `…/resume` through the SDK: the `paused` status and
// `status_details`, no renewals while paused, what resuming bills, and Stripe's refusals.

const DAY = 86_400;
let now: number;
let harness: Harness;
let stripe: Stripe;
let price: Stripe.Price;

beforeEach(async () => {
  now = Date.UTC(2030, 2, 1, 12) / 1000;
  harness = await startEmulator({ clock: () => now * 1000 });
  stripe = harness.stripe;
  price = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 3000,
    recurring: { interval: 'month' },
    product_data: { name: 'Seats' },
  });
});

afterEach(async () => {
  await harness.close();
});

async function subscribe(params: Partial<Stripe.SubscriptionCreateParams> = {}): Promise<Stripe.Subscription> {
  const customer = await stripe.customers.create({ payment_method: 'pm_card_visa' });
  const [method] = (await stripe.customers.listPaymentMethods(customer.id)).data;
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: method!.id } });
  return stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], ...params });
}

describe('pausing a subscription', () => {
  it('makes it paused with status_details, credits the unused time and records paused and updated', async () => {
    const subscription = await subscribe();
    expect(subscription.billing_mode.type).toBe('flexible');
    expect(subscription).not.toHaveProperty('status_details');
    now += 10 * DAY;
    const paused = await stripe.subscriptions.pause(subscription.id);
    expect(paused.status).toBe('paused');
    expect(paused.status_details).toEqual({
      paused: { subscription: { type: 'pause_requested' }, transitioned_at: now, type: 'subscription' },
    });
    // A paused subscription issues no invoices, so it has no upcoming one.
    await expect(stripe.invoices.createPreview({ subscription: subscription.id })).rejects.toMatchObject({ code: 'invoice_upcoming_none' });
    const pending = harness.emulator.store.invoiceitems.filter(
      (item) => item.parent?.subscription_details?.subscription === subscription.id,
    );
    expect(pending).toHaveLength(1);
    expect(pending[0]!.amount).toBeLessThan(0);
    expect(pending[0]!.amount).toBeGreaterThan(-3000);

    expect(await eventsAbout(stripe, subscription.id, 'customer.subscription.paused')).toHaveLength(1);
    const [updated] = await eventsAbout(stripe, subscription.id, 'customer.subscription.updated');
    expect(updated?.data.previous_attributes).toMatchObject({ status: 'active' });
  });

  it('does not renew while paused, however long', async () => {
    const subscription = await subscribe();
    await stripe.subscriptions.pause(subscription.id, { bill_for: { unused_time_from: { type: 'none' } } });
    now += 95 * DAY;
    const later = await stripe.subscriptions.retrieve(subscription.id);
    expect(later.status).toBe('paused');
    expect(later.items.data[0]!.current_period_end).toBe(subscription.items.data[0]!.current_period_end);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
  });

  it('bills the credit at once with invoicing_behavior=invoice', async () => {
    const subscription = await subscribe();
    now += 15 * DAY;
    const paused = await stripe.subscriptions.pause(subscription.id, { invoicing_behavior: 'invoice' });
    const invoice = await stripe.invoices.retrieve(String(paused.latest_invoice));
    expect(invoice.total).toBeLessThan(0);
    expect(
      invoice.lines.data.every((line) => line.parent?.subscription_item_details?.proration ?? line.parent?.invoice_item_details?.proration),
    ).toBe(true);
  });

  it('is refused for paused, canceled, cancelling, send_invoice and classic-mode subscriptions', async () => {
    const paused = await subscribe();
    await stripe.subscriptions.pause(paused.id);
    await expect(stripe.subscriptions.pause(paused.id)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      message: `The subscription ${paused.id} is already paused.`,
    });

    const canceled = await subscribe();
    await stripe.subscriptions.cancel(canceled.id);
    await expect(stripe.subscriptions.pause(canceled.id)).rejects.toMatchObject({
      message: `The subscription ${canceled.id} is canceled and cannot be paused.`,
    });

    const cancelling = await subscribe({ cancel_at_period_end: true });
    await expect(stripe.subscriptions.pause(cancelling.id)).rejects.toMatchObject({
      message: `The subscription ${cancelling.id} is set to be canceled and cannot be paused.`,
    });

    const invoiced = await subscribe({ collection_method: 'send_invoice', days_until_due: 30 });
    await expect(stripe.subscriptions.pause(invoiced.id)).rejects.toMatchObject({
      message: 'Only subscriptions with `collection_method=charge_automatically` can be paused.',
    });

    const classic = await subscribe({ billing_mode: { type: 'classic' } });
    expect(classic.billing_mode).toEqual({ flexible: null, type: 'classic' });
    await expect(stripe.subscriptions.pause(classic.id)).rejects.toMatchObject({
      message: `The subscription ${classic.id} uses classic billing mode; only subscriptions in flexible billing mode can be paused.`,
    });
  });

  it('takes only the SDK’s parameters', async () => {
    const subscription = await subscribe();
    await expect(
      stripe.subscriptions.pause(subscription.id, { type: 'subscription', resumes_at: 1 } as Stripe.SubscriptionPauseParams),
    ).rejects.toMatchObject({ code: 'parameter_unknown', param: 'resumes_at' });
    await expect(
      stripe.subscriptions.pause(subscription.id, { invoicing_behavior: 'later' } as unknown as Stripe.SubscriptionPauseParams),
    ).rejects.toMatchObject({ param: 'invoicing_behavior' });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');
  });
});

describe('resuming a subscription', () => {
  it('starts a new period now by default, bills it, and drops status_details', async () => {
    const subscription = await subscribe();
    await stripe.subscriptions.pause(subscription.id, { bill_for: { unused_time_from: { type: 'none' } } });
    now += 40 * DAY;
    const resumed = await stripe.subscriptions.resume(subscription.id);
    expect(resumed.status).toBe('active');
    expect(resumed).not.toHaveProperty('status_details');
    expect(resumed.items.data[0]!.current_period_start).toBe(now);
    expect(resumed.billing_cycle_anchor).toBe(now);
    const invoice = await stripe.invoices.retrieve(String(resumed.latest_invoice));
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 3000, billing_reason: 'subscription_update' });
    const [event] = await eventsAbout(stripe, subscription.id, 'customer.subscription.resumed');
    expect((event?.data.object as Stripe.Subscription).status).toBe('active');
  });

  it('keeps the old cycle with billing_cycle_anchor=unchanged and prorates the rest of the period', async () => {
    const subscription = await subscribe();
    await stripe.subscriptions.pause(subscription.id, { bill_for: { unused_time_from: { type: 'none' } } });
    now += 10 * DAY;
    const resumed = await stripe.subscriptions.resume(subscription.id, { billing_cycle_anchor: { type: 'unchanged' } });
    expect(resumed.status).toBe('active');
    expect(resumed.items.data[0]!.current_period_end).toBe(subscription.items.data[0]!.current_period_end);
    expect(resumed.latest_invoice).toBe(subscription.latest_invoice);
    const pending = harness.emulator.store.invoiceitems.filter(
      (item) => item.parent?.subscription_details?.subscription === subscription.id && item.invoice === null,
    );
    expect(pending.map((item) => Math.sign(item.amount))).toEqual([1]);
  });

  it('with resume_on_payment_success stays paused when the card fails; by default goes past_due', async () => {
    const subscription = await subscribe();
    const customer = String(subscription.customer);
    const badCard = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await stripe.customers.update(customer, { invoice_settings: { default_payment_method: badCard.id } });
    await stripe.subscriptions.pause(subscription.id, { bill_for: { unused_time_from: { type: 'none' } } });
    const stillPaused = await stripe.subscriptions.resume(subscription.id, { payment_behavior: 'resume_on_payment_success' });
    expect(stillPaused.status).toBe('paused');
    expect((await stripe.invoices.retrieve(String(stillPaused.latest_invoice))).status).toBe('open');
    expect(await eventsAbout(stripe, subscription.id, 'customer.subscription.resumed')).toHaveLength(0);

    const pastDue = await stripe.subscriptions.resume(subscription.id);
    expect(pastDue.status).toBe('past_due');
  });

  it('is refused for a subscription that is not paused, and takes only the SDK’s parameters', async () => {
    const subscription = await subscribe();
    await expect(stripe.subscriptions.resume(subscription.id)).rejects.toMatchObject({
      message: `The subscription ${subscription.id} is not paused, so it cannot be resumed.`,
    });
    await stripe.subscriptions.pause(subscription.id);
    await expect(
      stripe.subscriptions.resume(subscription.id, { billing_cycle_anchor: 'now' } as unknown as Stripe.SubscriptionResumeParams),
    ).rejects.toMatchObject({ param: 'billing_cycle_anchor' });
    await expect(
      stripe.subscriptions.resume(subscription.id, { payment_behavior: 'allow_incomplete' } as unknown as Stripe.SubscriptionResumeParams),
    ).rejects.toMatchObject({ param: 'payment_behavior' });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('paused');
  });
});
