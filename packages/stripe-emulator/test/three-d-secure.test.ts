import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { portalSuite } from './emulator-suite.js';
import { buttonsOf, subscribedCustomer, textOf, type PageResult, updateConfirmSession } from './portal-helpers.js';

// Stripe's 3-D Secure test cards on the hosted pages: an authentication step with "Complete" and
// "Fail"; failing (or a declined card) leaves everything as it was and says why.

const SUCCESS_URL = 'https://shop.example.com/welcome';
const DONE_URL = 'https://shop.example.com/account/done';
const ON_SETUP = '4000 0025 0000 3155';
const ALWAYS = '4000 0027 6000 3184';
const CARD = { expiry: '12 / 34', cvc: '123', name: 'Jenny Rosen' };
const UNABLE = 'We are unable to authenticate your payment method. Please choose a different payment method and try again.';

const { stripe, catalog, browser } = await portalSuite();

function expectChallenge(page: PageResult): void {
  expect(page.status).toBe(200);
  expect(textOf(page.html)).toContain('Authenticate this payment');
  expect(buttonsOf(page.html)).toEqual(['Complete authentication', 'Fail authentication']);
}

describe('Checkout', () => {
  async function checkoutPage(email: string) {
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: catalog.basic.id, quantity: 1 }],
      success_url: SUCCESS_URL,
      customer_email: email,
    });
    return { session, page: await browser.get(session.url!) };
  }

  it('asks for authentication; failing it creates nothing and says why; completing it subscribes', async () => {
    const { session, page } = await checkoutPage('three-d@example.com');
    const challenge = await browser.submit(page, 'Subscribe', { ...CARD, card_number: ALWAYS });
    expectChallenge(challenge);
    const failed = await browser.submit(challenge, 'Fail authentication');
    expect(failed.status).toBe(402);
    expect(textOf(failed.html)).toContain(UNABLE);
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    expect((await stripe.customers.list({ email: 'three-d@example.com' })).data).toHaveLength(0);

    const again = await browser.submit(failed, 'Subscribe', { ...CARD, card_number: ALWAYS });
    const done = await browser.submit(again, 'Complete authentication');
    expect(done.location).toBe(SUCCESS_URL);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
    expect(completed).toMatchObject({ status: 'complete', payment_status: 'paid' });
    expect((completed.subscription as Stripe.Subscription).status).toBe('active');
  });

  it('asks once for the card that authenticates on set-up', async () => {
    const { session, page } = await checkoutPage('on-setup@example.com');
    const challenge = await browser.submit(page, 'Subscribe', { ...CARD, card_number: ON_SETUP });
    expectChallenge(challenge);
    await browser.submit(challenge, 'Complete authentication');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('complete');
  });
});

describe('the portal card update', () => {
  it('adds the card only once authentication completes', async () => {
    const { customer, card } = await subscribedCustomer(stripe, catalog.basic);
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: DONE_URL,
      flow_data: { type: 'payment_method_update', after_completion: { type: 'redirect', redirect: { return_url: DONE_URL } } },
      locale: 'fr',
    });
    const page = await browser.get(portal.url);
    const challenge = await browser.submit(page, 'Ajouter la carte', { ...CARD, card_number: ON_SETUP });
    expect(textOf(challenge.html)).toContain('Authentifiez ce paiement');
    const failed = await browser.submit(challenge, 'Faire échouer l’authentification');
    expect(failed.status).toBe(402);
    expect(textOf(failed.html)).toContain('Nous ne parvenons pas à authentifier votre moyen de paiement.');
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings.default_payment_method).toBe(card.id);

    const retry = await browser.submit(failed, 'Ajouter la carte', { ...CARD, card_number: ON_SETUP });
    const done = await browser.submit(retry, 'Réussir l’authentification');
    expect(done.location).toBe(DONE_URL);
    const updated = (await stripe.customers.retrieve(customer.id, {
      expand: ['invoice_settings.default_payment_method'],
    })) as Stripe.Customer;
    expect((updated.invoice_settings.default_payment_method as Stripe.PaymentMethod).card?.last4).toBe('3155');
  });
});

describe('update-confirm', () => {
  async function confirmPage(subscription: Stripe.Subscription) {
    const session = await updateConfirmSession(stripe, subscription, catalog.pro.id, { returnUrl: DONE_URL, doneUrl: DONE_URL });
    return browser.get(session.url);
  }

  it('with a card on file that always authenticates: fail leaves the plan, complete changes and pays it', async () => {
    const customer = await stripe.customers.create({ email: 'always@example.com' });
    const card = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: catalog.basic.id }],
      trial_period_days: 3,
    });
    // During the trial the change ends it (`trial_update_behavior: end_trial`), so it is charged now.
    const page = await confirmPage(subscription);
    const challenge = await browser.submit(page, 'Confirm');
    expectChallenge(challenge);
    const failed = await browser.submit(challenge, 'Fail authentication');
    expect(failed.status).toBe(402);
    expect(textOf(failed.html)).toContain(UNABLE);
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: 'trialing' });
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]!.price.id).toBe(catalog.basic.id);

    const retry = await browser.submit(failed, 'Confirm');
    const done = await browser.submit(retry, 'Complete authentication');
    expect(done.location).toBe(DONE_URL);
    const changed = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
    expect(changed).toMatchObject({ status: 'active' });
    expect(changed.items.data[0]!.price.id).toBe(catalog.pro.id);
    expect(changed.latest_invoice as Stripe.Invoice).toMatchObject({ status: 'paid', amount_paid: 5000 });
  });

  it('with a new card: a declined one says so and changes nothing; one that authenticates on set-up pays after the step', async () => {
    const { customer, subscription, card } = await subscribedCustomer(stripe, catalog.basic);
    const page = await confirmPage(subscription);
    expect(textOf(page.html)).toContain('Pay with a different card');
    const declined = await browser.submit(page, 'Confirm', { ...CARD, card_number: '4000 0000 0000 0002' });
    expect(declined.status).toBe(402);
    expect(textOf(declined.html)).toContain('Your card was declined.');
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]!.price.id).toBe(catalog.basic.id);
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((method) => method.id)).toEqual([card.id]);

    const challenge = await browser.submit(declined, 'Confirm', { ...CARD, card_number: ON_SETUP });
    expectChallenge(challenge);
    const done = await browser.submit(challenge, 'Complete authentication');
    expect(done.location).toBe(DONE_URL);
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]!.price.id).toBe(catalog.pro.id);
    const updated = (await stripe.customers.retrieve(customer.id, {
      expand: ['invoice_settings.default_payment_method'],
    })) as Stripe.Customer;
    expect((updated.invoice_settings.default_payment_method as Stripe.PaymentMethod).card?.last4).toBe('3155');
  });
});

describe('off-session payments', () => {
  it('with a card that always authenticates fail with authentication_required', async () => {
    const customer = await stripe.customers.create({});
    const card = await stripe.paymentMethods.attach('pm_card_authenticationRequired', { customer: customer.id });
    await expect(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: catalog.basic.id }],
        default_payment_method: card.id,
        payment_behavior: 'error_if_incomplete',
      }),
    ).rejects.toMatchObject({
      type: 'StripeCardError',
      code: 'authentication_required',
      message: 'Your card was declined. This transaction requires authentication.',
    });
    const onSetup = await stripe.paymentMethods.attach('pm_card_authenticationRequiredOnSetup', { customer: customer.id });
    const paid = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: catalog.basic.id }],
      default_payment_method: onSetup.id,
    });
    expect(paid.status).toBe('active');
  });
});
