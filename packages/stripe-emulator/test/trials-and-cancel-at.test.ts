import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { advanceClock, portalSuite } from './emulator-suite.js';
import { buttonsOf, eventsAbout, labelsOf, subscribedCustomer, textOf } from './portal-helpers.js';

// Trials with and without a card and how they end by the clock, and `cancel_at` with or without
// `cancel_at_period_end`: through the SDK, Checkout and the portal homepage.

const DAY = 86_400;
const SUCCESS_URL = 'https://shop.example.com/welcome?session_id={CHECKOUT_SESSION_ID}';

const { harness, stripe, catalog, browser } = await portalSuite();

async function trialWithoutCard(missingPaymentMethod?: 'cancel' | 'pause' | 'create_invoice') {
  const customer = await stripe.customers.create({ email: 'trial@example.com' });
  return stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: catalog.basic.id }],
    trial_period_days: 14,
    ...(missingPaymentMethod && { trial_settings: { end_behavior: { missing_payment_method: missingPaymentMethod } } }),
  });
}

describe('trials', () => {
  it('start without a card, keep trial_settings, and send trial_will_end three days before the end', async () => {
    const subscription = await trialWithoutCard('pause');
    expect(subscription).toMatchObject({ status: 'trialing', default_payment_method: null });
    expect(subscription.trial_settings?.end_behavior.missing_payment_method).toBe('pause');
    expect(subscription.trial_end! - subscription.trial_start!).toBe(14 * DAY);
    await advanceClock(harness, 10 * DAY);
    await stripe.subscriptions.retrieve(subscription.id);
    expect(await eventsAbout(stripe, subscription.id, 'customer.subscription.trial_will_end')).toHaveLength(0);
    await advanceClock(harness, DAY + 60);
    await stripe.subscriptions.retrieve(subscription.id);
    await stripe.subscriptions.retrieve(subscription.id);
    expect(await eventsAbout(stripe, subscription.id, 'customer.subscription.trial_will_end')).toHaveLength(1);
  });

  it('end without a card as trial_settings.end_behavior.missing_payment_method says', async () => {
    const paused = await trialWithoutCard('pause');
    const canceled = await trialWithoutCard('cancel');
    const invoiced = await trialWithoutCard();
    await advanceClock(harness, 14 * DAY + 60);
    expect((await stripe.subscriptions.retrieve(paused.id)).status).toBe('paused');
    expect((await eventsAbout(stripe, paused.id, 'customer.subscription.paused')).length).toBe(1);
    expect((await stripe.invoices.list({ subscription: paused.id })).data).toHaveLength(1);
    const ended = await stripe.subscriptions.retrieve(canceled.id);
    expect(ended).toMatchObject({ status: 'canceled', ended_at: canceled.trial_end });
    const pastDue = await stripe.subscriptions.retrieve(invoiced.id);
    expect(pastDue.status).toBe('past_due');
    const [open] = (await stripe.invoices.list({ subscription: invoiced.id })).data;
    expect(open).toMatchObject({ billing_reason: 'subscription_cycle', status: 'open', amount_due: 2000 });
  });

  it('with a card on file become active and paid at the end', async () => {
    const { customer } = await subscribedCustomer(stripe, catalog.basic);
    const trial = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: catalog.pro.id }],
      trial_end: Math.floor(Date.now() / 1000) + 90 * DAY,
      trial_settings: { end_behavior: { missing_payment_method: 'cancel' } },
    });
    await advanceClock(harness, 90 * DAY);
    const after = await stripe.subscriptions.retrieve(trial.id);
    expect(after.status).toBe('active');
    expect((await stripe.invoices.list({ subscription: trial.id })).data[0]).toMatchObject({ status: 'paid', amount_paid: 5000 });
  });

  it('change their end behaviour through an update', async () => {
    const subscription = await trialWithoutCard();
    expect(subscription.trial_settings?.end_behavior.missing_payment_method).toBe('create_invoice');
    const updated = await stripe.subscriptions.update(subscription.id, {
      trial_settings: { end_behavior: { missing_payment_method: 'cancel' } },
    });
    expect(updated.trial_settings?.end_behavior.missing_payment_method).toBe('cancel');
    const event = (await eventsAbout(stripe, subscription.id, 'customer.subscription.updated')).at(-1);
    expect(event?.data.previous_attributes).toMatchObject({
      trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    });
  });

  it('refuse an unknown end behaviour with Stripe’s wording, creating nothing', async () => {
    const customer = await stripe.customers.create({});
    await expect(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: catalog.basic.id }],
        trial_period_days: 7,
        trial_settings: { end_behavior: { missing_payment_method: 'ignore' as 'cancel' } },
      }),
    ).rejects.toMatchObject({
      message: 'Invalid trial_settings[end_behavior][missing_payment_method]: must be one of cancel, create_invoice, or pause',
    });
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
  });

  it('start from Checkout without a card when payment_method_collection is if_required', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: catalog.basic.id, quantity: 1 }],
      success_url: SUCCESS_URL,
      payment_method_collection: 'if_required',
      subscription_data: { trial_period_days: 7, trial_settings: { end_behavior: { missing_payment_method: 'cancel' } } },
    });
    expect(session).toMatchObject({ payment_method_collection: 'if_required', amount_total: 0 });
    const page = await browser.get(session.url!);
    expect(labelsOf(page.html)).toEqual(['Email']);
    expect(textOf(page.html)).toMatch(/No card needed now\. Add one before your trial ends on .+ to keep your subscription\./);
    const done = await browser.submit(page, 'Subscribe', { email: 'nocard@example.com' });
    expect(done.location).toBe(SUCCESS_URL.replace('{CHECKOUT_SESSION_ID}', session.id));
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
    expect(completed.payment_status).toBe('no_payment_required');
    const subscription = completed.subscription as Stripe.Subscription;
    expect(subscription).toMatchObject({ status: 'trialing', default_payment_method: null });
    expect(subscription.trial_settings?.end_behavior.missing_payment_method).toBe('cancel');
    expect((await stripe.customers.listPaymentMethods(String(subscription.customer))).data).toHaveLength(0);
  });

  it('refuse an unknown payment_method_collection in Checkout with Stripe’s wording', async () => {
    await expect(
      stripe.checkout.sessions.create({
        mode: 'subscription',
        line_items: [{ price: catalog.basic.id, quantity: 1 }],
        success_url: SUCCESS_URL,
        payment_method_collection: 'never' as 'always',
      }),
    ).rejects.toMatchObject({
      param: 'payment_method_collection',
      message: 'Invalid payment_method_collection: must be one of always or if_required',
    });
  });

  it('still ask for a card in Checkout when collection is always (the default)', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: catalog.basic.id, quantity: 1 }],
      success_url: SUCCESS_URL,
      subscription_data: { trial_period_days: 7 },
    });
    expect(session.payment_method_collection).toBe('always');
    const page = await browser.get(session.url!);
    expect(labelsOf(page.html)).toContain('Card number');
  });
});

