import { expect, test, type Page } from '@playwright/test';
import Stripe from 'stripe';
import { fillCard, returnFromPortal, signIn, uniqueEmail } from '../support/billing';
import { plans, promotionCode } from '../support/catalog';

// Runs against the second e2e server: webhooks on, landing-page sync off
// (BILLING_LANDING_SYNC=off). Whatever /account shows here arrived by webhook.

const emulatorPort = Number(process.env.E2E_EMULATOR_PORT ?? 12197) + 1;
const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
const stripe = new Stripe('sk_test_e2e', { host: '127.0.0.1', port: emulatorPort, protocol: 'http', maxNetworkRetries: 0 });

async function subscribe(page: Page, label: string) {
  const email = uniqueEmail(label);
  await signIn(page, email, '/pricing');
  await page.locator(`[data-plan="${plans.subscribed.key}"]`).getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(new RegExp(`^${emulatorUrl}/`));
  await fillCard(page, '4242 4242 4242 4242');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await expect(page).toHaveURL(/\/account\/subscribed/);
  // The success page did not sync; the subscription appears once its webhooks land.
  await expect(async () => {
    await page.goto('/account');
    await expect(page.getByTestId('subscription')).toHaveCount(1, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  const [customer] = (await stripe.customers.list({ email })).data;
  const [subscription] = (await stripe.subscriptions.list({ customer: customer!.id })).data;
  return { subscriptionId: subscription!.id };
}

/** Reloads /account until `check` passes: webhooks arrive a moment after the redirect. */
async function eventually(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.goto('/account');
    await check();
  }).toPass({ timeout: 15_000 });
}

test('Update card reaches /account through webhooks alone', async ({ page }) => {
  await subscribe(page, 'wh-card');
  await page.getByRole('button', { name: 'Update card' }).click();
  await fillCard(page, '5555 5555 5555 4444');
  await page.getByRole('button', { name: 'Add card' }).click();
  await expect(page).toHaveURL('/account/payment-method-updated');
  await eventually(page, () => expect(page.getByTestId('card-last4')).toHaveText('4444', { timeout: 500 }));
});

test('Cancel reaches /account through webhooks alone', async ({ page }) => {
  await subscribe(page, 'wh-cancel');
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByRole('button', { name: 'No thanks' }).click();
  await page.getByRole('button', { name: 'Cancel subscription' }).click();
  await expect(page).toHaveURL(/\/account\/subscription-canceled/);
  await eventually(page, () => expect(page.getByTestId('subscription-ending')).toContainText('Cancels on', { timeout: 500 }));
});

test('Change plan reaches /account through webhooks alone', async ({ page }) => {
  await subscribe(page, 'wh-change');
  await page.getByRole('button', { name: 'Change plan' }).click();
  await page.getByLabel(plans.other.portalChoice).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/account\/plan-updated/);
  await eventually(page, () => expect(page.getByTestId('subscription-price')).toHaveText(plans.other.priceText, { timeout: 500 }));
});

test('Switch to … with a promotion code reaches /account through webhooks alone', async ({ page }) => {
  const { subscriptionId } = await subscribe(page, 'wh-switch');
  await page.goto('/pricing');
  // An upgrade, which takes effect at once (a downgrade waits for the period's end: plans-over-time.spec.ts).
  const other = page.locator(`[data-plan="${plans.other.key}"]`);
  await other.getByLabel('Promotion code (optional)').fill(promotionCode);
  await other.getByRole('button', { name: `Switch to ${plans.other.name}` }).click();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await returnFromPortal(page);
  await eventually(page, () => expect(page.getByTestId('subscription-price')).toHaveText(plans.other.priceText, { timeout: 500 }));
  const subscription = await stripe.subscriptions.retrieve(subscriptionId);
  expect(subscription.items.data[0]?.price.lookup_key).toBe(plans.other.lookupKey);
});

test('Edit billing details (a tax ID too) reaches /account through webhooks alone', async ({ page }) => {
  await subscribe(page, 'wh-details');
  await page.getByRole('button', { name: 'Edit billing details' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Webhook Name');
  await page.getByLabel('Tax ID type').selectOption('gb_vat');
  await page.getByLabel('Tax ID', { exact: true }).fill('GB987654321');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL('/account/billing-details-updated');
  await eventually(page, async () => {
    await expect(page.getByTestId('billing-name')).toHaveText('Webhook Name', { timeout: 500 });
    await expect(page.getByTestId('billing-tax-ids')).toHaveText('GB987654321', { timeout: 500 });
  });
});

test('Pause, then Resume, reach /account through webhooks alone', async ({ page }) => {
  const { subscriptionId } = await subscribe(page, 'wh-pause');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Pause subscription' }).click();
  await expect(page).toHaveURL(`/account/subscription-paused?subscription=${subscriptionId}`);
  await eventually(page, () => expect(page.getByTestId('subscription-paused')).toContainText('Paused until', { timeout: 500 }));
  await page.getByRole('button', { name: 'Resume subscription' }).click();
  await expect(page).toHaveURL(`/account/subscription-resumed?subscription=${subscriptionId}`);
  await eventually(page, () => expect(page.getByTestId('subscription-status')).toHaveText('Active', { timeout: 500 }));
});
