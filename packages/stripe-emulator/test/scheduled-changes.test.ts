import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { advanceClock, portalSuite } from './emulator-suite.js';
import { buttonsOf, eventsAbout, fullFeatures, subscribedCustomer, textOf, updateConfirmSession } from './portal-helpers.js';

// Plan changes that wait for the end of the period (`schedule_at_period_end`), stored as
// subscription schedules and applied by the emulator's clock, through the SDK and the hosted pages.

const RETURN_URL = 'https://shop.example.com/account';
const DONE_URL = 'https://shop.example.com/account/plan-updated';
const DAY = 86_400;

const { harness, stripe, catalog, browser } = await portalSuite({ defaultConfiguration: false });
const features = fullFeatures(catalog);
const configuration = await stripe.billingPortal.configurations.create({
  features: {
    ...features,
    subscription_update: {
      ...features.subscription_update!,
      products: [{ product: catalog.product.id, prices: [catalog.basic.id, catalog.pro.id, catalog.yearly.id] }],
      schedule_at_period_end: { conditions: [{ type: 'decreasing_item_amount' }, { type: 'shortening_interval' }] },
    },
  },
});

async function confirmChange(subscription: Stripe.Subscription, price: string) {
  const session = await updateConfirmSession(stripe, subscription, price, { returnUrl: RETURN_URL, doneUrl: DONE_URL });
  return browser.get(session.url);
}

describe('the portal configuration', () => {
  it('returns the conditions, trial behaviour, anchor and cancel proration as set', async () => {
    const features = configuration.features.subscription_update;
    expect(features.schedule_at_period_end.conditions).toEqual([{ type: 'decreasing_item_amount' }, { type: 'shortening_interval' }]);
    expect(features.trial_update_behavior).toBe('end_trial');
    expect(features.billing_cycle_anchor).toBeNull();
    const updated = await stripe.billingPortal.configurations.update(configuration.id, {
      features: {
        subscription_update: { trial_update_behavior: 'continue_trial', billing_cycle_anchor: 'unchanged' },
        subscription_cancel: { mode: 'immediately', proration_behavior: 'create_prorations' },
      },
    });
    expect(updated.features.subscription_update).toMatchObject({
      trial_update_behavior: 'continue_trial',
      billing_cycle_anchor: 'unchanged',
    });
    expect(updated.features.subscription_cancel).toMatchObject({ mode: 'immediately', proration_behavior: 'create_prorations' });
    const restored = await stripe.billingPortal.configurations.update(configuration.id, {
      features: {
        subscription_update: { trial_update_behavior: 'end_trial' },
        subscription_cancel: { mode: 'at_period_end', proration_behavior: 'none' },
      },
    });
    expect(restored.features.subscription_cancel.mode).toBe('at_period_end');
  });

  it('refuses values Stripe does not know with its wording, changing nothing', async () => {
    const attempts: [Record<string, unknown>, string][] = [
      [
        { subscription_update: { schedule_at_period_end: { conditions: [{ type: 'increasing_item_amount' }] } } },
        'Invalid features[subscription_update][schedule_at_period_end][conditions][0][type]: must be one of decreasing_item_amount or shortening_interval',
      ],
      [
        { subscription_update: { trial_update_behavior: 'pause_trial' } },
        'Invalid features[subscription_update][trial_update_behavior]: must be one of continue_trial or end_trial',
      ],
      [
        { subscription_update: { billing_cycle_anchor: 'later' } },
        'Invalid features[subscription_update][billing_cycle_anchor]: must be one of now or unchanged',
      ],
      [
        { subscription_cancel: { proration_behavior: 'sometimes' } },
        'Invalid features[subscription_cancel][proration_behavior]: must be one of always_invoice, create_prorations, or none',
      ],
    ];
    for (const [features, message] of attempts) {
      await expect(
        stripe.billingPortal.configurations.update(configuration.id, { features } as Stripe.BillingPortal.ConfigurationUpdateParams),
      ).rejects.toMatchObject({ type: 'StripeInvalidRequestError', message });
    }
    const after = await stripe.billingPortal.configurations.retrieve(configuration.id);
    expect(after.features.subscription_update.schedule_at_period_end.conditions).toHaveLength(2);
    expect(after.features.subscription_update.trial_update_behavior).toBe('end_trial');
  });
});

