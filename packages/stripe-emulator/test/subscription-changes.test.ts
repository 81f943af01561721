import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createDollarPrices, customerWithCard, emulatorSuite } from './emulator-suite.js';
import { eventTypesAbout } from './portal-helpers.js';

const { stripe } = await emulatorSuite();
const { monthly, yearly, team } = await createDollarPrices(stripe);

describe('changing subscriptions', () => {
  it('swaps an item’s price with prorations billed on the next invoice', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const itemId = subscription.items.data[0]!.id;

    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: subscription.id,
      subscription_details: { items: [{ id: itemId, price: team.id }] },
    });
    expect(preview.id).toMatch(/^upcoming_in_/);
    expect(preview.lines.data.map((line) => [line.amount, line.parent?.subscription_item_details?.proration])).toEqual([
      [-3000, true],
      [9000, true],
      [9000, false],
    ]);
    expect(preview.lines.data[0]!.description).toMatch(/^Unused time on 1 × Pro after /);
    expect(preview.total).toBe(15000);

    const updated = await stripe.subscriptions.update(subscription.id, { items: [{ id: itemId, price: team.id }] });
    expect(updated.items.data).toHaveLength(1);
    expect(updated.items.data[0]).toMatchObject({ id: itemId, price: { id: team.id } });
    expect(updated.latest_invoice).toBe(subscription.latest_invoice);

    const events = await stripe.events.list({ type: 'customer.subscription.updated', limit: 1 });
    const previous = events.data[0]!.data.previous_attributes as Partial<Stripe.Subscription>;
    expect(previous.items?.data[0]?.price.id).toBe(monthly.id);
    expect((await stripe.events.list({ type: 'invoiceitem.created', limit: 2 })).data).toHaveLength(2);

    const upcoming = await stripe.invoices.createPreview({ subscription: subscription.id });
    expect(upcoming.lines.data.map((line) => line.amount)).toEqual([-3000, 9000, 9000]);
  });

  it('bills prorations at once with always_invoice, and not at all with none', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const itemId = subscription.items.data[0]!.id;

    const billed = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId, quantity: 3 }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    });
    const invoice = billed.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'paid', total: 6000 });
    expect(invoice.lines.data.map((line) => line.amount)).toEqual([-3000, 9000]);

    const unprorated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId, quantity: 1 }],
      proration_behavior: 'none',
    });
    expect(unprorated.latest_invoice).toBe(invoice.id);
    expect(unprorated.items.data[0]?.quantity).toBe(1);
    expect((await stripe.invoices.createPreview({ subscription: subscription.id })).total).toBe(3000);
  });

  it('starts a new period, billed now, when the interval changes', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]!.id, price: yearly.id }],
      expand: ['latest_invoice'],
    });
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(invoice.lines.data.map((line) => line.amount)).toEqual([-3000, 30000]);
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 27000 });
    const item = updated.items.data[0]!;
    expect(new Date(item.current_period_end * 1000).getUTCFullYear() - new Date(item.current_period_start * 1000).getUTCFullYear()).toBe(1);
  });

  it('starts a new period, billed now, with billing_cycle_anchor[type]=now; a declined card leaves it past_due', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const preview = await stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: { billing_cycle_anchor: { type: 'now' }, proration_behavior: 'none' },
    });
    expect(preview.total).toBe(3000);

    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    const updated = await stripe.subscriptions.update(subscription.id, {
      default_payment_method: failing.id,
      billing_cycle_anchor: { type: 'now' },
      proration_behavior: 'none',
      expand: ['latest_invoice'],
    });
    expect(updated.status).toBe('past_due');
    expect(updated.latest_invoice).toMatchObject({ billing_reason: 'subscription_update', status: 'open', total: 3000 });
    expect(updated.billing_cycle_anchor).toBe(updated.items.data[0]!.current_period_start);

    const unchanged = await stripe.subscriptions.update(subscription.id, { billing_cycle_anchor: { type: 'unchanged' } });
    expect(unchanged.billing_cycle_anchor).toBe(updated.billing_cycle_anchor);
  });

  it('refuses the string billing_cycle_anchor of API versions before 2026-09-30.endive', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    await expect(stripe.subscriptions.update(subscription.id, { billing_cycle_anchor: 'now' as never })).rejects.toMatchObject({
      statusCode: 400,
      message: 'Invalid object',
      param: 'billing_cycle_anchor',
    });
    await expect(
      stripe.invoices.createPreview({
        subscription: subscription.id,
        subscription_details: { billing_cycle_anchor: { type: 'timestamp', timestamp: Math.floor(Date.now() / 1000) } },
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'subscription_details[billing_cycle_anchor][type]' });
    expect((await stripe.subscriptions.retrieve(subscription.id)).billing_cycle_anchor).toBe(subscription.billing_cycle_anchor);
  });

  it('adds and removes items', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const added = await stripe.subscriptions.update(subscription.id, {
      items: [{ price: team.id, quantity: 2 }],
      proration_behavior: 'none',
    });
    expect(added.items.data.map((item) => [item.price.id, item.quantity])).toEqual([
      [monthly.id, 1],
      [team.id, 2],
    ]);
    const removed = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]!.id, deleted: true }],
      proration_behavior: 'none',
    });
    expect(removed.items.data.map((item) => item.price.id)).toEqual([team.id]);
    await expect(stripe.subscriptions.update(subscription.id, { items: [{ id: 'si_unknown', price: team.id }] })).rejects.toMatchObject({
      param: 'items[0][id]',
      code: 'resource_missing',
    });
  });

  it('schedules cancellation at period end, or at a date, and takes it back', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const periodEnd = subscription.items.data[0]!.current_period_end;

    const scheduled = await stripe.subscriptions.update(subscription.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: 'too_expensive', comment: 'Pricey' },
    });
    expect(scheduled).toMatchObject({
      status: 'active',
      cancel_at_period_end: true,
      cancel_at: periodEnd,
      cancellation_details: { reason: 'cancellation_requested', feedback: 'too_expensive', comment: 'Pricey' },
    });
    expect(scheduled.canceled_at).not.toBeNull();
    const [event] = (await stripe.events.list({ type: 'customer.subscription.updated', limit: 1 })).data;
    expect(event?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });

    const resumed = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    expect(resumed).toMatchObject({
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      cancellation_details: { reason: null },
    });

    const at = periodEnd - 86_400;
    const dated = await stripe.subscriptions.update(subscription.id, { cancel_at: at });
    expect(dated).toMatchObject({ cancel_at: at, cancel_at_period_end: false });
    const cleared = await stripe.subscriptions.update(subscription.id, { cancel_at: '' as unknown as number });
    expect(cleared.cancel_at).toBeNull();
  });

  it('replaces and clears discounts', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    const discounted = await stripe.subscriptions.update(subscription.id, { discounts: [{ coupon: coupon.id }] });
    expect(discounted.discounts).toHaveLength(1);
    expect((await stripe.invoices.createPreview({ subscription: subscription.id })).total).toBe(2700);

    const cleared = await stripe.subscriptions.update(subscription.id, { discounts: '' });
    expect(cleared.discounts).toEqual([]);
    expect(await eventTypesAbout(stripe, discounted.discounts[0] as string)).toEqual([
      'customer.discount.created',
      'customer.discount.deleted',
    ]);
  });

  it('changes the default payment method to an attached card only', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const card = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    const updated = await stripe.subscriptions.update(subscription.id, {
      default_payment_method: card.id,
      expand: ['default_payment_method'],
    });
    expect((updated.default_payment_method as Stripe.PaymentMethod).card?.brand).toBe('mastercard');
  });
});

