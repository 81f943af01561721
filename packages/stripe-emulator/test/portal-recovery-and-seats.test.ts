import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { portalSuite } from './emulator-suite.js';
import { buttonsOf, labelsOf, seatFeatures, subscribedCustomer, textOf } from './portal-helpers.js';

// A portal session's `after_expiration` (an expired link offers a new session once the customer
// confirms the account's e-mail address), and seats: a plan whose quantity the configuration makes
// adjustable within bounds.

const RETURN_URL = 'https://shop.example.com/account';
const DONE_URL = 'https://shop.example.com/account/plan-updated';

let clockOffsetMs = 0;
const { stripe, catalog, browser } = await portalSuite({ emulator: { clock: () => Date.now() + clockOffsetMs, portalTtlSeconds: 300 } });

const later = (seconds: number) => {
  clockOffsetMs += seconds * 1000;
};

describe('after_expiration', () => {
  it('is echoed as given, and refused with a deadline in the past or another type', async () => {
    const { customer } = await subscribedCustomer(stripe, catalog.basic);
    const deadline = Math.floor((Date.now() + clockOffsetMs) / 1000) + 86_400;
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: RETURN_URL,
      after_expiration: { type: 'customer_login', customer_login: { expires_at: deadline } },
    });
    expect(session.after_expiration).toEqual({ type: 'customer_login', customer_login: { expires_at: deadline } });
    const open = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: RETURN_URL,
      after_expiration: { type: 'customer_login' },
    });
    expect(open.after_expiration).toEqual({ type: 'customer_login', customer_login: { expires_at: null } });
    expect(await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: RETURN_URL })).not.toHaveProperty(
      'after_expiration',
    );

    await expect(
      stripe.billingPortal.sessions.create({
        customer: customer.id,
        return_url: RETURN_URL,
        after_expiration: { type: 'customer_login', customer_login: { expires_at: deadline - 2 * 86_400 } },
      }),
    ).rejects.toMatchObject({ param: 'after_expiration[customer_login][expires_at]', message: '`expires_at` must be in the future.' });
    await expect(
      stripe.billingPortal.sessions.create({ customer: customer.id, return_url: RETURN_URL, after_expiration: { type: 'magic_link' } }),
    ).rejects.toMatchObject({ param: 'after_expiration[type]' });
  });

  it('lets the customer of an expired session open a new one with the same configuration after confirming the e-mail', async () => {
    const { customer } = await subscribedCustomer(stripe, catalog.basic, { email: 'Recover@Example.com' });
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: RETURN_URL,
      after_expiration: { type: 'customer_login' },
      flow_data: { type: 'payment_method_update' },
    });
    later(301);
    const expired = await browser.get(session.url);
    expect(expired.status).toBe(410);
    expect(textOf(expired.html)).toContain('Confirm the email address of your account to open a new session.');
    expect(buttonsOf(expired.html)).toEqual(['Open a new session']);

    const wrong = await browser.submit(expired, 'Open a new session', { email: 'someone@example.com' });
    expect(wrong.status).toBe(400);
    expect(textOf(wrong.html)).toContain('This email address does not match the account of this session.');

    const recovered = await browser.submit(wrong, 'Open a new session', { email: 'recover@example.com' });
    expect(recovered.status).toBe(200);
    expect(recovered.url).not.toBe(session.url);
    expect(textOf(recovered.html)).toContain('Current subscriptions');
    const events = await stripe.events.list({ type: 'billing_portal.session.created', limit: 1 });
    const replacement = events.data[0]!.data.object as Stripe.BillingPortal.Session;
    expect(replacement).toMatchObject({
      customer: customer.id,
      configuration: session.configuration,
      return_url: RETURN_URL,
      flow: null,
      after_expiration: { type: 'customer_login', customer_login: { expires_at: null } },
    });
  });

  it('offers no recovery without after_expiration, or after its deadline', async () => {
    const { customer } = await subscribedCustomer(stripe, catalog.basic);
    const now = Math.floor((Date.now() + clockOffsetMs) / 1000);
    const plain = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: RETURN_URL });
    const bounded = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: RETURN_URL,
      after_expiration: { type: 'customer_login', customer_login: { expires_at: now + 600 } },
    });
    later(301);
    const plainPage = await browser.get(plain.url);
    expect(plainPage.status).toBe(410);
    expect(buttonsOf(plainPage.html)).toEqual([]);
    expect(textOf(plainPage.html)).toContain('Return to shop.example.com');
    expect(buttonsOf((await browser.get(bounded.url)).html)).toEqual(['Open a new session']);
    later(600);
    expect(buttonsOf((await browser.get(bounded.url)).html)).toEqual([]);
    const forged = await browser.post(`${bounded.url}/recover`, { email: customer.email ?? '' });
    expect(forged.status).toBe(410);
  });
});

describe('seats', () => {
  it('the plan page offers the quantity within the bounds, and the confirm page prices it', async () => {
    const seats = await stripe.billingPortal.configurations.create({ features: seatFeatures(catalog, { minimum: 2, maximum: 10 }) });
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      configuration: seats.id,
      return_url: RETURN_URL,
      flow_data: {
        type: 'subscription_update',
        subscription_update: { subscription: subscription.id },
        after_completion: { type: 'redirect', redirect: { return_url: DONE_URL } },
      },
    });
    const page = await browser.get(session.url);
    expect(labelsOf(page.html)).toContain('Quantity (2–10)');
    const quantity = page.html.match(/<input id="quantity"[^>]*>/)?.[0] ?? '';
    for (const attribute of ['type="number"', 'min="2"', 'max="10"', 'value="1"']) expect(quantity).toContain(attribute);
    const current = page.html.match(new RegExp(`<input type="radio"[^>]*value="${catalog.basic.id}"[^>]*>`))?.[0] ?? '';
    expect(current).toContain('checked=""');
    expect(current).not.toContain('disabled');

    const tooMany = await browser.submit(page, 'Continue', { price: catalog.basic.id, quantity: '11' });
    expect(tooMany.status).toBe(400);
    expect(textOf(tooMany.html)).toContain(
      `The quantity 11 is above the maximum of 10 the portal configuration allows for product ${catalog.product.id}.`,
    );

    const confirm = await browser.submit(page, 'Continue', { price: catalog.basic.id, quantity: '4' });
    expect(confirm.status).toBe(200);
    const text = textOf(confirm.html);
    expect(text).toContain('Team plan · €20.00 per month × 4');
    expect(text).toMatch(/Remaining time on Team plan/);
    const done = await browser.submit(confirm, 'Confirm');
    expect(done.location).toBe(DONE_URL);
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]).toMatchObject({
      quantity: 4,
      price: { id: catalog.basic.id },
    });
  });

  it('without an adjustable quantity the current plan cannot be chosen again and no quantity is asked', async () => {
    const { customer, subscription } = await subscribedCustomer(stripe, catalog.basic);
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: RETURN_URL,
      flow_data: { type: 'subscription_update', subscription_update: { subscription: subscription.id } },
    });
    const page = await browser.get(session.url);
    expect(labelsOf(page.html).some((label) => label.startsWith('Quantity'))).toBe(false);
    const forged = await browser.submit(page, 'Continue', { price: catalog.pro.id, quantity: '3' });
    expect(forged.status).toBe(400);
    expect(textOf(forged.html)).toContain(`The quantity of product ${catalog.product.id} cannot be changed`);
  });
});
