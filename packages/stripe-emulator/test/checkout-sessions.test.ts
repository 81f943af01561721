import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { portalSuite } from './emulator-suite.js';
import { buttonsOf, eventsAbout, labelsOf, textOf } from './portal-helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../../shared/stripe/fixtures3.json', import.meta.url));
const RESOURCES = (JSON.parse(readFileSync(FIXTURES, 'utf8')) as { resources: Record<string, object> }).resources;
const keysOf = (object: string) => Object.keys(RESOURCES[object] ?? {}).sort();

const SUCCESS_URL = 'https://shop.example.com/welcome?session_id={CHECKOUT_SESSION_ID}';
const CANCEL_URL = 'https://shop.example.com/pricing';
const CARD = { card_number: '4242 4242 4242 4242', expiry: '12/34', cvc: '123', name: 'Jenny Rosen' };

const { harness, stripe, catalog, browser } = await portalSuite({ defaultConfiguration: false });

function subscriptionCheckout(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: catalog.basic.id, quantity: 1 }],
    success_url: SUCCESS_URL,
    cancel_url: CANCEL_URL,
    ...extra,
  });
}

describe('Checkout Sessions (API)', () => {
  it('are created in subscription mode with Stripe’s shape, their line items, and a hosted URL', async () => {
    const session = await subscriptionCheckout({
      client_reference_id: 'user_42',
      metadata: { plan: 'basic' },
      line_items: [{ price: catalog.basic.id, quantity: 2 }],
    });
    expect(Object.keys(session).sort()).toEqual(keysOf('checkout.session'));
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'subscription',
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: 4000,
      amount_total: 4000,
      currency: 'eur',
      client_reference_id: 'user_42',
      metadata: { plan: 'basic' },
      customer: null,
      subscription: null,
      success_url: SUCCESS_URL,
      cancel_url: CANCEL_URL,
      livemode: false,
    });
    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(session.url).toBe(`${harness.url}/c/${session.id}`);
    expect(session.expires_at - session.created).toBe(24 * 3600);

    const lineItems = await stripe.checkout.sessions.listLineItems(session.id);
    expect(lineItems.data).toHaveLength(1);
    expect(Object.keys(lineItems.data[0]!).sort()).toEqual(keysOf('item'));
    expect(lineItems.data[0]).toMatchObject({ object: 'item', quantity: 2, amount_total: 4000, description: 'Team plan' });

    const retrieved = await stripe.checkout.sessions.retrieve(session.id, { expand: ['line_items'] });
    expect(retrieved.line_items?.data[0]?.price?.id).toBe(catalog.basic.id);
    expect((await stripe.checkout.sessions.retrieve(session.id)).line_items).toBeUndefined();
  });

  it('refuse what the emulator or Stripe would refuse, with Stripe’s wording', async () => {
    await expect(subscriptionCheckout({ mode: 'payment' })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'mode',
      message: 'The local Stripe emulator only supports Checkout Sessions in `subscription` mode, not `payment`.',
    });
    await expect(subscriptionCheckout({ mode: undefined })).rejects.toMatchObject({ code: 'parameter_missing', param: 'mode' });
    await expect(subscriptionCheckout({ success_url: undefined })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'success_url',
    });
    await expect(subscriptionCheckout({ line_items: [{ price: catalog.basic.id }] })).rejects.toMatchObject({
      code: 'parameter_missing',
      param: 'line_items[0][quantity]',
    });
    const customer = await stripe.customers.create({ email: 'both@example.com' });
    await expect(subscriptionCheckout({ customer: customer.id, customer_email: 'both@example.com' })).rejects.toMatchObject({
      message: 'You may only specify one of these parameters: customer, customer_email.',
    });
    const oneTime = await stripe.prices.create({ product: catalog.product.id, currency: 'eur', unit_amount: 900 });
    await expect(subscriptionCheckout({ line_items: [{ price: oneTime.id, quantity: 1 }] })).rejects.toMatchObject({
      param: 'line_items',
      message: 'You must provide at least one recurring price in `subscription` mode when using prices.',
    });
    const archived = await stripe.prices.create({
      product: catalog.product.id,
      currency: 'eur',
      unit_amount: 100,
      recurring: { interval: 'month' },
    });
    await stripe.prices.update(archived.id, { active: false });
    await expect(subscriptionCheckout({ line_items: [{ price: archived.id, quantity: 1 }] })).rejects.toMatchObject({
      param: 'line_items[0][price]',
      message: 'The price specified is inactive. This field only accepts active prices.',
    });
    await expect(subscriptionCheckout({ line_items: [{ price: 'price_missing', quantity: 1 }] })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'line_items[0][price]',
    });
    const coupon = await stripe.coupons.create({ percent_off: 10 });
    await expect(subscriptionCheckout({ allow_promotion_codes: true, discounts: [{ coupon: coupon.id }] })).rejects.toMatchObject({
      message: 'You may only specify one of these parameters: allow_promotion_codes, discounts.',
    });
    await expect(subscriptionCheckout({ success_url: 'welcome' })).rejects.toMatchObject({ code: 'url_invalid', param: 'success_url' });
  });

  it('are expired once, with an event, and listed by status and customer', async () => {
    const session = await subscriptionCheckout();
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: 'expired', url: null });
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({
      message: 'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of `expired`.',
    });
    expect((await eventsAbout(stripe, session.id)).map((event) => event.type)).toEqual(['checkout.session.expired']);
    const listed = await stripe.checkout.sessions.list({ status: 'expired' });
    expect(listed.data.map((entry) => entry.id)).toContain(session.id);
    expect(listed.data.every((entry) => entry.status === 'expired')).toBe(true);

    const page = await browser.get(session.url!);
    expect(page.status).toBe(410);
    expect(textOf(page.html)).toContain('This Checkout Session has expired');
    expect(page.html).toContain(`href="${CANCEL_URL}"`);
  });
});

