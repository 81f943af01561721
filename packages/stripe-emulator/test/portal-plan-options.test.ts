import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { portalSuite } from './emulator-suite.js';
import { fullFeatures, subscribedCustomer, updateConfirmSession } from './portal-helpers.js';

// What the portal's `trial_update_behavior` and `billing_cycle_anchor` do to a plan change.

const DONE_URL = 'https://shop.example.com/account/plan-updated';
const DAY = 86_400;

const { stripe, catalog, browser } = await portalSuite({ defaultConfiguration: false });

async function configurationWith(update: Partial<Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionUpdate>) {
  const features = fullFeatures(catalog);
  return stripe.billingPortal.configurations.create({
    features: { ...features, subscription_update: { ...features.subscription_update!, ...update } },
  });
}

async function changeToPro(configuration: string, subscription: Stripe.Subscription): Promise<Stripe.Subscription> {
  const session = await updateConfirmSession(stripe, subscription, catalog.pro.id, {
    returnUrl: DONE_URL,
    doneUrl: DONE_URL,
    configuration,
  });
  const done = await browser.submit(await browser.get(session.url), 'Confirm');
  expect(done.location).toBe(DONE_URL);
  return stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
}

async function trialing(): Promise<Stripe.Subscription> {
  const { customer } = await subscribedCustomer(stripe, catalog.basic);
  return stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.basic.id }], trial_period_days: 10 });
}

describe('trial_update_behavior', () => {
  it('continue_trial keeps the trial and bills nothing', async () => {
    const configuration = await configurationWith({ trial_update_behavior: 'continue_trial' });
    const subscription = await trialing();
    const changed = await changeToPro(configuration.id, subscription);
    expect(changed).toMatchObject({ status: 'trialing', trial_end: subscription.trial_end });
    expect(changed.items.data[0]!.price.id).toBe(catalog.pro.id);
    expect((changed.latest_invoice as Stripe.Invoice).amount_due).toBe(0);
  });

  it('end_trial ends the trial and charges the new plan now', async () => {
    const configuration = await configurationWith({ trial_update_behavior: 'end_trial' });
    const subscription = await trialing();
    const changed = await changeToPro(configuration.id, subscription);
    expect(changed.status).toBe('active');
    expect(changed.trial_end).toBeLessThan(subscription.trial_end!);
    expect(changed.latest_invoice as Stripe.Invoice).toMatchObject({ billing_reason: 'subscription_update', amount_paid: 5000 });
  });
});

describe('billing_cycle_anchor', () => {
  it('now starts a new period at the change; unchanged keeps the period', async () => {
    const now = await configurationWith({ billing_cycle_anchor: 'now' });
    const first = (await subscribedCustomer(stripe, catalog.basic)).subscription;
    const reset = await changeToPro(now.id, first);
    expect(reset.billing_cycle_anchor).toBeGreaterThanOrEqual(first.billing_cycle_anchor);
    expect(reset.items.data[0]!.current_period_end - reset.items.data[0]!.current_period_start).toBeGreaterThanOrEqual(28 * DAY);
    expect(reset.latest_invoice as Stripe.Invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid' });

    const unchanged = await configurationWith({ billing_cycle_anchor: 'unchanged' });
    const second = (await subscribedCustomer(stripe, catalog.basic)).subscription;
    const kept = await changeToPro(unchanged.id, second);
    expect(kept.items.data[0]!.current_period_end).toBe(second.items.data[0]!.current_period_end);
    expect((kept.latest_invoice as Stripe.Invoice).id).toBe(second.latest_invoice);
  });
});
