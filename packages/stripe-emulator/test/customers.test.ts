import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { emulatorSuite } from './emulator-suite.js';
import { eventsAbout } from './portal-helpers.js';

const { stripe } = await emulatorSuite();

describe('customers', () => {
  it('are created, retrieved, updated and listed by email', async () => {
    const customer = await stripe.customers.create({
      email: 'jenny@example.com',
      name: 'Jenny Rosen',
      metadata: { user_id: '42' },
      preferred_locales: ['fr'],
    });
    expect(customer).toMatchObject({
      object: 'customer',
      email: 'jenny@example.com',
      name: 'Jenny Rosen',
      metadata: { user_id: '42' },
      preferred_locales: ['fr'],
      invoice_settings: { default_payment_method: null },
      livemode: false,
    });
    expect(customer.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);

    const updated = await stripe.customers.update(customer.id, { name: 'Jenny R.', metadata: { user_id: '', team: 'a' } });
    expect(updated.name).toBe('Jenny R.');
    expect(updated.metadata).toEqual({ team: 'a' });
    expect(await stripe.customers.retrieve(customer.id)).toEqual(updated);

    await stripe.customers.create({ email: 'someone-else@example.com' });
    const byEmail = await stripe.customers.list({ email: 'jenny@example.com' });
    expect(byEmail.data.map((found) => found.id)).toEqual([customer.id]);

    const events = await eventsAbout(stripe, customer.id);
    expect(events.map((event) => event.type)).toEqual(['customer.created', 'customer.updated']);
    expect(events[1]?.data.previous_attributes).toEqual({ name: 'Jenny Rosen', metadata: { user_id: '42' } });
  });

  it('attach a payment method on create and set it as the invoice default', async () => {
    const customer = await stripe.customers.create({ payment_method: 'pm_card_mastercard' });
    const { data: cards } = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(cards).toHaveLength(1);
    expect(cards[0]?.card).toMatchObject({ brand: 'mastercard', last4: '4444' });

    const updated = await stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: cards[0]!.id },
    });
    expect(updated.invoice_settings.default_payment_method).toBe(cards[0]!.id);
  });

  it('refuse a default payment method that is not theirs', async () => {
    const customer = await stripe.customers.create();
    const other = await stripe.customers.create({ payment_method: 'pm_card_visa' });
    const [card] = (await stripe.paymentMethods.list({ customer: other.id })).data;
    await expect(stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card!.id } })).rejects.toMatchObject({
      statusCode: 400,
      param: 'invoice_settings[default_payment_method]',
      message: `The customer does not have a payment method with the ID ${card!.id}. The payment method must be attached to the customer.`,
    });
  });
});

describe('payment methods', () => {
  it('turn test tokens into card payment methods on attach', async () => {
    const customer = await stripe.customers.create();
    const attached = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect(attached).toMatchObject({
      object: 'payment_method',
      type: 'card',
      customer: customer.id,
      card: { brand: 'visa', last4: '4242', funding: 'credit', country: 'US' },
    });
    expect(attached.id).toMatch(/^pm_/);
    expect(attached.card!.exp_year).toBeGreaterThan(new Date().getUTCFullYear());
    expect((await eventsAbout(stripe, attached.id)).map((event) => event.type)).toEqual(['payment_method.attached']);
  });

  it('are created from card details or tokens, retrieved and updated', async () => {
    const fromNumber = await stripe.paymentMethods.create({
      type: 'card',
      card: { number: '5555 5555 5555 4444', exp_month: 12, exp_year: 2040, cvc: '123' },
      billing_details: { name: 'Jenny Rosen', email: 'jenny@example.com' },
    });
    expect(fromNumber.card).toMatchObject({ brand: 'mastercard', last4: '4444', exp_month: 12, exp_year: 2040 });
    expect(fromNumber.billing_details).toMatchObject({ name: 'Jenny Rosen', email: 'jenny@example.com' });
    expect(fromNumber.customer).toBeNull();

    const fromToken = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_amex' } });
    expect(fromToken.card?.brand).toBe('amex');

    const updated = await stripe.paymentMethods.update(fromNumber.id, { card: { exp_year: 2041 }, metadata: { label: 'work' } });
    expect(updated.card?.exp_year).toBe(2041);
    expect(await stripe.paymentMethods.retrieve(fromNumber.id)).toEqual(updated);
  });

  it('refuse card numbers that are not test cards, and expired dates', async () => {
    await expect(
      stripe.paymentMethods.create({ type: 'card', card: { number: '1234123412341234', exp_month: 1, exp_year: 2040 } }),
    ).rejects.toMatchObject({ type: 'StripeCardError', code: 'incorrect_number' });
    await expect(
      stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2001 } }),
    ).rejects.toMatchObject({ type: 'StripeCardError', code: 'invalid_expiry_year' });
  });

  it('decline on attach for declining test cards', async () => {
    const customer = await stripe.customers.create();
    const error = await stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
    await expect(stripe.paymentMethods.attach('pm_card_chargeDeclinedInsufficientFunds', { customer: customer.id })).rejects.toMatchObject({
      decline_code: 'insufficient_funds',
    });
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toEqual([]);
  });

  it('detach, clearing the customer’s default', async () => {
    const customer = await stripe.customers.create({ payment_method: 'pm_card_visa' });
    const [card] = (await stripe.customers.listPaymentMethods(customer.id, { type: 'card' })).data;
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card!.id } });

    const detached = await stripe.paymentMethods.detach(card!.id);
    expect(detached.customer).toBeNull();
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      invoice_settings: { default_payment_method: null },
    });
    const events = await eventsAbout(stripe, card!.id);
    expect(events.map((event) => event.type)).toEqual(['payment_method.attached', 'payment_method.detached']);
    expect(events[1]?.data.previous_attributes).toEqual({ customer: customer.id });

    await expect(stripe.paymentMethods.detach(card!.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('refuse to attach a card that belongs to another customer', async () => {
    const owner = await stripe.customers.create({ payment_method: 'pm_card_visa' });
    const [card] = (await stripe.customers.listPaymentMethods(owner.id)).data;
    const thief = await stripe.customers.create();
    await expect(stripe.paymentMethods.attach(card!.id, { customer: thief.id })).rejects.toMatchObject({
      message: 'The payment method you provided has already been attached to a customer.',
    });
  });

  it('are listed per customer and retrieved through the customer', async () => {
    const customer = await stripe.customers.create({ payment_method: 'pm_card_visa' });
    await stripe.paymentMethods.attach('pm_card_discover', { customer: customer.id });
    const list = await stripe.customers.listPaymentMethods(customer.id);
    expect(list.url).toBe(`/v1/customers/${customer.id}/payment_methods`);
    expect(list.data.map((method) => method.card?.brand)).toEqual(['discover', 'visa']);
    // The top-level list filtered by customer answers the same objects in the same order.
    const all = await stripe.paymentMethods.list({ customer: customer.id });
    expect(all.url).toBe('/v1/payment_methods');
    expect(all.data.map((method) => method.id)).toEqual(list.data.map((method) => method.id));
    const one = await stripe.customers.retrievePaymentMethod(customer.id, list.data[0]!.id);
    expect(one.id).toBe(list.data[0]!.id);
    await expect(stripe.customers.listPaymentMethods('cus_missing')).rejects.toMatchObject({ code: 'resource_missing' });
  });
});
