import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Harness } from '../src/testing.js';
import {
  Browser,
  buttonsOf,
  createCatalog,
  eventsAbout,
  fullFeatures,
  labelsOf,
  seatFeatures,
  subscribedCustomer,
  textOf,
  type Catalog,
} from './portal-helpers.js';

const RETURN_URL = 'https://shop.example.com/account';
const DONE_URL = 'https://shop.example.com/account/done';
const CARD = { card_number: '4242 4242 4242 4242', expiry: '12 / 34', cvc: '123', name: 'Jenny Rosen' };

let harness: Harness;
let stripe: Stripe;
let catalog: Catalog;
let browser: Browser;

beforeAll(async () => {
  harness = await startEmulator();
  stripe = harness.stripe;
  browser = new Browser(harness.url);
  catalog = await createCatalog(stripe);
  await stripe.billingPortal.configurations.create({
    business_profile: { headline: 'Manage your Team plan', terms_of_service_url: 'https://shop.example.com/terms' },
    features: fullFeatures(catalog),
  });
});

afterAll(async () => {
  await harness.close();
});

async function portal(
  customer: string,
  flow?: Stripe.BillingPortal.SessionCreateParams.FlowData,
  extra: Partial<Stripe.BillingPortal.SessionCreateParams> = {},
) {
  const session = await stripe.billingPortal.sessions.create({
    customer,
    return_url: RETURN_URL,
    ...(flow && { flow_data: flow }),
    ...extra,
  });
  return { session, page: await browser.get(session.url) };
}

const redirectAfter = { type: 'redirect', redirect: { return_url: DONE_URL } } as const;

describe('the portal homepage', () => {
  it('shows subscriptions, the default card, invoices and the enabled actions, in French for locale fr', async () => {
    const { subscription } = await subscribedCustomer(stripe, catalog.basic);
    const { page } = await portal(String(subscription.customer), undefined, { locale: 'fr' });
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="fr">');
    const text = textOf(page.html);
    expect(text).toContain('Abonnements en cours');
    expect(text).toContain('Team plan');
    expect(text).toContain('20,00 € par mois');
    expect(text).toMatch(/Renouvellement le \d{1,2} \S+ \d{4}/);
    expect(text).toContain('Visa •••• 4242');
    expect(text).toContain('Historique des factures');
    expect(text).toContain('Payée');
    expect(text).toContain('Retour à shop.example.com');
    expect(text).toContain('Manage your Team plan');
    expect(buttonsOf(page.html)).toEqual([
      'Modifier l’abonnement',
      'Annuler l’abonnement',
      'Mettre à jour la carte',
      'Modifier les informations',
    ]);
  });

  it('renders in English for auto and for locales without a dictionary', async () => {
    const { customer } = await subscribedCustomer(stripe, catalog.basic);
    for (const locale of ['auto', 'de'] as const) {
      const { page } = await portal(customer.id, undefined, { locale });
      expect(page.html).toContain('<html lang="en">');
      expect(textOf(page.html)).toContain('€20.00 per month');
      expect(buttonsOf(page.html)).toEqual(['Update subscription', 'Cancel subscription', 'Update card', 'Update information']);
    }
  });

  it('runs a task started from the homepage and comes back to it with a notice', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const { page } = await portal(customer.id);
    const cancelPage = await browser.submit(page, 'Cancel subscription');
    expect(cancelPage.url).toContain(`/subscriptions/${subscription.id}/cancel`);
    expect(buttonsOf(cancelPage.html)).toEqual(['Cancel subscription', 'Go back']);

    const home = await browser.submit(cancelPage, 'Cancel subscription', { reason: 'missing_features' });
    expect(home.status).toBe(200);
    expect(home.url).toMatch(/\/p\/session\/[^/]+\?notice=subscription_canceled/);
    const text = textOf(home.html);
    expect(text).toMatch(/Your subscription has been canceled\. You keep access until/);
    expect(text).toMatch(/Cancels on /);
    expect(buttonsOf(home.html)).toEqual(['Renew subscription', 'Update card', 'Update information']);

    const canceled = await stripe.subscriptions.retrieve(subscription.id);
    expect(canceled).toMatchObject({ cancel_at_period_end: true, cancellation_details: { feedback: 'missing_features' } });
  });
});

