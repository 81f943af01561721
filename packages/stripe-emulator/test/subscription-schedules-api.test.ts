import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { portalSuite } from './emulator-suite.js';
import { buttonsOf, eventsAbout, eventTypesAbout, fullFeatures, subscribedCustomer, textOf } from './portal-helpers.js';

// Subscription schedules made and changed through the API, as a forker's own code makes them (a
// downgrade at the period's end), applied by the emulator's clock.

const DAY = 86_400;

const { harness, stripe, catalog, browser } = await portalSuite({ defaultConfiguration: false });

/** Moves the emulator's clock to `to` (seconds since the epoch), settling what fell due. */
async function clockTo(to: number): Promise<void> {
  await harness.control('POST', '/_emulator/clock', { to });
}

/** A Pro subscription under a schedule made `from_subscription`, with a downgrade to Basic at its period's end. */
async function scheduledDowngrade(options: { end_behavior?: 'cancel' | 'release' } = {}) {
  const { customer, subscription } = await subscribedCustomer(stripe, catalog.pro);
  const created = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
  const [current] = created.phases;
  const schedule = await stripe.subscriptionSchedules.update(created.id, {
    ...options,
    phases: [
      { items: [{ price: catalog.pro.id, quantity: 1 }], start_date: current!.start_date, end_date: current!.end_date },
      { items: [{ price: catalog.basic.id, quantity: 1 }], duration: { interval: 'month', interval_count: 1 } },
    ],
  });
  return { customer, subscription, schedule, periodEnd: current!.end_date };
}

describe('a schedule made from a subscription', () => {
  it('takes the subscription over: one phase of its items until the period ends, released at the end', async () => {
    const { subscription } = await subscribedCustomer(stripe, catalog.pro);
    const item = subscription.items.data[0]!;
    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id, metadata: { source: 'api' } });
    expect(schedule).toMatchObject({
      object: 'subscription_schedule',
      status: 'active',
      end_behavior: 'release',
      subscription: subscription.id,
      customer: subscription.customer,
      metadata: { source: 'api' },
      current_phase: { start_date: item.current_period_start, end_date: item.current_period_end },
    });
    expect(schedule.phases.map((phase) => [phase.items[0]!.price, phase.items[0]!.quantity, phase.start_date, phase.end_date])).toEqual([
      [catalog.pro.id, 1, item.current_period_start, item.current_period_end],
    ]);
    expect((await stripe.subscriptions.retrieve(subscription.id)).schedule).toBe(schedule.id);
    expect(await eventTypesAbout(stripe, schedule.id)).toEqual(['subscription_schedule.created']);
    const [updated] = await eventsAbout(stripe, subscription.id, 'customer.subscription.updated');
    expect(updated!.data.previous_attributes).toEqual({ schedule: null });
  });

  it('updated to a downgrade at the period end: the clock applies it, bills it, then releases the schedule', async () => {
    const { subscription, schedule, periodEnd } = await scheduledDowngrade();
    expect(schedule.phases.map((phase) => [phase.items[0]!.price, phase.start_date])).toEqual([
      [catalog.pro.id, subscription.items.data[0]!.current_period_start],
      [catalog.basic.id, periodEnd],
    ]);
    expect(await eventTypesAbout(stripe, schedule.id)).toEqual(['subscription_schedule.created', 'subscription_schedule.updated']);
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]!.price.id).toBe(catalog.pro.id);

    await clockTo(periodEnd + 60);
    const changed = await stripe.subscriptions.retrieve(subscription.id);
    expect(changed.items.data[0]!.price.id).toBe(catalog.basic.id);
    expect(changed.items.data[0]!.current_period_start).toBe(periodEnd);
    const [renewal] = (await stripe.invoices.list({ subscription: subscription.id })).data;
    expect(renewal).toMatchObject({ billing_reason: 'subscription_cycle', amount_paid: 2000, status: 'paid' });
    expect((await stripe.subscriptionSchedules.retrieve(schedule.id)).current_phase).toEqual({
      start_date: periodEnd,
      end_date: schedule.phases[1]!.end_date,
    });
    const types = await eventTypesAbout(stripe, schedule.id);
    expect(types).toEqual(['subscription_schedule.created', 'subscription_schedule.updated', 'subscription_schedule.updated']);
    const subscriptionEvents = await eventsAbout(stripe, subscription.id, 'customer.subscription.updated');
    expect(subscriptionEvents.some((event) => event.data.previous_attributes && 'items' in event.data.previous_attributes)).toBe(true);

    await clockTo(schedule.phases[1]!.end_date + 60);
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({
      status: 'released',
      released_subscription: subscription.id,
      subscription: null,
    });
    const carriedOn = await stripe.subscriptions.retrieve(subscription.id);
    expect(carriedOn).toMatchObject({ status: 'active', schedule: null });
    expect(carriedOn.items.data[0]!.price.id).toBe(catalog.basic.id);
  });

  it('with end_behavior cancel, ends the subscription when the last phase ends and completes the schedule', async () => {
    const { subscription, schedule } = await scheduledDowngrade({ end_behavior: 'cancel' });
    expect(schedule.end_behavior).toBe('cancel');
    const end = schedule.phases[1]!.end_date;
    await clockTo(end + 60);
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'canceled', ended_at: end });
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({
      status: 'completed',
      completed_at: end,
      current_phase: null,
    });
    expect((await eventTypesAbout(stripe, schedule.id)).at(-1)).toBe('subscription_schedule.completed');
    expect(await eventTypesAbout(stripe, subscription.id)).toContain('customer.subscription.deleted');
  });

  it('released before the period ends: the subscription keeps its plan and the next phase never happens', async () => {
    const { subscription, schedule, periodEnd } = await scheduledDowngrade();
    const released = await stripe.subscriptionSchedules.release(schedule.id);
    expect(released).toMatchObject({ status: 'released', released_subscription: subscription.id, subscription: null });
    expect((await stripe.subscriptions.retrieve(subscription.id)).schedule).toBeNull();
    await clockTo(periodEnd + 60);
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.items.data[0]!.price.id).toBe(catalog.pro.id);
    expect(renewed.items.data[0]!.current_period_start).toBe(periodEnd);
  });

  it('applies a change to the current phase to the subscription now, as proration_behavior says', async () => {
    const { subscription } = await subscribedCustomer(stripe, catalog.basic);
    const created = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
    const [current] = created.phases;
    await stripe.subscriptionSchedules.update(created.id, {
      phases: [{ items: [{ price: catalog.basic.id, quantity: 3 }], start_date: current!.start_date, end_date: current!.end_date }],
      proration_behavior: 'none',
    });
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data[0]!.quantity).toBe(3);
    expect(after.items.data[0]!.id).toBe(subscription.items.data[0]!.id);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data).toHaveLength(1);
  });
});

