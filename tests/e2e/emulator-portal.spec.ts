import { expect, test, type Page } from '@playwright/test';
import type Stripe from 'stripe';
import { appUrl } from '../../playwright.config';
import { emulatorStripe as stripe, emulatorUrl, fillCard, uniqueEmail } from './support/billing';

// The emulator's hosted portal and Checkout pages in a real browser, set up directly through the
// Stripe SDK (not through the app), so each flow and each after-completion behaviour is exercised
// on its own. Every assertion on Stripe objects reads them back from the emulator.

const RETURN_URL = `${appUrl}/`;
const DONE_URL = `${appUrl}/?portal=done`;

interface Setup {
  readonly configuration: Stripe.BillingPortal.Configuration;
  readonly basic: Stripe.Price;
  readonly pro: Stripe.Price;
  readonly customer: Stripe.Customer;
  readonly subscription: Stripe.Subscription;
}

/** A plan with two prices, a configuration offering them, and a customer on the first with a card. */
async function setup(label: string): Promise<Setup> {
  const product = await stripe.products.create({ name: `Emulator ${label}` });
  const [basic, pro] = await Promise.all([
    stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } }),
    stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' } }),
  ]);
  const configuration = await stripe.billingPortal.configurations.create({
    features: {
      invoice_history: { enabled: true },
      payment_method_update: { enabled: true },
      subscription_cancel: {
        enabled: true,
        mode: 'at_period_end',
        cancellation_reason: { enabled: true, options: ['too_expensive', 'unused', 'other'] },
      },
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price'],
        proration_behavior: 'create_prorations',
        products: [{ product: product.id, prices: [basic.id, pro.id] }],
      },
    },
  });
  const customer = await stripe.customers.create({ email: uniqueEmail(label), name: 'Ada Lovelace' });
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
  return { configuration, basic, pro, customer, subscription };
}

async function openPortal(page: Page, context: Setup, params: Partial<Stripe.BillingPortal.SessionCreateParams> = {}) {
  const session = await stripe.billingPortal.sessions.create({
    customer: context.customer.id,
    configuration: context.configuration.id,
    return_url: RETURN_URL,
    ...params,
  });
  await page.goto(session.url);
  return session;
}