describe('the payment_method_update flow', () => {
  it('labels every field, hides the portal navigation, and refuses invalid cards without changing anything', async () => {
    const { customer } = await subscribedCustomer(stripe, catalog.basic);
    const { page } = await portal(customer.id, { type: 'payment_method_update', after_completion: redirectAfter });
    expect(labelsOf(page.html)).toEqual(['Card number', 'Expiry', 'CVC', 'Name on card']);
    expect(buttonsOf(page.html)).toEqual(['Add card']);
    expect(textOf(page.html)).toContain('Return to shop.example.com');

    const invalid = await browser.submit(page, 'Add card', { card_number: '4242 4242 4242 4241', expiry: '13/30', cvc: '1' });
    expect(invalid.status).toBe(400);
    const text = textOf(invalid.html);
    expect(text).toContain('Your card number is invalid.');
    expect(text).toContain("Your card's expiration month is invalid.");
    expect(text).toContain("Your card's security code is incomplete.");

    const past = await browser.submit(page, 'Add card', { ...CARD, expiry: '01/20' });
    expect(textOf(past.html)).toContain("Your card's expiration date is in the past.");

    const cards = await stripe.paymentMethods.list({ customer: customer.id });
    expect(cards.data).toHaveLength(1);
  });

  it('shows declines with Stripe’s messages and keeps the old card', async () => {
    const { customer, card } = await subscribedCustomer(stripe, catalog.basic);
    const { page } = await portal(customer.id, { type: 'payment_method_update', after_completion: redirectAfter });

    const declined = await browser.submit(page, 'Add card', { ...CARD, card_number: '4000 0000 0000 0002' });
    expect(declined.status).toBe(402);
    expect(textOf(declined.html)).toContain('Your card was declined.');
    const insufficient = await browser.submit(page, 'Add card', { ...CARD, card_number: '4000000000009995' });
    expect(textOf(insufficient.html)).toContain('Your card has insufficient funds.');

    const current = await stripe.customers.retrieve(customer.id);
    expect((current as Stripe.Customer).invoice_settings.default_payment_method).toBe(card.id);
    expect((await stripe.paymentMethods.list({ customer: customer.id })).data).toHaveLength(1);
  });

  it('adds the card as the default for invoices and subscriptions, then redirects; a replay changes nothing', async () => {
    const { customer, subscription, card } = await subscribedCustomer(stripe, catalog.basic, { subscriptionDefault: true });
    const { page } = await portal(customer.id, { type: 'payment_method_update', after_completion: redirectAfter });
    const form = page.html;

    const done = await browser.submit(page, 'Add card', { ...CARD, card_number: '5555 5555 5555 4444' });
    expect(done).toMatchObject({ status: 303, location: DONE_URL });

    const cards = (await stripe.paymentMethods.list({ customer: customer.id })).data;
    const added = cards.find((entry) => entry.id !== card.id);
    expect(added?.card).toMatchObject({ brand: 'mastercard', last4: '4444', exp_month: 12, exp_year: 2034 });
    expect(added?.billing_details.name).toBe('Jenny Rosen');
    const updated = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(updated.invoice_settings.default_payment_method).toBe(added?.id);
    expect((await stripe.subscriptions.retrieve(subscription.id)).default_payment_method).toBe(added?.id);

    const customerEvents = await eventsAbout(stripe, customer.id, 'customer.updated');
    expect(customerEvents.at(-1)?.data.previous_attributes).toMatchObject({
      invoice_settings: { default_payment_method: card.id },
    });
    expect((await eventsAbout(stripe, added!.id)).map((event) => event.type)).toEqual(['payment_method.attached']);

    const replay = await browser.submit({ ...page, html: form }, 'Add card', { ...CARD, card_number: '4242424242424242' });
    expect(replay).toMatchObject({ status: 303, location: DONE_URL });
    expect((await stripe.paymentMethods.list({ customer: customer.id })).data).toHaveLength(2);
    expect((await browser.get(page.url)).location).toBe(DONE_URL);
  });
});

