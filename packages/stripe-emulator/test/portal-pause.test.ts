import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { portalSuite } from './emulator-suite.js';
import { buttonsOf, eventsAbout, fullFeatures, subscribedCustomer, textOf } from './portal-helpers.js';

// Pausing in the portal: `features.subscription_pause` on configurations, the `subscription_pause`
// flow, the page with the configuration's durations, a timed pause resuming by itself, and
// "Resume subscription" on the homepage.

const RETURN_URL = 'https://shop.example.com/account';
const DONE_URL = 'https://shop.example.com/account/paused';
const DAY = 86_400;

let clockOffsetMs = 0;
const { stripe, catalog, browser } = await portalSuite({ emulator: { clock: () => Date.now() + clockOffsetMs } });
/** Pause for one or three months: what the configuration is given, and what Stripe stores. */
const pauseFeature: Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionPause = {
  enabled: true,
  duration: {
    type: 'interval_options',
    interval_options: [
      { interval: 'month', interval_count: 1 },
      { interval: 'month', interval_count: 3 },
    ],
  },
};
const pausable = await stripe.billingPortal.configurations.create({
  features: { ...fullFeatures(catalog), subscription_pause: pauseFeature },
});

function pauseFlow(subscription: string, configuration = pausable.id, customer?: string) {
  return (customerId: string) =>
    stripe.billingPortal.sessions.create({
      customer: customer ?? customerId,
      configuration,
      return_url: RETURN_URL,
      flow_data: {
        type: 'subscription_pause',
        subscription_pause: { subscription },
        after_completion: { type: 'redirect', redirect: { return_url: DONE_URL } },
      },
    });
}

describe('features.subscription_pause', () => {
  it('is stored as given, with Stripe’s defaults and its limits checked', async () => {
    expect(pausable.features.subscription_pause).toEqual(pauseFeature);
    const defaults = await stripe.billingPortal.configurations.create({
      features: { payment_method_update: { enabled: true }, subscription_pause: { enabled: true } },
    });
    expect(defaults.features.subscription_pause.duration).toEqual({
      type: 'interval_options',
      interval_options: [{ interval: 'month', interval_count: 1 }],
    });
    const indefinite = await stripe.billingPortal.configurations.update(defaults.id, {
      features: { subscription_pause: { duration: { type: 'indefinite' } } },
    });
    expect(indefinite.features.subscription_pause.duration).toEqual({ type: 'indefinite', interval_options: [] });

    const create = (duration: Stripe.BillingPortal.ConfigurationCreateParams.Features.SubscriptionPause.Duration) =>
      stripe.billingPortal.configurations.create({ features: { subscription_pause: { enabled: true, duration } } });
    await expect(create({ type: 'interval_options' })).rejects.toMatchObject({
      param: 'features[subscription_pause][duration][interval_options]',
      message: '`interval_options` is required when `type` is `interval_options`.',
    });
    await expect(create({ type: 'indefinite', interval_options: [{ interval: 'week' }] })).rejects.toMatchObject({
      message: '`interval_options` can only be set when `type` is `interval_options`.',
    });
    await expect(create({ type: 'interval_options', interval_options: [{ interval: 'month', interval_count: 37 }] })).rejects.toMatchObject(
      {
        param: 'features[subscription_pause][duration][interval_options][0][interval_count]',
        message: 'The maximum pause duration is three years (36 months).',
      },
    );
  });
});

describe('the subscription_pause flow', () => {
  it('is refused without the feature, for another customer’s subscription, and for one that cannot pause', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const [defaultConfiguration] = (await stripe.billingPortal.configurations.list({ is_default: true })).data;
    await expect(pauseFlow(subscription.id, defaultConfiguration!.id)(customer.id)).rejects.toMatchObject({
      message: 'This subscription cannot be paused because the subscription pause feature in the portal configuration is disabled.',
    });
    const other = await subscribedCustomer(stripe, catalog.basic, { email: 'other@example.com' });
    await expect(pauseFlow(other.subscription.id)(customer.id)).rejects.toMatchObject({
      param: 'flow_data[subscription_pause][subscription]',
      message: `The subscription ${other.subscription.id} does not belong to the customer ${customer.id}.`,
    });
    await stripe.subscriptions.pause(subscription.id);
    await expect(pauseFlow(subscription.id)(customer.id)).rejects.toMatchObject({
      param: 'flow_data[subscription_pause][subscription]',
      message: `The subscription ${subscription.id} is already paused.`,
    });
  });

  it('offers the durations, pauses with a schedule that resumes it, and lands on the redirect', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const session = await pauseFlow(subscription.id)(customer.id);
    expect(session.flow).toMatchObject({
      type: 'subscription_pause',
      subscription_pause: { subscription: subscription.id },
      customer_update: null,
    });
    const page = await browser.get(session.url);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('Pause your subscription');
    expect(text).toContain('1 month');
    expect(text).toContain('3 months');
    expect(buttonsOf(page.html)).toEqual(['Pause subscription']);

    const done = await browser.submit(page, 'Pause subscription', { duration: '1' });
    expect(done.location).toBe(DONE_URL);
    const paused = await stripe.subscriptions.retrieve(subscription.id, { expand: ['schedule'] });
    expect(paused.status).toBe('paused');
    const schedule = paused.schedule as Stripe.SubscriptionSchedule;
    expect(schedule).toMatchObject({ object: 'subscription_schedule', status: 'active', subscription: subscription.id });
    const resumeAt = schedule.pause_schedules[0]!.resume!.resume_at;
    const days = (resumeAt - paused.status_details!.paused.transitioned_at) / DAY;
    expect(days).toBeGreaterThanOrEqual(89);
    expect(days).toBeLessThanOrEqual(92);
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ id: schedule.id });

    // The flow is done: its page now leads to the redirect, and a replayed post changes nothing.
    expect((await browser.get(session.url)).location).toBe(DONE_URL);
    expect((await browser.submit(page, 'Pause subscription', { duration: '0' })).location).toBe(DONE_URL);
    expect(await eventsAbout(stripe, subscription.id, 'customer.subscription.paused')).toHaveLength(1);

    // When the pause is over the subscription resumes by itself, and the schedule lets it go.
    clockOffsetMs += (resumeAt - Math.floor(Date.now() / 1000) + 60) * 1000;
    const resumed = await stripe.subscriptions.retrieve(subscription.id);
    expect(resumed.status).toBe('active');
    expect(resumed.schedule).toBeNull();
    expect(resumed.items.data[0]!.current_period_start).toBe(resumeAt);
    expect(await eventsAbout(stripe, subscription.id, 'customer.subscription.resumed')).toHaveLength(1);
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({
      status: 'released',
      released_subscription: subscription.id,
      subscription: null,
    });
  });
});

