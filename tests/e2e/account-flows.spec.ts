import { expect, test } from '@playwright/test';
import {
  captureForm,
  emulatorStripe,
  emulatorUrl,
  fillCard,
  portalSessionsFor,
  postForm,
  returnFromPortal,
  subscribedCustomer,
  signIn,
  uniqueEmail,
  withField,
} from './support/billing';
import { plans, promotionCode, retentionDiscountText, switchConfirmationMessage } from './support/catalog';

// Every button on /account, from the click to our landing page, against the
// emulator's hosted portal. Webhooks are off for the e2e server, so what the
// landing page shows is what its own sync brought back from Stripe.

test('Subscribe through Checkout shows the plan on /account', async ({ page }) => {
  await subscribedCustomer(page, 'subscribe');
  await expect(page.getByTestId('notice')).toContainText(`Welcome to ${plans.subscribed.name}`);
  await expect(page.getByTestId('subscription-price')).toHaveText(plans.subscribed.priceText);
  await expect(page.getByTestId('card-last4')).toHaveText('4242');
});

test('two concurrent Subscribe submissions create one Stripe customer', async ({ page }) => {
  const email = uniqueEmail('double-subscribe');
  await signIn(page, email, '/pricing');
  // A full page load: forms rendered by client-side navigation carry no fields for a no-JavaScript post.
  await page.goto('/pricing');
  const subscribe = await captureForm(page, 'Subscribe', page.locator(`[data-plan="${plans.subscribed.key}"]`));
  const [first, second] = await Promise.all([postForm(subscribe), postForm(subscribe)]);
  for (const response of [first, second]) {
    expect(response.status).toBe(303);
    expect(response.location.startsWith(`${emulatorUrl}/`)).toBe(true);
  }
  const customers = await emulatorStripe.customers.list({ email, limit: 10 });
  expect(customers.data).toHaveLength(1);
});

test('Update card: a new card becomes the default', async ({ page }) => {
  const { customerId } = await subscribedCustomer(page, 'card');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Update card' }).click();
  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  await fillCard(page, '4000 0000 0000 0002');
  await page.getByRole('button', { name: 'Add card' }).click();
  await expect(page.getByText('Your card was declined.')).toBeVisible();

  await fillCard(page, '5555 5555 5555 4444');
  await page.getByRole('button', { name: 'Add card' }).click();
  await expect(page).toHaveURL('/account/payment-method-updated');
  await expect(page.getByTestId('notice')).toContainText('ending in 4444');
  await expect(page.getByTestId('card-last4')).toHaveText('4444');
  const customer = (await emulatorStripe.customers.retrieve(customerId)) as { invoice_settings: { default_payment_method: string } };
  const card = await emulatorStripe.paymentMethods.retrieve(customer.invoice_settings.default_payment_method);
  expect(card.card?.last4).toBe('4444');
});

test('Cancel: declining the offer sets the subscription to end, and the button goes away', async ({ page }) => {
  const { subscriptionId } = await subscribedCustomer(page, 'cancel');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  await page.getByRole('button', { name: 'No thanks' }).click();
  await page.getByLabel('Too expensive').check();
  await page.getByRole('button', { name: 'Cancel subscription' }).click();

  await expect(page).toHaveURL(`/account/subscription-canceled?subscription=${subscriptionId}`);
  await expect(page.getByTestId('notice')).toContainText(`Your ${plans.subscribed.name} subscription will end on`);
  await expect(page.getByTestId('notice')).toContainText(/will end on \w+ \d+, \d{4}/);
  await expect(page.getByTestId('subscription-ending')).toContainText('Cancels on');
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  const subscription = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  expect(subscription.cancel_at_period_end || subscription.cancel_at !== null).toBe(true);
  expect(subscription.cancellation_details?.feedback).toBe('too_expensive');
});

test('Cancel: accepting the retention offer keeps the plan with the discount', async ({ page }) => {
  const { subscriptionId } = await subscribedCustomer(page, 'retain');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByRole('button', { name: 'Accept offer' }).click();

  await expect(page).toHaveURL(`/account/subscription-canceled?subscription=${subscriptionId}`);
  await expect(page.getByTestId('notice')).toContainText(`Thanks for staying on ${plans.subscribed.name}`);
  await expect(page.getByTestId('subscription-discount')).toContainText(retentionDiscountText);
  await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toBeVisible();
  const subscription = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  expect(subscription.cancel_at_period_end).toBe(false);
  expect(subscription.discounts).toHaveLength(1);
});

test('Change plan: the chosen plan shows after confirming', async ({ page }) => {
  const { subscriptionId } = await subscribedCustomer(page, 'change');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Change plan' }).click();
  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  await page.getByLabel(plans.other.portalChoice).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();

  await expect(page).toHaveURL(`/account/plan-updated?subscription=${subscriptionId}`);
  await expect(page.getByTestId('notice')).toContainText(`You are now on ${plans.other.name}`);
  await expect(page.getByTestId('subscription-price')).toHaveText(plans.other.priceText);
});