describe('the hosted Checkout page', () => {
  it('summarizes the purchase and labels every field', async () => {
    const session = await subscriptionCheckout();
    const page = await browser.get(session.url!);
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain('Subscribe to Team plan');
    expect(text).toContain('€20.00 per month');
    expect(text).toContain('Amount due today €20.00');
    expect(labelsOf(page.html)).toEqual(['Email', 'Card number', 'Expiry', 'CVC', 'Name on card']);
    expect(buttonsOf(page.html)).toEqual(['Subscribe']);
    expect(page.html).toContain(`href="${CANCEL_URL}"`);
    expect(text).toContain('Back');
  });

  it('shows a declined card and creates nothing', async () => {
    const session = await subscriptionCheckout();
    const page = await browser.get(session.url!);
    const before = (await stripe.customers.list({ limit: 100 })).data.length;

    const invalidEmail = await browser.submit(page, 'Subscribe', { ...CARD, email: 'jenny' });
    expect(invalidEmail.status).toBe(400);
    expect(textOf(invalidEmail.html)).toContain('Your email address is invalid.');

    const declined = await browser.submit(page, 'Subscribe', { ...CARD, email: 'declined@example.com', card_number: '4000000000000002' });
    expect(declined.status).toBe(402);
    expect(textOf(declined.html)).toContain('Your card was declined.');
    const failsOnCharge = await browser.submit(page, 'Subscribe', {
      ...CARD,
      email: 'declined@example.com',
      card_number: '4000000000000341',
    });
    expect(textOf(failsOnCharge.html)).toContain('Your card was declined.');

    expect((await stripe.customers.list({ limit: 100 })).data).toHaveLength(before);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('creates the customer, the card, the subscription and its paid invoice, then redirects once', async () => {
    const session = await subscriptionCheckout({ subscription_data: { metadata: { source: 'checkout' } }, locale: 'fr' });
    const page = await browser.get(session.url!);
    expect(labelsOf(page.html)).toEqual(['E-mail', 'Numéro de carte', 'Date d’expiration', 'CVC', 'Nom sur la carte']);

    const done = await browser.submit(page, 'S’abonner', { ...CARD, email: 'new@example.com' });
    expect(done).toMatchObject({ status: 303, location: `https://shop.example.com/welcome?session_id=${session.id}` });

    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription', 'invoice'] });
    expect(completed).toMatchObject({ status: 'complete', payment_status: 'paid', amount_total: 2000, url: null });
    expect(completed.customer_details).toMatchObject({ email: 'new@example.com', name: 'Jenny Rosen' });
    const subscription = completed.subscription as Stripe.Subscription;
    expect(subscription).toMatchObject({ status: 'active', customer: completed.customer, metadata: { source: 'checkout' } });
    expect(subscription.items.data[0]?.price.id).toBe(catalog.basic.id);
    const card = await stripe.paymentMethods.retrieve(subscription.default_payment_method as string);
    expect(card).toMatchObject({ customer: completed.customer, card: { last4: '4242' } });
    expect(completed.invoice).toMatchObject({ status: 'paid', amount_paid: 2000, subscription: subscription.id });
    const customer = (await stripe.customers.retrieve(completed.customer as string)) as Stripe.Customer;
    expect(customer.email).toBe('new@example.com');

    const types = (await stripe.events.list({ limit: 100 })).data.map((event) => event.type);
    for (const type of ['customer.created', 'customer.subscription.created', 'invoice.paid', 'checkout.session.completed']) {
      expect(types).toContain(type);
    }
    expect((await eventsAbout(stripe, session.id)).map((event) => event.type)).toEqual(['checkout.session.completed']);

    const replay = await browser.submit(page, 'S’abonner', { ...CARD, email: 'new@example.com' });
    expect(replay.location).toBe(done.location);
    expect((await stripe.subscriptions.list({ customer: completed.customer as string })).data).toHaveLength(1);
    const revisit = await browser.get(session.url!);
    expect(textOf(revisit.html)).toContain('Cette session de paiement est déjà terminée');
  });

  it('uses the session’s customer, a trial, and a promotion code entered on the page', async () => {
    const customer = await stripe.customers.create({ email: 'known@example.com' });
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'forever' });
    await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'WELCOME25' });

    const trial = await subscriptionCheckout({ customer: customer.id, subscription_data: { trial_period_days: 14 } });
    const trialPage = await browser.get(trial.url!);
    expect(labelsOf(trialPage.html)).toEqual(['Card number', 'Expiry', 'CVC', 'Name on card']);
    expect(textOf(trialPage.html)).toContain('known@example.com');
    expect(textOf(trialPage.html)).toContain('14 days free');
    await browser.submit(trialPage, 'Subscribe', CARD);
    const trialed = await stripe.checkout.sessions.retrieve(trial.id, { expand: ['subscription'] });
    expect(trialed).toMatchObject({ customer: customer.id, payment_status: 'no_payment_required', amount_total: 0 });
    expect((trialed.subscription as Stripe.Subscription).status).toBe('trialing');

    const promo = await subscriptionCheckout({ customer_email: 'promo@example.com', allow_promotion_codes: true });
    const promoPage = await browser.get(promo.url!);
    expect(labelsOf(promoPage.html)).toContain('Promotion code');
    const wrong = await browser.submit(promoPage, 'Subscribe', { ...CARD, promotion_code: 'NOPE' });
    expect(textOf(wrong.html)).toContain('This code is invalid.');
    const done = await browser.submit(promoPage, 'Subscribe', { ...CARD, promotion_code: 'welcome25' });
    expect(done.status).toBe(303);
    const discounted = await stripe.checkout.sessions.retrieve(promo.id);
    expect(discounted).toMatchObject({ amount_subtotal: 2000, amount_total: 1500, total_details: { amount_discount: 500 } });
    expect(discounted.customer_details?.email).toBe('promo@example.com');
    const listed = await stripe.checkout.sessions.list({ customer: discounted.customer as string });
    expect(listed.data.map((entry) => entry.id)).toEqual([promo.id]);
  });
});