test('update card: a declined card is refused, a good one becomes the default and the flow redirects', async ({ page }) => {
  const context = await setup('card');
  await openPortal(page, context, {
    flow_data: { type: 'payment_method_update', after_completion: { type: 'redirect', redirect: { return_url: DONE_URL } } },
  });
  await expect(page.getByRole('heading', { name: 'Add a payment method' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Return to localhost/ })).toHaveAttribute('href', RETURN_URL);
  await expect(page.getByRole('button', { name: 'Cancel subscription' })).toHaveCount(0);

  await fillCard(page, '4000 0000 0000 0002');
  await page.getByLabel('Name on card').fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Add card' }).click();
  await expect(page.getByRole('alert')).toHaveText('Your card was declined.');

  await fillCard(page, '5555 5555 5555 4444');
  await page.getByRole('button', { name: 'Add card' }).click();
  await expect(page).toHaveURL(DONE_URL);

  const customer = (await stripe.customers.retrieve(context.customer.id)) as Stripe.Customer;
  const card = await stripe.paymentMethods.retrieve(customer.invoice_settings.default_payment_method as string);
  expect(card.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
  expect(card.billing_details.name).toBe('Ada Lovelace');
});

test('cancel with a reason, then the hosted confirmation with its custom message', async ({ page }) => {
  const context = await setup('cancel');
  await openPortal(page, context, {
    flow_data: {
      type: 'subscription_cancel',
      subscription_cancel: { subscription: context.subscription.id },
      after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Your plan ends with this period.' } },
    },
  });
  await expect(page.getByText(/will be canceled, but is still available until the end of your billing period/)).toBeVisible();
  await page.getByLabel("I don't use the service enough").check();
  await page.getByRole('button', { name: 'Cancel subscription' }).click();

  await expect(page.getByRole('status')).toHaveText('Your plan ends with this period.');
  const subscription = await stripe.subscriptions.retrieve(context.subscription.id);
  expect(subscription).toMatchObject({ cancel_at_period_end: true, cancellation_details: { feedback: 'unused' } });

  await page.getByRole('link', { name: /^Return to/ }).click();
  await expect(page).toHaveURL(RETURN_URL);
});

test('retention: accepting the offer keeps the plan and lands on the portal homepage', async ({ page }) => {
  const context = await setup('retention');
  const coupon = await stripe.coupons.create({ percent_off: 30, duration: 'repeating', duration_in_months: 2 });
  await openPortal(page, context, {
    flow_data: {
      type: 'subscription_cancel',
      subscription_cancel: {
        subscription: context.subscription.id,
        retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } },
      },
      after_completion: { type: 'portal_homepage' },
    },
  });
  await expect(page.getByText('Stay with us and get 30% off for 2 months.')).toBeVisible();
  await page.getByRole('button', { name: 'Accept offer' }).click();

  await expect(page.getByRole('status')).toHaveText('The offer has been applied to your subscription.');
  await expect(page.getByRole('heading', { name: 'Current subscriptions' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel subscription' })).toBeVisible();
  const subscription = await stripe.subscriptions.retrieve(context.subscription.id, { expand: ['discounts'] });
  expect(subscription.cancel_at_period_end).toBe(false);
  expect(subscription.discounts.map((discount) => (discount as Stripe.Discount).source.coupon)).toEqual([coupon.id]);
});

test('retention declined: “No thanks” goes on to cancel, from the portal homepage back to it', async ({ page }) => {
  const context = await setup('homepage');
  await openPortal(page, context);
  await expect(page.getByRole('heading', { name: 'Current subscriptions' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel subscription' }).click();
  await page.getByLabel('Other reason').check();
  await page.getByRole('button', { name: 'Cancel subscription' }).click();

  await expect(page.getByRole('status')).toContainText('Your subscription has been canceled. You keep access until');
  await expect(page.getByText(/^Cancels on /)).toBeVisible();
  const subscription = await stripe.subscriptions.retrieve(context.subscription.id);
  expect(subscription).toMatchObject({ cancel_at_period_end: true, cancellation_details: { feedback: 'other' } });

  const other = await setup('nothanks');
  const coupon = await stripe.coupons.create({ amount_off: 200, currency: 'usd', duration: 'once' });
  await openPortal(page, other, {
    flow_data: {
      type: 'subscription_cancel',
      subscription_cancel: {
        subscription: other.subscription.id,
        retention: { type: 'coupon_offer', coupon_offer: { coupon: coupon.id } },
      },
      after_completion: { type: 'redirect', redirect: { return_url: DONE_URL } },
    },
  });
  await page.getByRole('button', { name: 'No thanks' }).click();
  await page.getByRole('button', { name: 'Cancel subscription' }).click();
  await expect(page).toHaveURL(DONE_URL);
  expect((await stripe.subscriptions.retrieve(other.subscription.id)).cancel_at_period_end).toBe(true);
});

test('change plan: choose a price, see the proration preview, confirm', async ({ page }) => {
  const context = await setup('change');
  await openPortal(page, context, {
    flow_data: {
      type: 'subscription_update',
      subscription_update: { subscription: context.subscription.id },
      after_completion: { type: 'redirect', redirect: { return_url: DONE_URL } },
    },
  });
  await expect(page.getByLabel(/\$10\.00 per month/)).toBeDisabled();
  await page.getByLabel(/\$30\.00 per month/).check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await expect(page.getByRole('heading', { name: 'Confirm your update' })).toBeVisible();
  await expect(page.getByRole('cell', { name: /^Unused time on Emulator change/ })).toBeVisible();
  await expect(page.getByRole('cell', { name: /^Remaining time on Emulator change/ })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(DONE_URL);

  const subscription = await stripe.subscriptions.retrieve(context.subscription.id);
  expect(subscription.items.data[0]?.price.id).toBe(context.pro.id);
});

test('update confirm in French: the given price and coupon, then the default confirmation', async ({ page }) => {
  const context = await setup('confirm');
  const coupon = await stripe.coupons.create({ percent_off: 15, duration: 'forever', name: 'Fidélité' });
  await openPortal(page, context, {
    locale: 'fr',
    flow_data: {
      type: 'subscription_update_confirm',
      subscription_update_confirm: {
        subscription: context.subscription.id,
        items: [{ id: context.subscription.items.data[0]!.id, price: context.pro.id }],
        discounts: [{ coupon: coupon.id }],
      },
      after_completion: { type: 'hosted_confirmation' },
    },
  });
  await expect(page.getByRole('heading', { name: 'Confirmer la modification' })).toBeVisible();
  await expect(page.getByText('Réduction appliquée : Fidélité')).toBeVisible();
  await expect(page.getByText(/30,00\s\$US par mois/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Confirmer' }).click();

  await expect(page.getByRole('status')).toHaveText('Votre abonnement a été modifié.');
  await expect(page.getByRole('link', { name: /^Retour à localhost/ })).toBeVisible();
  const subscription = await stripe.subscriptions.retrieve(context.subscription.id, { expand: ['discounts'] });
  expect(subscription.items.data[0]?.price.id).toBe(context.pro.id);
  expect(subscription.discounts.map((discount) => (discount as Stripe.Discount).source.coupon)).toEqual([coupon.id]);
});

test('Checkout: a decline is shown, then Subscribe creates the customer and subscription', async ({ page }) => {
  const context = await setup('checkout');
  const email = uniqueEmail('buyer');
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: context.pro.id, quantity: 1 }],
    success_url: `${appUrl}/?checkout={CHECKOUT_SESSION_ID}`,
    cancel_url: RETURN_URL,
  });
  await page.goto(session.url!);
  await expect(page.getByRole('heading', { name: 'Subscribe to Emulator checkout' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Back' })).toHaveAttribute('href', RETURN_URL);

  await page.getByLabel('Email').fill(email);
  await fillCard(page, '4000 0000 0000 9995');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('alert')).toHaveText('Your card has insufficient funds.');

  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(`${appUrl}/?checkout=${session.id}`);

  const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
  expect(completed).toMatchObject({ status: 'complete', payment_status: 'paid', customer_details: { email } });
  const subscription = completed.subscription as Stripe.Subscription;
  expect(subscription).toMatchObject({ status: 'active', customer: completed.customer });
  expect(subscription.items.data[0]?.price.id).toBe(context.pro.id);
  const customers = await stripe.customers.list({ email });
  expect(customers.data.map((customer) => customer.id)).toEqual([completed.customer]);

  await page.goto(session.url!);
  await expect(page.getByRole('heading', { name: 'This Checkout Session is already complete' })).toBeVisible();
});

test('Checkout: “Back” leaves for the cancel URL and the session stays open', async ({ page }) => {
  const context = await setup('back');
  const session = await stripe.checkout.sessions.create({
    mode: 'subscription',
    line_items: [{ price: context.basic.id, quantity: 1 }],
    success_url: `${appUrl}/?checkout={CHECKOUT_SESSION_ID}`,
    cancel_url: `${appUrl}/?checkout=canceled`,
  });
  await page.goto(session.url!);
  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/c/`));
  await page.getByRole('link', { name: 'Back' }).click();
  await expect(page).toHaveURL(`${appUrl}/?checkout=canceled`);
  expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
});