describe('cancel_at', () => {
  it('set without cancel_at_period_end ends the subscription at that time, by the clock', async () => {
    const { subscription } = await subscribedCustomer(stripe, catalog.basic);
    const now =
      Math.floor(Date.now() / 1000) + ((await harness.control('GET', '/_emulator/clock')) as { offset_seconds: number }).offset_seconds;
    const cancelAt = now + 10 * DAY;
    const scheduled = await stripe.subscriptions.update(subscription.id, { cancel_at: cancelAt });
    expect(scheduled).toMatchObject({ cancel_at: cancelAt, cancel_at_period_end: false, status: 'active' });
    await advanceClock(harness, 10 * DAY + 60);
    const ended = await stripe.subscriptions.retrieve(subscription.id);
    expect(ended).toMatchObject({ status: 'canceled', ended_at: cancelAt });
    expect(await eventsAbout(stripe, subscription.id, 'customer.subscription.deleted')).toHaveLength(1);
  });

  it('shows "Cancels on" in the portal, and "Renew subscription" undoes it, whichever way it was set', async () => {
    for (const params of [{ cancel_at_period_end: true }, { cancel_at: Math.floor(Date.now() / 1000) + 400 * DAY }] as const) {
      const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
      await stripe.subscriptions.update(subscription.id, params);
      const session = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'https://shop.example.com/account' });
      const home = await browser.get(session.url);
      expect(textOf(home.html)).toMatch(/Cancels on /);
      expect(buttonsOf(home.html)).toContain('Renew subscription');
      const renewed = await browser.submit(home, 'Renew subscription');
      expect(textOf(renewed.html)).toContain('Your subscription will no longer be canceled.');
      expect(textOf(renewed.html)).toMatch(/Renews on /);
      expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ cancel_at: null, cancel_at_period_end: false });
    }
  });
});