test('Switch to … from pricing with a promotion code, through the hosted confirmation', async ({ page }) => {
  const { subscriptionId } = await subscribedCustomer(page, 'switch');
  await page.goto('/pricing?interval=year');
  const target = page.locator(`[data-plan="${plans.otherYearly.key}"]`);
  // Typed in lower case: codes are matched case-insensitively, as Stripe does.
  await target.getByLabel('Promotion code (optional)').fill(promotionCode.toLowerCase());
  await target.getByRole('button', { name: `Switch to ${plans.otherYearly.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByText(switchConfirmationMessage)).toBeVisible();
  await returnFromPortal(page);

  const subscription = await emulatorStripe.subscriptions.retrieve(subscriptionId);
  expect(subscription.items.data[0]?.price.lookup_key).toBe(plans.otherYearly.lookupKey);
  // Stripe applies the code's coupon to the invoice for the change.
  const [invoice] = (await emulatorStripe.invoices.list({ subscription: subscriptionId, limit: 1 })).data;
  expect(invoice?.total_discount_amounts?.[0]?.amount).toBeGreaterThan(0);

  await expect(page).toHaveURL('/account');
  await expect(page.getByTestId('subscription-price')).toHaveText(plans.otherYearly.priceText);
});

test('an unknown promotion code is refused before any portal session', async ({ page }) => {
  const { customerId } = await subscribedCustomer(page, 'badcode');
  const before = await portalSessionsFor(customerId);
  await page.goto('/pricing');
  const third = page.locator(`[data-plan="${plans.third.key}"]`);
  await third.getByLabel('Promotion code (optional)').fill('NOPE2026');
  await third.getByRole('button', { name: `Switch to ${plans.third.name}` }).click();
  await expect(third.getByRole('status')).toHaveText('The promotion code “NOPE2026” is not valid.');
  await expect(page).toHaveURL('/pricing');
  expect(await portalSessionsFor(customerId)).toBe(before);
});

test('Manage billing, then backing out through “Return to …”', async ({ page }) => {
  await subscribedCustomer(page, 'manage');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Manage billing' }).click();
  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  await expect(page.getByRole('heading', { name: 'Current subscriptions' })).toBeVisible();
  await returnFromPortal(page);
  await expect(page).toHaveURL('/account');
  await expect(page.getByTestId('subscription')).toHaveCount(1);
});

test('a new customer with no subscription sees the empty states', async ({ page }) => {
  await signIn(page, uniqueEmail('empty'));
  await expect(page.getByTestId('no-subscription')).toContainText('You have no subscription yet');
  await expect(page.getByRole('link', { name: 'See plans' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Manage billing' })).toHaveCount(0);
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('Cancel and Update card still reach the portal', async ({ page }) => {
    // The seeded demo customer; this test only opens portal sessions and changes nothing.
    await signIn(page, 'demo@example.com');
    await page.getByRole('button', { name: 'Update card' }).click();
    await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
    await expect(page.getByLabel('Card number')).toBeVisible();

    await page.goto('/account');
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  });
});

test('another customer’s subscription id gets “not found” and no portal session', async ({ page, browser }) => {
  const other = await browser.newPage();
  const victim = await subscribedCustomer(other, 'victim');
  await other.close();

  const attacker = await subscribedCustomer(page, 'attacker');
  for (const button of ['Cancel', 'Change plan']) {
    await page.goto('/account');
    const before = await portalSessionsFor(attacker.customerId, victim.customerId);
    const form = page.locator('form', { has: page.getByRole('button', { name: button, exact: true }) });
    await form
      .locator('input[name="subscriptionId"]')
      .evaluate((input, id) => ((input as HTMLInputElement).value = id), victim.subscriptionId);
    await form.getByRole('button', { name: button, exact: true }).click();
    await expect(form.getByRole('status')).toHaveText('We could not find that subscription.');
    expect(await portalSessionsFor(attacker.customerId, victim.customerId)).toBe(before);
  }
  // The same through "Switch to …" on the pricing page.
  await page.goto('/pricing');
  const switchForm = await captureForm(page, `Switch to ${plans.other.name}`, page.locator(`[data-plan="${plans.other.key}"]`));
  const before = await portalSessionsFor(attacker.customerId, victim.customerId);
  const response = await postForm(switchForm, { fields: withField(switchForm.fields, 'subscriptionId', victim.subscriptionId) });
  expect(response.location).toBe('');
  expect(response.text).toContain('We could not find that subscription.');
  expect(await portalSessionsFor(attacker.customerId, victim.customerId)).toBe(before);

  const untouched = await emulatorStripe.subscriptions.retrieve(victim.subscriptionId);
  expect(untouched.cancel_at_period_end).toBe(false);
  expect(untouched.items.data[0]?.price.lookup_key).toBe(plans.subscribed.lookupKey);
});