describe('the homepage', () => {
  it('offers "Pause subscription", says until when it is paused in French, and resumes it', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const open = async () =>
      browser.get(
        (
          await stripe.billingPortal.sessions.create({
            customer: customer.id,
            configuration: pausable.id,
            return_url: RETURN_URL,
            locale: 'fr',
          })
        ).url,
      );
    const home = await open();
    expect(buttonsOf(home.html)).toContain('Suspendre l’abonnement');
    const pausePage = await browser.submit(home, 'Suspendre l’abonnement');
    const back = await browser.submit(pausePage, 'Suspendre l’abonnement', { duration: '0' });
    expect(back.url).toMatch(/\?notice=subscription_paused/);
    const text = textOf(back.html);
    expect(text).toMatch(/Votre abonnement a été suspendu jusqu’au \d{1,2} \S+ \d{4}\./);
    expect(text).toMatch(/Suspendu jusqu’au \d{1,2} \S+ \d{4}/);
    expect(buttonsOf(back.html)).not.toContain('Suspendre l’abonnement');

    const resumedPage = await browser.submit(back, 'Reprendre l’abonnement');
    expect(resumedPage.url).toMatch(/\?notice=subscription_resumed/);
    expect(textOf(resumedPage.html)).toContain('Votre abonnement a repris.');
    const resumed = await stripe.subscriptions.retrieve(subscription.id);
    expect(resumed).toMatchObject({ status: 'active', schedule: null });
  });

  it('pauses until resumed when the configuration’s duration is indefinite', async () => {
    const indefinite = await stripe.billingPortal.configurations.create({
      features: { ...fullFeatures(catalog), subscription_pause: { enabled: true, duration: { type: 'indefinite' } } },
    });
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const session = await pauseFlow(subscription.id, indefinite.id)(customer.id);
    const page = await browser.get(session.url);
    expect(textOf(page.html)).toContain('Your subscription stays paused until you resume it.');
    await browser.submit(page, 'Pause subscription');
    const paused = await stripe.subscriptions.retrieve(subscription.id);
    expect(paused).toMatchObject({ status: 'paused', schedule: null });
    const home = await browser.get(
      (await stripe.billingPortal.sessions.create({ customer: customer.id, configuration: indefinite.id, return_url: RETURN_URL })).url,
    );
    expect(textOf(home.html)).toContain('Paused until you resume it');
    expect(buttonsOf(home.html)).toContain('Resume subscription');
  });
});

describe('what an app reads and does after a portal pause', () => {
  it('lists the subscription with its pause schedule expanded (`data.schedule`), and resumes it by API once per idempotency key', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const page = await browser.get((await pauseFlow(subscription.id)(customer.id)).url);
    await browser.submit(page, 'Pause subscription', { duration: '0' });

    const list = await stripe.subscriptions.list({
      customer: customer.id,
      status: 'all',
      expand: ['data.schedule', 'data.items.data.price.product'],
    });
    expect(list.data).toHaveLength(1);
    const listed = list.data[0]!;
    expect(listed.status).toBe('paused');
    const schedule = listed.schedule as Stripe.SubscriptionSchedule;
    expect(schedule).toMatchObject({ object: 'subscription_schedule', subscription: subscription.id });
    const resumeAt = schedule.pause_schedules[0]!.resume!.resume_at;
    expect(resumeAt).toBeGreaterThan(listed.status_details!.paused.transitioned_at);

    // A timed pause resumed early through the API: the schedule is released; the same key replayed
    // (a double click) answers the first response instead of refusing an active subscription.
    const key = `resume-${subscription.id}`;
    const resumed = await stripe.subscriptions.resume(subscription.id, {}, { idempotencyKey: key });
    expect(resumed).toMatchObject({ status: 'active', schedule: null });
    const replayed = await stripe.subscriptions.resume(subscription.id, {}, { idempotencyKey: key });
    expect(replayed.id).toBe(resumed.id);
    expect(replayed.status).toBe('active');
    expect(await eventsAbout(stripe, subscription.id, 'customer.subscription.resumed')).toHaveLength(1);
    await expect(stripe.subscriptions.resume(subscription.id)).rejects.toMatchObject({ type: 'StripeInvalidRequestError' });
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ status: 'released' });
  });
});