describe('the portal homepage and a schedule made through the API', () => {
  async function home(customer: string) {
    const configuration = await stripe.billingPortal.configurations.create({ features: fullFeatures(catalog) });
    const session = await stripe.billingPortal.sessions.create({
      customer,
      configuration: configuration.id,
      return_url: 'https://shop.example.com/account',
    });
    return browser.get(session.url);
  }

  it('shows a later phase on another price as the change, with "Keep current plan"', async () => {
    const { customer } = await scheduledDowngrade();
    const page = await home(customer.id);
    expect(textOf(page.html)).toMatch(/Changes to .+ on /);
    expect(buttonsOf(page.html)).toContain('Keep current plan');
  });

  it('does not show a later phase on the same price (a quantity, a coupon) as a plan change', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.pro);
    const created = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
    const [current] = created.phases;
    await stripe.subscriptionSchedules.update(created.id, {
      phases: [
        { items: [{ price: catalog.pro.id, quantity: 1 }], start_date: current!.start_date, end_date: current!.end_date },
        { items: [{ price: catalog.pro.id, quantity: 2 }], duration: { interval: 'month', interval_count: 1 } },
      ],
    });
    const page = await home(customer.id);
    expect(textOf(page.html)).not.toMatch(/Changes to /);
    expect(buttonsOf(page.html)).not.toContain('Keep current plan');
  });
});

describe('a schedule made for a customer with phases', () => {
  it('creates the subscription of the first phase now, and the clock moves it to the next', async () => {
    const { customer } = await subscribedCustomer(stripe, catalog.basic);
    const schedule = await stripe.subscriptionSchedules.create({
      customer: customer.id,
      start_date: 'now',
      end_behavior: 'release',
      phases: [
        { items: [{ price: catalog.pro.id, quantity: 2 }] },
        { items: [{ price: catalog.basic.id }], duration: { interval: 'month', interval_count: 2 }, metadata: { step: 'after' } },
      ],
    });
    expect(schedule.status).toBe('active');
    const subscription = await stripe.subscriptions.retrieve(String(schedule.subscription));
    expect(subscription).toMatchObject({ status: 'active', schedule: schedule.id, customer: customer.id });
    expect(subscription.items.data.map((item) => [item.price.id, item.quantity])).toEqual([[catalog.pro.id, 2]]);
    const [first, second] = schedule.phases;
    expect(first!.start_date).toBe(subscription.start_date);
    expect(first!.end_date).toBe(subscription.items.data[0]!.current_period_end);
    expect(second).toMatchObject({ start_date: first!.end_date, metadata: { step: 'after' } });
    expect(second!.end_date - second!.start_date).toBeGreaterThanOrEqual(59 * DAY);
    const [created] = await eventsAbout(stripe, subscription.id, 'customer.subscription.created');
    expect((created!.data.object as Stripe.Subscription).schedule).toBe(schedule.id);
    expect((await stripe.invoices.list({ subscription: subscription.id })).data[0]).toMatchObject({ amount_paid: 10000 });

    await clockTo(first!.end_date + 60);
    const moved = await stripe.subscriptions.retrieve(subscription.id);
    expect(moved.items.data.map((item) => [item.price.id, item.quantity])).toEqual([[catalog.basic.id, 1]]);
  });

  it('canceled through the API, ends its subscription now', async () => {
    const { customer } = await subscribedCustomer(stripe, catalog.basic);
    const schedule = await stripe.subscriptionSchedules.create({
      customer: customer.id,
      phases: [{ items: [{ price: catalog.pro.id }] }, { items: [{ price: catalog.basic.id }] }],
    });
    const canceled = await stripe.subscriptionSchedules.cancel(schedule.id);
    expect(canceled).toMatchObject({ status: 'canceled', current_phase: null });
    expect(await stripe.subscriptions.retrieve(String(schedule.subscription))).toMatchObject({ status: 'canceled' });
    expect(await eventTypesAbout(stripe, schedule.id)).toEqual(['subscription_schedule.created', 'subscription_schedule.canceled']);
  });
});