describe('the subscription_cancel flow', () => {
  it('cancels at the end of the period with the reason given, then shows the custom message', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const { page } = await portal(customer.id, {
      type: 'subscription_cancel',
      subscription_cancel: { subscription: subscription.id },
      after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'We hope to see you again.' } },
    });
    const text = textOf(page.html);
    expect(text).toMatch(/Your Team plan subscription will be canceled, but is still available until the end of your billing period on/);
    expect(labelsOf(page.html)).toEqual(["It's too expensive", 'Some features are missing', 'Other reason']);
    expect(buttonsOf(page.html)).toEqual(['Cancel subscription']);

    const confirmation = await browser.submit(page, 'Cancel subscription', { reason: 'too_expensive' });
    expect(confirmation.status).toBe(200);
    expect(textOf(confirmation.html)).toContain('We hope to see you again.');
    expect(textOf(confirmation.html)).toContain('Return to shop.example.com');

    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after).toMatchObject({ status: 'active', cancel_at_period_end: true, cancellation_details: { feedback: 'too_expensive' } });
    const updates = await eventsAbout(stripe, subscription.id, 'customer.subscription.updated');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.data.previous_attributes).toMatchObject({ cancel_at_period_end: false });

    const replay = await browser.submit(page, 'Cancel subscription', { reason: 'other' });
    expect(textOf(replay.html)).toContain('We hope to see you again.');
    expect(await eventsAbout(stripe, subscription.id, 'customer.subscription.updated')).toHaveLength(1);
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancellation_details?.feedback).toBe('too_expensive');
  });

  it('cancels right away when the configuration says immediately', async () => {
    const immediate = await stripe.billingPortal.configurations.create({
      features: { subscription_cancel: { enabled: true, mode: 'immediately', proration_behavior: 'create_prorations' } },
    });
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const { page } = await portal(
      customer.id,
      { type: 'subscription_cancel', subscription_cancel: { subscription: subscription.id }, after_completion: redirectAfter },
      { configuration: immediate.id },
    );
    expect(textOf(page.html)).toContain('Your Team plan subscription will be canceled immediately');
    expect(labelsOf(page.html)).toEqual([]);

    const done = await browser.submit(page, 'Cancel subscription');
    expect(done.location).toBe(DONE_URL);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('canceled');
    expect((await eventsAbout(stripe, subscription.id)).map((event) => event.type)).toContain('customer.subscription.deleted');
  });

  it('offers the retention coupon first; accepting it keeps the plan and completes the flow', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 50, duration: 'repeating', duration_in_months: 3, name: 'Stay 50' });
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const { page } = await portal(customer.id, {
      type: 'subscription_cancel',
      subscription_cancel: { subscription: subscription.id, retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } } },
    });
    expect(textOf(page.html)).toContain('Stay with us and get 50% off for 3 months.');
    expect(buttonsOf(page.html)).toEqual(['Accept offer', 'No thanks']);

    const home = await browser.submit(page, 'Accept offer');
    expect(home.url).toContain('notice=offer_accepted');
    expect(textOf(home.html)).toContain('The offer has been applied to your subscription.');
    expect(buttonsOf(home.html)).toContain('Cancel subscription');

    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] });
    expect(after).toMatchObject({ status: 'active', cancel_at_period_end: false });
    expect(after.discounts.map((discount) => (discount as Stripe.Discount).source.coupon)).toEqual([coupon.id]);
  });

  it('goes on to the cancellation after “No thanks”', async () => {
    const coupon = await stripe.coupons.create({ amount_off: 500, currency: 'eur', duration: 'once' });
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const { page } = await portal(customer.id, {
      type: 'subscription_cancel',
      subscription_cancel: { subscription: subscription.id, retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } } },
      after_completion: redirectAfter,
    });
    expect(textOf(page.html)).toContain('Stay with us and get €5.00 off on your next invoice.');
    const cancelPage = await browser.submit(page, 'No thanks');
    expect(buttonsOf(cancelPage.html)).toEqual(['Cancel subscription']);
    const done = await browser.submit(cancelPage, 'Cancel subscription');
    expect(done.location).toBe(DONE_URL);
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after).toMatchObject({ cancel_at_period_end: true, discounts: [] });
  });

  it('reaches only the flow’s own pages', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const other = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: catalog.pro.id }] });
    const { page } = await portal(customer.id, { type: 'subscription_cancel', subscription_cancel: { subscription: subscription.id } });
    const base = new URL(page.url).pathname;
    for (const path of [
      `${base}/payment-method`,
      `${base}/subscriptions/${other.id}/cancel`,
      `${base}/subscriptions/${subscription.id}/update`,
    ]) {
      const blocked = await browser.get(path);
      expect(blocked.status).toBe(403);
      expect(textOf(blocked.html)).toContain('This page is not part of this session');
    }
    const forged = await browser.post(`${base}/subscriptions/${other.id}/cancel`, {});
    expect(forged.status).toBe(403);
    expect((await stripe.subscriptions.retrieve(other.id)).cancel_at_period_end).toBe(false);
  });
});