describe('a downgrade through the portal', () => {
  it('waits for the period end as a two-phase schedule, then the clock applies and bills it', async () => {
    const { subscription } = await subscribedCustomer(stripe, catalog.pro);
    const periodEnd = subscription.items.data[0]!.current_period_end;
    const confirm = await confirmChange(subscription, catalog.basic.id);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.html)).toMatch(
      /This change takes effect at the end of your current billing period, on .+\. Nothing is charged today\./,
    );
    expect(textOf(confirm.html)).not.toContain('Pay with a different card');
    const done = await browser.submit(confirm, 'Confirm');
    expect(done.location).toBe(DONE_URL);

    const waiting = await stripe.subscriptions.retrieve(subscription.id, { expand: ['schedule'] });
    expect(waiting.items.data[0]!.price.id).toBe(catalog.pro.id);
    const schedule = waiting.schedule as Stripe.SubscriptionSchedule;
    expect(schedule).toMatchObject({
      object: 'subscription_schedule',
      status: 'active',
      end_behavior: 'release',
      subscription: subscription.id,
    });
    expect(schedule.phases.map((phase) => [phase.items[0]!.price, phase.start_date])).toEqual([
      [catalog.pro.id, subscription.items.data[0]!.current_period_start],
      [catalog.basic.id, periodEnd],
    ]);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);

    await advanceClock(harness, periodEnd - Math.floor(Date.now() / 1000) + 60);
    const changed = await stripe.subscriptions.retrieve(subscription.id);
    expect(changed.items.data[0]!.price.id).toBe(catalog.basic.id);
    expect(changed.items.data[0]!.current_period_start).toBe(periodEnd);
    const [renewal] = (await stripe.invoices.list({ subscription: subscription.id })).data;
    expect(renewal).toMatchObject({ billing_reason: 'subscription_cycle', amount_paid: 2000, status: 'paid' });
    const current = await stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(current.current_phase).toEqual({ start_date: periodEnd, end_date: schedule.phases[1]!.end_date });
    const types = (await eventsAbout(stripe, schedule.id)).map((event) => event.type);
    expect(types).toEqual(['subscription_schedule.created', 'subscription_schedule.updated']);

    await advanceClock(harness, 40 * DAY);
    const released = await stripe.subscriptionSchedules.retrieve(schedule.id);
    expect(released).toMatchObject({ status: 'released', released_subscription: subscription.id, subscription: null });
    expect((await stripe.subscriptions.retrieve(subscription.id)).schedule).toBeNull();
  });

  it('shows the change on the homepage; "Keep current plan" releases the schedule and keeps the plan', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.pro);
    await browser.submit(await confirmChange(subscription, catalog.basic.id), 'Confirm');
    const scheduleId = String((await stripe.subscriptions.retrieve(subscription.id)).schedule);
    const session = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: RETURN_URL, locale: 'fr' });
    const home = await browser.get(session.url);
    expect(textOf(home.html)).toMatch(/Passe à Team plan le /);
    expect(buttonsOf(home.html)).toContain('Conserver l’offre actuelle');
    const kept = await browser.submit(home, 'Conserver l’offre actuelle');
    expect(textOf(kept.html)).toContain('Vous conservez votre offre actuelle.');
    expect(buttonsOf(kept.html)).not.toContain('Conserver l’offre actuelle');
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after).toMatchObject({ schedule: null });
    expect(after.items.data[0]!.price.id).toBe(catalog.pro.id);
    expect(await stripe.subscriptionSchedules.retrieve(scheduleId)).toMatchObject({ status: 'released' });
  });

  it('schedules a shorter interval; an upgrade still applies at once', async () => {
    const { subscription } = await subscribedCustomer(stripe, catalog.yearly);
    await browser.submit(await confirmChange(subscription, catalog.pro.id), 'Confirm');
    const yearly = await stripe.subscriptions.retrieve(subscription.id);
    expect(yearly.schedule).not.toBeNull();
    expect(yearly.items.data[0]!.price.id).toBe(catalog.yearly.id);

    const monthly = await subscribedCustomer(stripe, catalog.basic);
    await browser.submit(await confirmChange(monthly.subscription, catalog.pro.id), 'Confirm');
    const upgraded = await stripe.subscriptions.retrieve(monthly.subscription.id);
    expect(upgraded.schedule).toBeNull();
    expect(upgraded.items.data[0]!.price.id).toBe(catalog.pro.id);
  });
});

describe('the subscription schedule endpoints', () => {
  it('lists by customer, releases once, and cancel ends the subscription too', async () => {
    const first = await subscribedCustomer(stripe, catalog.pro);
    await browser.submit(await confirmChange(first.subscription, catalog.basic.id), 'Confirm');
    const list = await stripe.subscriptionSchedules.list({ customer: first.customer.id });
    expect(list.data).toHaveLength(1);
    const released = await stripe.subscriptionSchedules.release(list.data[0]!.id);
    expect(released.status).toBe('released');
    await expect(stripe.subscriptionSchedules.release(released.id)).rejects.toMatchObject({
      message:
        'You cannot release or cancel a subscription schedule that is currently in the `released` status. It must be in `not_started` or `active` status.',
    });

    const second = await subscribedCustomer(stripe, catalog.pro);
    await browser.submit(await confirmChange(second.subscription, catalog.basic.id), 'Confirm');
    const scheduleId = String((await stripe.subscriptions.retrieve(second.subscription.id)).schedule);
    const canceled = await stripe.subscriptionSchedules.cancel(scheduleId);
    expect(canceled).toMatchObject({ status: 'canceled' });
    expect((await stripe.subscriptions.retrieve(second.subscription.id)).status).toBe('canceled');
    await expect(stripe.subscriptionSchedules.release('sub_sched_missing')).rejects.toMatchObject({
      message: "No such subscription_schedule: 'sub_sched_missing'",
    });
  });
});
