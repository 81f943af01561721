import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { syncCustomer } from '@/lib/billing/sync';
import { billingWorldFor, expectStoredMatchesStripe, fromUnix, storedBilling, type TestCustomer } from '../support/billing';

// syncCustomer: re-reads one customer from Stripe and replaces what we hold for them.
// Every change here is made through the SDK, as the portal or the Dashboard would.

const world = billingWorldFor();

const oneSubscription = async (customerId: string) => {
  const { subscriptions } = await storedBilling(world.db, customerId);
  expect(subscriptions).toHaveLength(1);
  return subscriptions[0]!;
};

describe('syncCustomer, first sync', () => {
  let customer: TestCustomer;
  let subscription: Stripe.Subscription;
  beforeAll(async () => {
    customer = await world.newCustomer('first-sync');
    subscription = await world.subscribe(customer.customerId, 'pro_monthly');
  });

  it('a customer with a card and a Pro monthly subscription → one subscription row with product, price, interval, period and status', async () => {
    const result = await syncCustomer(world.db, world.stripe, customer.customerId);
    expect(result).toEqual({ stripeCustomerId: customer.customerId, known: true, applied: true, subscriptions: 1, paymentMethods: 1 });

    const item = subscription.items.data[0]!;
    expect(await oneSubscription(customer.customerId)).toMatchObject({
      id: subscription.id,
      stripeCustomerId: customer.customerId,
      status: 'active',
      itemId: item.id,
      priceId: world.priceId('pro_monthly'),
      priceLookupKey: 'pro_monthly',
      productId: world.setup.resolved.product.get('pro'),
      productName: 'Pro',
      unitAmount: 2900,
      currency: 'usd',
      interval: 'month',
      intervalCount: 1,
      quantity: 1,
      currentPeriodStart: fromUnix(item.current_period_start),
      currentPeriodEnd: fromUnix(item.current_period_end),
      cancelAtPeriodEnd: false,
      cancelAt: null,
      canceledAt: null,
      endedAt: null,
      discount: null,
      created: fromUnix(subscription.created),
    });
  });

  it('the same sync → the card with brand, last 4 digits, expiry and the default flag, and the customer marked as synced', async () => {
    const { paymentMethods, customer: row } = await storedBilling(world.db, customer.customerId);
    const card = await world.stripe.paymentMethods.retrieve(customer.cardId!);
    expect(paymentMethods).toEqual([
      expect.objectContaining({
        id: customer.cardId,
        brand: 'visa',
        last4: '4242',
        expMonth: card.card!.exp_month,
        expYear: card.card!.exp_year,
        isDefault: true,
      }),
    ]);
    expect(row?.syncedAt).toBeInstanceOf(Date);
  });

  it('a second card that is not the default → stored with isDefault false; detaching it → its row goes', async () => {
    const second = await world.stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.customerId });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    let { paymentMethods } = await storedBilling(world.db, customer.customerId);
    expect(paymentMethods.map((method) => [method.id, method.brand, method.last4, method.isDefault])).toEqual([
      [customer.cardId, 'visa', '4242', true],
      [second.id, 'mastercard', '4444', false],
    ]);

    await world.stripe.paymentMethods.detach(second.id);
    await syncCustomer(world.db, world.stripe, customer.customerId);
    ({ paymentMethods } = await storedBilling(world.db, customer.customerId));
    expect(paymentMethods.map((method) => method.id)).toEqual([customer.cardId]);
  });
});