describe('plan changes', () => {
  it('subscription_update: lists the offered prices with the current one marked, previews and confirms', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const { page } = await portal(customer.id, {
      type: 'subscription_update',
      subscription_update: { subscription: subscription.id },
      after_completion: redirectAfter,
    });
    const text = textOf(page.html);
    expect(text).toContain('Team plan · €20.00 per month Current plan');
    expect(text).toContain('Team plan · €50.00 per month');
    expect(page.html).toMatch(new RegExp(`<input type="radio" disabled=""[^>]*value="${catalog.basic.id}"`));
    expect(page.html).not.toMatch(new RegExp(`<input type="radio" disabled=""[^>]*value="${catalog.pro.id}"`));
    expect(buttonsOf(page.html)).toEqual(['Continue']);

    const confirm = await browser.submit(page, 'Continue', { price: catalog.pro.id });
    expect(confirm.status).toBe(200);
    const preview = textOf(confirm.html);
    expect(preview).toContain('Confirm your update');
    expect(preview).toMatch(/Unused time on Team plan -€\d+\.\d\d/);
    expect(preview).toMatch(/Remaining time on Team plan €\d+\.\d\d/);
    expect(buttonsOf(confirm.html)).toEqual(['Confirm', 'Go back']);

    const done = await browser.submit(confirm, 'Confirm');
    expect(done.location).toBe(DONE_URL);
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data[0]?.price.id).toBe(catalog.pro.id);
    const [update] = await eventsAbout(stripe, subscription.id, 'customer.subscription.updated');
    expect((update?.data.previous_attributes as Partial<Stripe.Subscription>).items?.data[0]?.price.id).toBe(catalog.basic.id);
    const next = await stripe.invoices.createPreview({ subscription: subscription.id });
    const prorations = next.lines.data.filter((line) => line.parent?.invoice_item_details?.proration);
    expect(prorations.map((line) => Math.sign(line.amount)).sort()).toEqual([-1, 1]);
  });

  it('subscription_update_confirm: shows the given price, quantity and coupon, and applies them once', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever', name: 'Loyal 10' });
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const item = subscription.items.data[0]!;
    const seats = await stripe.billingPortal.configurations.create({ features: seatFeatures(catalog, { minimum: 1, maximum: 5 }) });
    const { page } = await portal(
      customer.id,
      {
        type: 'subscription_update_confirm',
        subscription_update_confirm: {
          subscription: subscription.id,
          items: [{ id: item.id, price: catalog.pro.id, quantity: 2 }],
          discounts: [{ coupon: coupon.id }],
        },
        after_completion: { type: 'hosted_confirmation' },
      },
      { locale: 'fr', configuration: seats.id },
    );
    const text = textOf(page.html);
    expect(text).toContain('Confirmer la modification');
    expect(text).toContain('Team plan · 50,00 € par mois × 2');
    expect(text).toContain('Réduction appliquée : Loyal 10');
    expect(buttonsOf(page.html)).toEqual(['Confirmer']);

    const confirmation = await browser.submit(page, 'Confirmer');
    expect(textOf(confirmation.html)).toContain('Votre abonnement a été modifié.');
    const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] });
    expect(after.items.data[0]).toMatchObject({ price: { id: catalog.pro.id }, quantity: 2 });
    expect(after.discounts.map((discount) => (discount as Stripe.Discount).source.coupon)).toEqual([coupon.id]);

    const again = await browser.submit(page, 'Confirmer');
    expect(textOf(again.html)).toContain('Votre abonnement a été modifié.');
    expect(await eventsAbout(stripe, subscription.id, 'customer.subscription.updated')).toHaveLength(1);
  });

  it('shows a declined card on a change billed at once, and leaves the subscription as it was', async () => {
    const invoiceNow = await stripe.billingPortal.configurations.create({
      features: {
        ...fullFeatures(catalog),
        subscription_update: {
          enabled: true,
          proration_behavior: 'always_invoice',
          products: [{ product: catalog.product.id, prices: [catalog.basic.id, catalog.pro.id] }],
        },
      },
    });
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    const { page } = await portal(
      customer.id,
      {
        type: 'subscription_update_confirm',
        subscription_update_confirm: {
          subscription: subscription.id,
          items: [{ id: subscription.items.data[0]!.id, price: catalog.pro.id }],
        },
        after_completion: redirectAfter,
      },
      { configuration: invoiceNow.id },
    );
    expect(textOf(page.html)).toContain('Amount due today');
    const declined = await browser.submit(page, 'Confirm');
    expect(declined.status).toBe(402);
    expect(textOf(declined.html)).toContain('Your card was declined.');
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]?.price.id).toBe(catalog.basic.id);
    expect(await eventsAbout(stripe, subscription.id, 'customer.subscription.updated')).toHaveLength(0);
  });
});
