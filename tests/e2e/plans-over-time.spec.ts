import { expect, test, type Page } from '@playwright/test';
import { billingConfig } from '@/billing.config';
import { emulatorStripe, emulatorUrl, fillCard, returnFromPortal, signIn, subscribedCustomer, uniqueEmail } from './support/billing';
import { plans } from './support/catalog';

// Plans over time (issue 16), clicked as a customer clicks them against the emulator: a downgrade
// that waits for the period's end and then happens (the emulator's clock), "Keep current plan",
// trials with and without a card and their end, 3-D Secure completed and failed in Checkout, card
// update and "Switch to …", a declined card there, and `cancel_at` set through the API. Each test
// checks what /account shows and what Stripe holds.
//
// Moving the emulator's clock is global to it, so this file runs in its own Playwright project,
// alone, after the others (playwright.config.ts); its tests run one after another in one worker.

const portal = new RegExp(`^${emulatorUrl}/`);
const DAY = 86_400;

/** A date as /account writes it in English ("December 30, 2026"). */
const longDate = (seconds: number) => new Date(seconds * 1000).toLocaleDateString('en-US', { dateStyle: 'long', timeZone: 'UTC' });

/** Moves the emulator's clock to a day after `moment` (Unix seconds), which brings every subscription up to then. */
async function clockPast(moment: number) {
  const response = await fetch(`${emulatorUrl}/_emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: moment + DAY }),
  });
  expect(response.status).toBe(200);
}

/** The shipped plans with a trial: one asking for no card, one asking for a card up front. */
function trialPlan(card: 'optional' | 'required') {
  const product = billingConfig.products.find((candidate) => candidate.trial?.card === card);
  if (!product?.trial) throw new Error(`The end-to-end tests need a plan with a trial and card: "${card}" in billing.config.ts.`);
  return { key: product.key, name: product.name, trial: product.trial };
}

async function customerIdOf(email: string) {
  const customers = await emulatorStripe.customers.list({ email, limit: 2 });
  expect(customers.data).toHaveLength(1);
  return customers.data[0]!.id;
}

async function onlySubscription(customerId: string) {
  const list = await emulatorStripe.subscriptions.list({ customer: customerId, status: 'all', limit: 5 });
  expect(list.data).toHaveLength(1);
  return list.data[0]!;
}

/** "Change plan" to the cheaper plan: the portal schedules it for the end of the period. */
async function scheduleDowngrade(page: Page, subscriptionId: string) {
  await page.goto('/account');
  await page.getByRole('button', { name: 'Change plan' }).click();
  await expect(page).toHaveURL(portal);
  await page.getByLabel(plans.third.portalChoice).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText(/takes effect at the end of your current billing period/)).toBeVisible();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(`/account/plan-updated?subscription=${subscriptionId}`);
  const subscription = await emulatorStripe.subscriptions.retrieve(subscriptionId, { expand: ['schedule'] });
  const schedule = subscription.schedule as import('stripe').Stripe.SubscriptionSchedule;
  expect(subscription.items.data[0]!.price.lookup_key).toBe(plans.subscribed.lookupKey);
  const next = schedule.phases.at(-1)!;
  const third = (await emulatorStripe.prices.list({ lookup_keys: [plans.third.lookupKey] })).data[0]!;
  expect(next.items[0]!.price).toBe(third.id);
  expect(next.start_date).toBe(subscription.items.data[0]!.current_period_end);
  const line = `Changes to ${plans.third.name} on ${longDate(next.start_date)}`;
  await expect(page.getByTestId('notice')).toContainText(`Your plan changes to ${plans.third.name} on ${longDate(next.start_date)}.`);
  await expect(page.getByTestId('subscription-pending-change')).toHaveText(line);
  await expect(page.getByTestId('subscription-price')).toHaveText(plans.subscribed.priceText);
  return { schedule, startsAt: next.start_date };
}

test('a downgrade waits for the period end, "Keep current plan" drops it, and one left in place happens when the clock gets there', async ({
  page,
}) => {
  const { subscriptionId } = await subscribedCustomer(page, 'downgrade');
  const first = await scheduleDowngrade(page, subscriptionId);

  await page.getByRole('button', { name: 'Keep current plan' }).click();
  await expect(page).toHaveURL(`/account/plan-kept?subscription=${subscriptionId}&kept=change`);
  await expect(page.getByTestId('notice')).toContainText(`You stay on ${plans.subscribed.name}.`);
  await expect(page.getByTestId('subscription-pending-change')).toHaveCount(0);
  expect((await emulatorStripe.subscriptions.retrieve(subscriptionId)).schedule).toBeNull();
  expect((await emulatorStripe.subscriptionSchedules.retrieve(first.schedule.id)).status).toBe('released');

  const second = await scheduleDowngrade(page, subscriptionId);
  await clockPast(second.startsAt);
  await page.goto('/account/return');
  await expect(page).toHaveURL('/account');
  await expect(page.getByTestId('subscription-price')).toHaveText(plans.third.priceText);
  await expect(page.getByTestId('subscription-pending-change')).toHaveCount(0);
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
  const after = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  expect(after.items.data[0]!.price.lookup_key).toBe(plans.third.lookupKey);
  expect(after.status).toBe('active');
  expect(after.items.data[0]!.current_period_start).toBe(second.startsAt);
});

test('a downgrade a forker schedules through the API shows as the portal\'s does, and "Keep current plan" releases it', async ({
  page,
}) => {
  const { subscriptionId } = await subscribedCustomer(page, 'api-schedule');
  const third = (await emulatorStripe.prices.list({ lookup_keys: [plans.third.lookupKey] })).data[0]!;
  const created = await emulatorStripe.subscriptionSchedules.create({ from_subscription: subscriptionId });
  const [current] = created.phases;
  const currentPrice = current!.items[0]!.price;
  const schedule = await emulatorStripe.subscriptionSchedules.update(created.id, {
    phases: [
      {
        items: [{ price: typeof currentPrice === 'string' ? currentPrice : currentPrice.id, quantity: 1 }],
        start_date: current!.start_date,
        end_date: current!.end_date,
      },
      { items: [{ price: third.id, quantity: 1 }] },
    ],
  });

  await page.goto('/account/return');
  await expect(page).toHaveURL('/account');
  await expect(page.getByTestId('subscription-pending-change')).toHaveText(
    `Changes to ${plans.third.name} on ${longDate(schedule.phases[1]!.start_date)}`,
  );
  await expect(page.getByTestId('subscription-price')).toHaveText(plans.subscribed.priceText);

  await page.getByRole('button', { name: 'Keep current plan' }).click();
  await expect(page).toHaveURL(`/account/plan-kept?subscription=${subscriptionId}&kept=change`);
  await expect(page.getByTestId('notice')).toContainText(`You stay on ${plans.subscribed.name}.`);
  await expect(page.getByTestId('subscription-pending-change')).toHaveCount(0);
  const kept = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  expect(kept.schedule).toBeNull();
  expect(kept.items.data[0]!.price.lookup_key).toBe(plans.subscribed.lookupKey);
  expect(await emulatorStripe.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({
    status: 'released',
    released_subscription: subscriptionId,
  });
});

test('cancel_at set through the API, without cancel_at_period_end: "Cancels on …", and "Keep my plan" undoes it', async ({ page }) => {
  const { subscriptionId } = await subscribedCustomer(page, 'cancel-at');
  const current = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  const cancelAt = current.items.data[0]!.current_period_start + 10 * DAY;
  await emulatorStripe.subscriptions.update(subscriptionId, { cancel_at: cancelAt });
  await page.goto('/account/return');
  await expect(page.getByTestId('subscription-status')).toHaveText('Cancels soon');
  await expect(page.getByTestId('subscription-ending')).toContainText(`Cancels on ${longDate(cancelAt)}`);
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  const set = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  expect({ cancel_at: set.cancel_at, cancel_at_period_end: set.cancel_at_period_end }).toEqual({
    cancel_at: cancelAt,
    cancel_at_period_end: false,
  });

  await page.getByRole('button', { name: 'Keep my plan' }).click();
  await expect(page).toHaveURL(`/account/plan-kept?subscription=${subscriptionId}&kept=cancellation`);
  await expect(page.getByTestId('notice')).toContainText(`Your ${plans.subscribed.name} subscription continues.`);
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
  await expect(page.getByTestId('subscription-ending')).toHaveCount(0);
  const kept = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  expect({ cancel_at: kept.cancel_at, cancel_at_period_end: kept.cancel_at_period_end }).toEqual({
    cancel_at: null,
    cancel_at_period_end: false,
  });

  // With cancel_at_period_end, Stripe's own flag: the period's end, and undone the same way.
  await emulatorStripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
  await page.goto('/account/return');
  await expect(page.getByTestId('subscription-ending')).toContainText(`Cancels on ${longDate(current.items.data[0]!.current_period_end)}`);
  await page.getByRole('button', { name: 'Keep my plan' }).click();
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
  expect((await emulatorStripe.subscriptions.retrieve(subscriptionId)).cancel_at_period_end).toBe(false);
});

test('a trial without a card: "Trial ends on …", the "Add a card" banner, a card added, and the trial ending into a paid plan', async ({
  page,
}) => {
  const plan = trialPlan('optional');
  const email = uniqueEmail('trial-no-card');
  await signIn(page, email, '/pricing');
  await expect(page.locator(`[data-plan="${plan.key}"]`).getByTestId('plan-trial')).toHaveText(
    `Free for ${plan.trial.days} days, no card needed`,
  );
  await page.locator(`[data-plan="${plan.key}"]`).getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(portal);
  await expect(page.getByLabel('Card number')).toHaveCount(0);
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(/\/account\/subscribed/);

  const customerId = await customerIdOf(email);
  const trialing = await onlySubscription(customerId);
  expect(trialing.status).toBe('trialing');
  expect(trialing.default_payment_method).toBeNull();
  expect(trialing.trial_settings?.end_behavior.missing_payment_method).toBe(plan.trial.whenNoCard);
  const trialEnd = trialing.trial_end!;
  expect(trialEnd - trialing.trial_start!).toBe(plan.trial.days * DAY);
  await expect(page.getByTestId('subscription-status')).toHaveText('Trial');
  await expect(page.getByTestId('subscription-trial')).toHaveText(`Trial ends on ${longDate(trialEnd)}`);
  await expect(page.getByTestId('no-card')).toBeVisible();
  const banner = page.getByTestId('trial-no-card');
  await expect(banner).toContainText(`Your ${plan.name} trial ends on ${longDate(trialEnd)}.`);
  // A trial unlocks its plan.
  await expect(page.getByTestId('plan-unlocks').locator('[data-feature="projects"]')).toHaveAttribute('data-included', 'true');

  await banner.getByRole('button', { name: 'Add a card' }).click();
  await expect(page).toHaveURL(portal);
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Add card' }).click();
  await expect(page).toHaveURL('/account/payment-method-updated');
  await expect(page.getByTestId('trial-no-card')).toHaveCount(0);
  await expect(page.getByTestId('card-last4')).toHaveText('4242');

  await clockPast(trialEnd);
  await page.goto('/account/return');
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
  const active = await onlySubscription(customerId);
  expect(active.status).toBe('active');
  const [invoice] = (await emulatorStripe.invoices.list({ subscription: active.id, limit: 1 })).data;
  expect(invoice?.status).toBe('paid');
  expect(invoice?.amount_paid).toBeGreaterThan(0);
});

test('a trial without a card that ends without one follows missing_payment_method', async ({ page }) => {
  const plan = trialPlan('optional');
  const email = uniqueEmail('trial-ends-no-card');
  await signIn(page, email, '/pricing');
  await page.locator(`[data-plan="${plan.key}"]`).getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(portal);
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(/\/account\/subscribed/);
  const customerId = await customerIdOf(email);
  const trialEnd = (await onlySubscription(customerId)).trial_end!;

  await clockPast(trialEnd);
  await page.goto('/account/return');
  const ended = await onlySubscription(customerId);
  const expected = { pause: ['paused', 'Paused'], cancel: ['canceled', null], create_invoice: ['past_due', 'Payment due'] } as const;
  const [status, label] = expected[plan.trial.whenNoCard!];
  expect(ended.status).toBe(status);
  if (label) await expect(page.getByTestId('subscription-status')).toHaveText(label);
  else await expect(page.getByTestId('no-subscription')).toBeVisible();
  await expect(page.getByTestId('trial-no-card')).toHaveCount(0);
  // Paused or canceled: nothing unlocked; past_due: kept, as grace.
  await expect(page.getByTestId('plan-unlocks').locator('[data-feature="projects"]')).toHaveAttribute(
    'data-included',
    status === 'past_due' ? 'true' : 'false',
  );
});

test('a trial with a card: asked for in Checkout, no banner, billed when the trial ends', async ({ page }) => {
  const plan = trialPlan('required');
  const email = uniqueEmail('trial-card');
  await signIn(page, email, '/pricing');
  await expect(page.locator(`[data-plan="${plan.key}"]`).getByTestId('plan-trial')).toHaveText(
    `Free for ${plan.trial.days} days, then billed to your card`,
  );
  await page.locator(`[data-plan="${plan.key}"]`).getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(portal);
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(/\/account\/subscribed/);
  const customerId = await customerIdOf(email);
  const trialing = await onlySubscription(customerId);
  expect(trialing.status).toBe('trialing');
  expect(trialing.default_payment_method).not.toBeNull();
  await expect(page.getByTestId('notice')).toContainText(`Your free trial runs until ${longDate(trialing.trial_end!)}.`);
  await expect(page.getByTestId('subscription-trial')).toHaveText(`Trial ends on ${longDate(trialing.trial_end!)}`);
  await expect(page.getByTestId('trial-no-card')).toHaveCount(0);

  await clockPast(trialing.trial_end!);
  await page.goto('/account/return');
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
  expect((await onlySubscription(customerId)).status).toBe('active');
});

test('3-D Secure in Checkout: failing leaves nothing, completing subscribes', async ({ page }) => {
  const email = uniqueEmail('3ds-checkout');
  await signIn(page, email, '/pricing');
  await page.locator(`[data-plan="${plans.subscribed.key}"]`).getByRole('button', { name: 'Subscribe' }).click();
  await fillCard(page, '4000 0027 6000 3184');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page.getByRole('heading', { name: 'Authenticate this payment' })).toBeVisible();
  await page.getByRole('button', { name: 'Fail authentication' }).click();
  await expect(
    page.getByText('We are unable to authenticate your payment method. Please choose a different payment method and try again.'),
  ).toBeVisible();
  const customers = await emulatorStripe.customers.list({ email, limit: 2 });
  for (const customer of customers.data) {
    expect((await emulatorStripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toHaveLength(0);
  }

  await fillCard(page, '4000 0027 6000 3184');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await page.getByRole('button', { name: 'Complete authentication' }).click();
  await expect(page).toHaveURL(/\/account\/subscribed/);
  await expect(page.getByTestId('subscription-status')).toHaveText('Active');
  await expect(page.getByTestId('card-last4')).toHaveText('3184');
  expect((await onlySubscription(await customerIdOf(email))).status).toBe('active');
});

test('3-D Secure on "Update card": failing keeps the old card, completing makes the new one the default', async ({ page }) => {
  const { customerId } = await subscribedCustomer(page, '3ds-card');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Update card' }).click();
  await fillCard(page, '4000 0025 0000 3155');
  await page.getByRole('button', { name: 'Add card' }).click();
  await page.getByRole('button', { name: 'Fail authentication' }).click();
  await expect(page.getByText('We are unable to authenticate your payment method.', { exact: false })).toBeVisible();
  const before = await emulatorStripe.paymentMethods.list({ customer: customerId, type: 'card' });
  expect(before.data.map((method) => method.card?.last4)).toEqual(['4242']);

  await fillCard(page, '4000 0025 0000 3155');
  await page.getByRole('button', { name: 'Add card' }).click();
  await page.getByRole('button', { name: 'Complete authentication' }).click();
  await expect(page).toHaveURL('/account/payment-method-updated');
  await expect(page.getByTestId('card-last4')).toHaveText('3155');
  const customer = await emulatorStripe.customers.retrieve(customerId, { expand: ['invoice_settings.default_payment_method'] });
  expect('deleted' in customer).toBe(false);
  if (!('deleted' in customer)) {
    const method = customer.invoice_settings.default_payment_method as import('stripe').Stripe.PaymentMethod;
    expect(method.card?.last4).toBe('3155');
  }
});

/** "Switch to …" the pricier plan, paying with a card typed on Stripe's confirmation page. */
async function switchPayingWith(page: Page, number: string) {
  await page.goto('/pricing');
  await page
    .locator(`[data-plan="${plans.other.key}"]`)
    .getByRole('button', { name: `Switch to ${plans.other.name}` })
    .click();
  await expect(page).toHaveURL(portal);
  await page.getByText('Pay with a different card').click();
  await fillCard(page, number);
  await page.getByRole('button', { name: 'Confirm' }).click();
}

test('"Switch to …" with a declined card, then a 3-D Secure card failed and completed: unchanged until it succeeds', async ({ page }) => {
  const { subscriptionId } = await subscribedCustomer(page, '3ds-switch');
  await switchPayingWith(page, '4000 0000 0000 0002');
  await expect(page.getByText('Your card was declined.')).toBeVisible();
  expect((await emulatorStripe.subscriptions.retrieve(subscriptionId)).items.data[0]!.price.lookup_key).toBe(plans.subscribed.lookupKey);

  await switchPayingWith(page, '4000 0027 6000 3184');
  await page.getByRole('button', { name: 'Fail authentication' }).click();
  await expect(page.getByText('We are unable to authenticate your payment method.', { exact: false })).toBeVisible();
  expect((await emulatorStripe.subscriptions.retrieve(subscriptionId)).items.data[0]!.price.lookup_key).toBe(plans.subscribed.lookupKey);
  await page.goto('/account/return');
  await expect(page.getByTestId('subscription-price')).toHaveText(plans.subscribed.priceText);

  await switchPayingWith(page, '4000 0027 6000 3184');
  await page.getByRole('button', { name: 'Complete authentication' }).click();
  await returnFromPortal(page);
  await expect(page).toHaveURL('/account');
  await expect(page.getByTestId('subscription-price')).toHaveText(plans.other.priceText);
  const switched = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  expect(switched.items.data[0]!.price.lookup_key).toBe(plans.other.lookupKey);
  expect(switched.status).toBe('active');
});