describe('refusals', () => {
  it('refuses what Stripe refuses at creation, with its wording, creating nothing', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.pro);
    const phases = [{ items: [{ price: catalog.basic.id }] }];
    const attempts: [Stripe.SubscriptionScheduleCreateParams, string][] = [
      [{ from_subscription: subscription.id, phases }, 'You cannot set `phases` if `from_subscription` is set.'],
      [{ from_subscription: subscription.id, customer: customer.id }, 'You cannot set `customer` if `from_subscription` is set.'],
      [{ phases }, 'You must provide either `customer` or `from_subscription`.'],
      [{ customer: customer.id }, 'Missing required param: phases.'],
      [{ customer: customer.id, phases: [] }, 'Missing required param: phases.'],
      [
        { customer: customer.id, phases, start_date: Math.floor(Date.now() / 1000) + 400 * DAY },
        'The local Stripe emulator does not support `start_date`: a schedule starts `now`; create it when its subscription should start.',
      ],
      [
        { customer: customer.id, phases: [{ items: [{ price: catalog.basic.id }], end_date: 1 }] },
        'The `end_date` of a phase must be after its `start_date`.',
      ],
      [
        {
          customer: customer.id,
          phases: [{ items: [{ price: catalog.basic.id }], end_date: 4_000_000_000, duration: { interval: 'month' } }],
        },
        'You may only specify one of these parameters: duration, end_date.',
      ],
      [{ customer: customer.id, phases: [{ items: [{ price: 'price_missing' }] }] }, "No such price: 'price_missing'"],
      [{ from_subscription: 'sub_missing' }, "No such subscription: 'sub_missing'"],
      [{ customer: customer.id, phases, end_behavior: 'renew' }, 'Invalid end_behavior: must be one of cancel or release'],
    ];
    for (const [params, message] of attempts) {
      await expect(stripe.subscriptionSchedules.create(params), message).rejects.toMatchObject({ message });
    }
    expect((await stripe.subscriptionSchedules.list({ customer: customer.id })).data).toHaveLength(0);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(1);

    const schedule = await stripe.subscriptionSchedules.create({ from_subscription: subscription.id });
    await expect(stripe.subscriptionSchedules.create({ from_subscription: subscription.id })).rejects.toMatchObject({
      message: `You cannot migrate a subscription that is already attached to a schedule: \`${schedule.id}\`.`,
      param: 'from_subscription',
    });
  });

  it('refuses updates that would rewrite the past or leave gaps, changing nothing', async () => {
    const { schedule, periodEnd } = await scheduledDowngrade();
    const [current] = schedule.phases;
    const start = current!.start_date;
    const pro = [{ price: catalog.pro.id }];
    const basic = [{ price: catalog.basic.id }];
    const attempts: [Stripe.SubscriptionScheduleUpdateParams, string][] = [
      [
        { phases: [{ items: pro, end_date: periodEnd }, { items: basic }] },
        'The subscription schedule update is missing at least one phase with a `start_date` to anchor end dates to.',
      ],
      [
        { phases: [{ items: pro, start_date: start - 60, end_date: periodEnd }] },
        'You can not modify the start date of the current phase.',
      ],
      [
        {
          phases: [
            { items: pro, start_date: start, end_date: periodEnd },
            { items: basic, start_date: periodEnd + 60 },
          ],
        },
        'The `start_date` of phase 1 must equal the `end_date` of phase 0: phases must be contiguous.',
      ],
      [
        { phases: [{ items: basic, start_date: periodEnd }] },
        'The phases must include the current phase: past phases may be omitted, but not the one that is in effect now.',
      ],
      [
        { phases: [{ items: basic, start_date: start - 40 * DAY, end_date: start - 10 * DAY }] },
        'Phase 0 has already ended and can not be changed.',
      ],
      [{ end_behavior: 'none' }, 'Invalid end_behavior: must be one of cancel or release'],
    ];
    for (const [params, message] of attempts) {
      await expect(stripe.subscriptionSchedules.update(schedule.id, params), message).rejects.toMatchObject({ message });
    }
    expect(await stripe.subscriptionSchedules.retrieve(schedule.id)).toEqual(schedule);

    await stripe.subscriptionSchedules.release(schedule.id);
    await expect(stripe.subscriptionSchedules.update(schedule.id, { metadata: { late: 'yes' } })).rejects.toMatchObject({
      message:
        'You cannot update a subscription schedule that is currently in the `released` status. It must be in `not_started` or `active` status.',
    });
  });
});
