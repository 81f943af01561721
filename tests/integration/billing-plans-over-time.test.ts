import { describe, expect, it } from 'vitest';
import { keepCurrentPlan, keepSubscription } from '@/lib/billing/keep-plan';
import { syncCustomer } from '@/lib/billing/sync';
import { Browser } from '../../packages/stripe-emulator/test/portal-helpers';
import { billingWorldFor, fromUnix, storedBilling } from '../support/billing';
import { buildBillingConfig } from '../support/billing-config';

// Plans over time through the SDK against the emulator: set-up applies the portal's
// schedule_at_period_end, trial_update_behavior and billing_cycle_anchor; the sync stores a change
// waiting for the period's end (schedule, price, product, date), a trial's end and whether a card
// is on file, and cancel_at without cancel_at_period_end; "Keep current plan" and "Keep my plan"
// undo them in one call each.

const config = buildBillingConfig((input) => {
  const update = input.portalConfigurations.default!.subscriptionUpdate!;
  update.scheduleAtPeriodEnd = { conditions: ['decreasing_item_amount', 'shortening_interval'] };
  update.trialUpdateBehavior = 'continue_trial';
  update.billingCycleAnchor = 'now';
});

describe('plans over time', () => {
  const world = billingWorldFor({ apply: config });

  it('set-up gives the portal configuration the conditions, the trial behaviour and the anchor', async () => {
    const configuration = await world.stripe.billingPortal.configurations.retrieve(
      world.setup.resolved.portal_configuration.get('default')!,
    );
    expect(configuration.features.subscription_update.schedule_at_period_end.conditions.map((condition) => condition.type).sort()).toEqual([
      'decreasing_item_amount',
      'shortening_interval',
    ]);
    expect(configuration.features.subscription_update.trial_update_behavior).toBe('continue_trial');
    expect(configuration.features.subscription_update.billing_cycle_anchor).toBe('now');
  });

  it('a downgrade confirmed in the portal → the pending change stored; Keep current plan → released and cleared', async () => {
    const { customerId } = await world.newCustomer('pending');
    const subscription = await world.subscribe(customerId, 'pro_monthly');
    const session = await world.stripe.billingPortal.sessions.create({
      customer: customerId,
      return_url: 'http://localhost:3000/account/return',
      flow_data: {
        type: 'subscription_update_confirm',
        subscription_update_confirm: {
          subscription: subscription.id,
          items: [{ id: subscription.items.data[0]!.id, price: world.priceId('starter_monthly') }],
        },
      },
    });
    const browser = new Browser(session.url);
    await browser.submit(await browser.get(session.url), 'Confirm');

    await syncCustomer(world.db, world.stripe, customerId);
    const [row] = (await storedBilling(world.db, customerId)).subscriptions;
    const scheduled = await world.stripe.subscriptions.retrieve(subscription.id);
    expect(scheduled.schedule).toEqual(expect.stringMatching(/^sub_sched_/));
    expect(row).toMatchObject({
      priceLookupKey: 'pro_monthly',
      scheduleId: scheduled.schedule,
      pendingPriceId: world.priceId('starter_monthly'),
      pendingPriceLookupKey: 'starter_monthly',
      pendingProductName: 'Starter',
      pendingChangeAt: fromUnix(scheduled.items.data[0]!.current_period_end),
    });

    await keepCurrentPlan(world.stripe, row!);
    // A double click: the same release, answered once.
    await keepCurrentPlan(world.stripe, row!);
    await syncCustomer(world.db, world.stripe, customerId);
    expect((await storedBilling(world.db, customerId)).subscriptions[0]).toMatchObject({
      priceLookupKey: 'pro_monthly',
      scheduleId: null,
      pendingPriceId: null,
      pendingPriceLookupKey: null,
      pendingProductName: null,
      pendingChangeAt: null,
    });
    expect((await world.stripe.subscriptionSchedules.retrieve(String(scheduled.schedule))).status).toBe('released');
  });

  it('a trial without a card → trial end stored, no card on file; a card added → on file', async () => {
    const { customerId } = await world.newCustomer('trial', { card: false });
    const subscription = await world.stripe.subscriptions.create({
      customer: customerId,
      items: [{ price: world.priceId('starter_monthly') }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    });
    await syncCustomer(world.db, world.stripe, customerId);
    const stored = await storedBilling(world.db, customerId);
    expect(stored.subscriptions[0]).toMatchObject({ status: 'trialing', trialEnd: fromUnix(subscription.trial_end) });
    expect(stored.customer?.hasDefaultPaymentMethod).toBe(false);

    const card = await world.stripe.paymentMethods.attach('pm_card_visa', { customer: customerId });
    await world.stripe.customers.update(customerId, { invoice_settings: { default_payment_method: card.id } });
    await syncCustomer(world.db, world.stripe, customerId);
    expect((await storedBilling(world.db, customerId)).customer?.hasDefaultPaymentMethod).toBe(true);
  });

  it('cancel_at without cancel_at_period_end → stored as is; Keep my plan → both cleared', async () => {
    const { customerId } = await world.newCustomer('cancel-at');
    const subscription = await world.subscribe(customerId, 'pro_monthly');
    const cancelAt = subscription.items.data[0]!.current_period_start + 5 * 86_400;
    await world.stripe.subscriptions.update(subscription.id, { cancel_at: cancelAt });
    await syncCustomer(world.db, world.stripe, customerId);
    const [row] = (await storedBilling(world.db, customerId)).subscriptions;
    expect(row).toMatchObject({ status: 'active', cancelAt: fromUnix(cancelAt), cancelAtPeriodEnd: false });

    await keepSubscription(world.stripe, row!);
    await syncCustomer(world.db, world.stripe, customerId);
    expect((await storedBilling(world.db, customerId)).subscriptions[0]).toMatchObject({ cancelAt: null, cancelAtPeriodEnd: false });

    await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await syncCustomer(world.db, world.stripe, customerId);
    const [flagged] = (await storedBilling(world.db, customerId)).subscriptions;
    expect(flagged).toMatchObject({ cancelAtPeriodEnd: true, cancelAt: fromUnix(subscription.items.data[0]!.current_period_end) });
    await keepSubscription(world.stripe, flagged!);
    await syncCustomer(world.db, world.stripe, customerId);
    expect((await storedBilling(world.db, customerId)).subscriptions[0]).toMatchObject({ cancelAt: null, cancelAtPeriodEnd: false });
  });
});