describe('syncCustomer after changes made in Stripe', () => {
  let customer: TestCustomer;
  let subscription: Stripe.Subscription;
  beforeAll(async () => {
    customer = await world.newCustomer('changes');
  });
  // Each change gets a subscription of its own, synced once before the change.
  async function freshSubscription(lookupKey = 'pro_monthly') {
    subscription = await world.subscribe(customer.customerId, lookupKey);
    await syncCustomer(world.db, world.stripe, customer.customerId);
    return subscription;
  }
  const storedRow = async (id: string) => (await storedBilling(world.db, customer.customerId)).subscriptions.find((row) => row.id === id);

  it('cancel_at_period_end: true → cancelAtPeriodEnd, still active', async () => {
    const { id } = await freshSubscription();
    await world.stripe.subscriptions.update(id, { cancel_at_period_end: true });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    const { stored } = await expectStoredMatchesStripe(world.db, world.stripe, id);
    expect(stored).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
  });

  it('cancel_at a date before the period ends → cancelAt is that date, cancelAtPeriodEnd false', async () => {
    const { id, items } = await freshSubscription();
    const cancelAt = items.data[0]!.current_period_end - 7 * 86_400;
    await world.stripe.subscriptions.update(id, { cancel_at: cancelAt });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    await expectStoredMatchesStripe(world.db, world.stripe, id);
    expect(await storedRow(id)).toMatchObject({ status: 'active', cancelAt: fromUnix(cancelAt), cancelAtPeriodEnd: false });
  });

  it('a scheduled cancellation undone → cancelAtPeriodEnd false and cancelAt null again', async () => {
    const { id } = await freshSubscription();
    await world.stripe.subscriptions.update(id, { cancel_at_period_end: true });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    await world.stripe.subscriptions.update(id, { cancel_at_period_end: false });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    expect(await storedRow(id)).toMatchObject({ cancelAtPeriodEnd: false, cancelAt: null, canceledAt: null });
  });

  it('canceled now → status canceled with canceledAt and endedAt, and the row is kept for history', async () => {
    const { id } = await freshSubscription();
    await world.stripe.subscriptions.cancel(id, { cancellation_details: { feedback: 'too_expensive' } });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    const { live } = await expectStoredMatchesStripe(world.db, world.stripe, id);
    expect(live.status).toBe('canceled');
    expect(await storedRow(id)).toMatchObject({
      status: 'canceled',
      canceledAt: expect.any(Date),
      endedAt: expect.any(Date),
      cancellationDetails: expect.objectContaining({ feedback: 'too_expensive' }),
    });
  });

  it('price swapped from Pro monthly to Team monthly → the row shows Team, its price, amount and item', async () => {
    const { id, items } = await freshSubscription();
    await world.stripe.subscriptions.update(id, {
      items: [{ id: items.data[0]!.id, price: world.priceId('team_monthly') }],
      proration_behavior: 'none',
    });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    await expectStoredMatchesStripe(world.db, world.stripe, id);
    expect(await storedRow(id)).toMatchObject({
      priceId: world.priceId('team_monthly'),
      priceLookupKey: 'team_monthly',
      productName: 'Team',
      unitAmount: 7900,
      interval: 'month',
      itemId: items.data[0]!.id,
    });
  });

  it('price swapped from monthly to yearly → interval year and the new period from the item', async () => {
    const { id, items } = await freshSubscription('starter_monthly');
    await world.stripe.subscriptions.update(id, { items: [{ id: items.data[0]!.id, price: world.priceId('starter_yearly') }] });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    const { live } = await expectStoredMatchesStripe(world.db, world.stripe, id);
    const item = live.items.data[0]!;
    expect(item.current_period_end - item.current_period_start).toBeGreaterThan(360 * 86_400);
    expect(await storedRow(id)).toMatchObject({ interval: 'year', unitAmount: 9000, productName: 'Starter' });
  });

  it('the retention coupon applied → the discount with the coupon’s id, name, percentage, duration and end', async () => {
    const { id } = await freshSubscription();
    const updated = await world.stripe.subscriptions.update(id, {
      discounts: [{ coupon: 'stay_25_off_3_months' }],
      expand: ['discounts'],
    });
    const discount = updated.discounts[0] as Stripe.Discount;
    await syncCustomer(world.db, world.stripe, customer.customerId);
    expect((await storedRow(id))?.discount).toEqual({
      couponId: 'stay_25_off_3_months',
      name: '25% off for 3 months',
      percentOff: 25,
      amountOff: null,
      currency: null,
      duration: 'repeating',
      end: fromUnix(discount.end)?.toISOString(),
    });
  });

  it('the discount removed → discount null', async () => {
    const { id } = await freshSubscription();
    await world.stripe.subscriptions.update(id, { discounts: [{ coupon: 'stay_25_off_3_months' }] });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    expect((await storedRow(id))?.discount).toMatchObject({ couponId: 'stay_25_off_3_months' });
    await world.stripe.subscriptions.update(id, { discounts: '' });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    expect((await storedRow(id))?.discount).toBeNull();
  });

  it('every subscription the customer ever had is kept, each matching Stripe', async () => {
    const all = await world.stripe.subscriptions.list({ customer: customer.customerId, status: 'all', limit: 100 });
    const { subscriptions } = await storedBilling(world.db, customer.customerId);
    expect(subscriptions.map((row) => row.id).sort()).toEqual(all.data.map((entry) => entry.id).sort());
    for (const entry of all.data) await expectStoredMatchesStripe(world.db, world.stripe, entry.id);
  });
});