describe('canceling subscriptions', () => {
  it('ends the subscription now and records why', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const canceled = await stripe.subscriptions.cancel(subscription.id, {
      cancellation_details: { feedback: 'unused', comment: 'Not needed' },
    });
    expect(canceled).toMatchObject({
      status: 'canceled',
      cancellation_details: { reason: 'cancellation_requested', feedback: 'unused', comment: 'Not needed' },
    });
    expect(canceled.ended_at).not.toBeNull();
    expect(canceled.canceled_at).toBe(canceled.ended_at);
    expect(await eventTypesAbout(stripe, subscription.id)).toEqual(['customer.subscription.created', 'customer.subscription.deleted']);

    await expect(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true })).rejects.toMatchObject({
      message: 'A canceled subscription can only update its cancellation_details and metadata.',
    });
    await expect(stripe.subscriptions.update(subscription.id, { metadata: { note: 'ok' } })).resolves.toMatchObject({
      metadata: { note: 'ok' },
    });
    await expect(stripe.subscriptions.cancel(subscription.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(stripe.invoices.createPreview({ subscription: subscription.id })).rejects.toMatchObject({
      code: 'invoice_upcoming_none',
    });
  });

  it('credits unused time and invoices it at once when asked', async () => {
    const { customer } = await customerWithCard(stripe);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    const canceled = await stripe.subscriptions.cancel(subscription.id, { prorate: true, invoice_now: true, expand: ['latest_invoice'] });
    expect(canceled.latest_invoice).toMatchObject({ total: -3000, amount_due: 0, ending_balance: -3000 });
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-3000);
  });
});