describe('syncCustomer with several subscriptions and concurrent calls', () => {
  it('a customer with two subscriptions → both rows; changing one leaves the other as it was', async () => {
    const customer = await world.newCustomer('two-plans');
    const starter = await world.subscribe(customer.customerId, 'starter_monthly');
    const team = await world.subscribe(customer.customerId, 'team_yearly');
    const result = await syncCustomer(world.db, world.stripe, customer.customerId);
    expect(result.subscriptions).toBe(2);
    const { subscriptions } = await storedBilling(world.db, customer.customerId);
    expect(subscriptions.map((row) => [row.id, row.productName, row.interval]).sort()).toEqual(
      [
        [starter.id, 'Starter', 'month'],
        [team.id, 'Team', 'year'],
      ].sort(),
    );

    // Changing one leaves the other as it was.
    await world.stripe.subscriptions.update(starter.id, { cancel_at_period_end: true });
    await syncCustomer(world.db, world.stripe, customer.customerId);
    const after = await storedBilling(world.db, customer.customerId);
    expect(after.subscriptions.find((row) => row.id === starter.id)?.cancelAtPeriodEnd).toBe(true);
    expect(after.subscriptions.find((row) => row.id === team.id)).toMatchObject({ status: 'active', cancelAtPeriodEnd: false });
  });

  it('5 concurrent syncs of one customer → no error, and exactly one row per subscription and card', async () => {
    const customer = await world.newCustomer('concurrent');
    const first = await world.subscribe(customer.customerId, 'pro_monthly');
    const second = await world.subscribe(customer.customerId, 'starter_yearly');
    await world.stripe.paymentMethods.attach('pm_card_amex', { customer: customer.customerId });

    const results = await Promise.all(Array.from({ length: 5 }, () => syncCustomer(world.db, world.stripe, customer.customerId)));
    // Each stored its reading unless one that began reading later had already stored its own.
    expect(results.every((result) => result.known)).toBe(true);
    const applied = results.filter((result) => result.applied);
    expect(applied.length).toBeGreaterThanOrEqual(1);
    expect(applied.map((result) => [result.subscriptions, result.paymentMethods])).toEqual(Array(applied.length).fill([2, 2]));
    const { subscriptions, paymentMethods } = await storedBilling(world.db, customer.customerId);
    expect(subscriptions.map((row) => row.id).sort()).toEqual([first.id, second.id].sort());
    expect(paymentMethods).toHaveLength(2);
    expect(paymentMethods.filter((method) => method.isDefault).map((method) => method.id)).toEqual([customer.cardId]);
  });

  it('a sync racing a change in Stripe → the row ends up as Stripe is after the change', async () => {
    const customer = await world.newCustomer('race-change');
    const subscription = await world.subscribe(customer.customerId, 'pro_monthly');
    await Promise.all([
      syncCustomer(world.db, world.stripe, customer.customerId),
      world.stripe.subscriptions
        .update(subscription.id, { cancel_at_period_end: true })
        .then(() => syncCustomer(world.db, world.stripe, customer.customerId)),
      syncCustomer(world.db, world.stripe, customer.customerId),
    ]);
    expect((await oneSubscription(customer.customerId)).cancelAtPeriodEnd).toBe(true);
  });

  it('an older reading that finishes last (slow network) → dropped: the row keeps what the later reading saw', async () => {
    const customer = await world.newCustomer('late-reading');
    const subscription = await world.subscribe(customer.customerId, 'pro_monthly');
    await syncCustomer(world.db, world.stripe, customer.customerId);
    // The first sync's customer read is held for a while; its subscription list comes back at once,
    // saying "not canceling".
    await world.fault({ path: '/v1/customers/:id', method: 'GET', count: 1, kind: 'hang', hangMs: 1500 });
    const slow = syncCustomer(world.db, world.stripe, customer.customerId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await world.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const fresh = await syncCustomer(world.db, world.stripe, customer.customerId);
    expect(fresh).toMatchObject({ known: true, applied: true });
    expect((await oneSubscription(customer.customerId)).cancelAtPeriodEnd).toBe(true);

    expect(await slow).toMatchObject({ known: true, applied: false });
    expect((await oneSubscription(customer.customerId)).cancelAtPeriodEnd).toBe(true);
  });

  it('synced_at is when the stored reading began, by the database clock', async () => {
    const customer = await world.newCustomer('synced-at');
    const before = Date.now();
    await syncCustomer(world.db, world.stripe, customer.customerId);
    const { customer: row } = await storedBilling(world.db, customer.customerId);
    // The database runs on this machine: its clock is ours, give or take a few milliseconds.
    expect(row?.syncedAt?.getTime()).toBeGreaterThanOrEqual(before - 50);
    expect(row?.syncedAt?.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('a Stripe customer that is not in our customers table → known: false, and nothing is written', async () => {
    const stranger = await world.stripe.customers.create({ email: 'stranger@example.com' });
    await world.stripe.paymentMethods.attach('pm_card_visa', { customer: stranger.id });
    const result = await syncCustomer(world.db, world.stripe, stranger.id);
    expect(result).toEqual({ stripeCustomerId: stranger.id, known: false, applied: false, subscriptions: 0, paymentMethods: 0 });
    expect(await storedBilling(world.db, stranger.id)).toEqual({ customer: null, subscriptions: [], paymentMethods: [] });
  });
});
